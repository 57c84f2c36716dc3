import unicodedata

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.contrib.auth.hashers import make_password
from django.utils.translation import gettext_lazy as _

from community.municipalities.models import Municipality

from .models import SharedField, User, VerificationRequest


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = [
            "display_name",
            "display_name_kana",
            "municipality",
            "department",
            "job_title",
            "bio",
            "expertise",
            "profile_visibility",
            "in_people_finder",
            "accepts_questions",
            "accepts_visits",
        ]
        widgets = {
            "municipality": forms.TextInput(
                attrs={"list": "municipality-options", "autocomplete": "off"}
            ),
            "display_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "department": forms.TextInput(attrs={"autocomplete": "organization"}),
            "job_title": forms.TextInput(attrs={"autocomplete": "organization-title"}),
            "bio": forms.Textarea(attrs={"rows": 4}),
            "profile_visibility": forms.RadioSelect,
        }
        help_texts = {
            "display_name": _("Shown beside everything you post. Your email address never is.")
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["display_name"].required = True
        self.fields["municipality"] = MunicipalityField(
            label=_("municipality"),
            required=False,
            help_text=User._meta.get_field("municipality").help_text,
        )
        if self.instance.municipality_id:
            self.initial["municipality"] = self.instance.municipality.display_name
        self.fields["shared_fields"] = forms.MultipleChoiceField(
            label=User._meta.get_field("shared_fields").verbose_name,
            choices=SharedField.choices,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text=_(
                "In the people finder, verified staff and moderators see all of these; "
                "other members see your name and only what you tick here."
            ),
        )
        self.initial["shared_fields"] = self.instance.shared_field_list

    def save(self, commit=True):
        self.instance.set_shared_fields(self.cleaned_data.get("shared_fields") or [])
        return super().save(commit)


class MunicipalityField(forms.CharField):
    """A municipality typed as its code or name (「下妻市」「茨城県 下妻市」「082104」),
    with a <datalist> of every name for suggestions; ambiguous names ask for the prefecture."""

    widget = forms.TextInput(attrs={"list": "municipality-options", "autocomplete": "off"})

    def clean(self, value):
        value = unicodedata.normalize("NFKC", super().clean(value) or "").strip()
        if not value:
            return None
        candidates = Municipality.objects.select_related("prefecture")
        if value.isdigit():
            match = candidates.filter(code=value)
        else:
            prefecture, _sep, name = value.rpartition(" ")
            match = candidates.filter(name=name)
            if prefecture:
                match = match.filter(prefecture__name=prefecture)
        found = list(match[:2])
        if not found:
            raise forms.ValidationError(
                _("No municipality is called “%(value)s”."), params={"value": value}
            )
        if len(found) > 1:
            raise forms.ValidationError(
                _(
                    "Several municipalities are called “%(value)s”: add the prefecture, e.g. “北海道 %(value)s”."
                ),
                params={"value": value},
            )
        return found[0]


class VerificationRequestForm(forms.ModelForm):
    municipality = MunicipalityField(label=_("municipality"))

    class Meta:
        model = VerificationRequest
        fields = ["municipality", "department", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 4})}


class DecisionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (sent to the member)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReasonRequiredForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (sent to the member)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DeleteAccountForm(forms.Form):
    confirm = forms.CharField(
        label=_("Type 退会する to confirm"),
        help_text=_(
            "Your profile, email addresses and verification are deleted. Your posts stay, shown as 退会したユーザー."
        ),
    )

    def clean_confirm(self):
        value = self.cleaned_data["confirm"].strip()
        if value not in ("退会する", "delete"):
            raise forms.ValidationError(_("Type 退会する exactly to delete your account."))
        return value


class SignupForm(AllauthSignupForm):
    """allauth's sign-up, with the same work whether or not the address has an
    account: a new account hashes its password (the slow part, by design), so an
    address that has one hashes the typed password too before allauth emails its
    owner, and neither answer tells the two apart by its time (issue 12, finding 5)."""

    def try_save(self, request):
        if self.account_already_exists:
            make_password(self.cleaned_data.get("password1"))  # thrown away
        return super().try_save(request)
