import uuid

from django import forms


class OnceForm(forms.Form):
    """A form whose repeated submission creates one thing (see ``community.submissions``).
    The token is made when the form is shown; a re-shown form keeps the one it was sent."""

    submission = forms.UUIDField(widget=forms.HiddenInput, required=False, initial=uuid.uuid4)


class OnceModelForm(forms.ModelForm):
    submission = forms.UUIDField(widget=forms.HiddenInput, required=False, initial=uuid.uuid4)
