from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from community.municipalities.models import Municipality


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, member):
        return member.public_name


class HandoverForm(forms.Form):
    """Who hands over to whom, for which municipality (the view checks who may)."""

    municipality = forms.ModelChoiceField(
        Municipality.objects.all(), to_field_name="code", widget=forms.HiddenInput
    )
    predecessor = MemberChoiceField(
        get_user_model().objects.all(), label=_("Predecessor"), widget=forms.HiddenInput
    )
    successor = MemberChoiceField(
        get_user_model().objects.none(),
        label=_("Successor"),
        empty_label=_("Choose a colleague"),
        error_messages={"required": _("Choose who takes over.")},
    )
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, colleagues=None, **kwargs):
        super().__init__(*args, **kwargs)
        if colleagues is not None:
            self.fields["successor"].queryset = colleagues
