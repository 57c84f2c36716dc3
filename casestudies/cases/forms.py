from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from community.accounts.permissions import may_moderate, may_publish_case_studies
from community.municipalities.models import Municipality


class MunicipalityScopedPageForm(WagtailAdminPageForm):
    """Verified staff write for their own municipality only: the choice is
    narrowed to it and re-checked on save. Moderators and admins choose any."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self, "for_user", None)
        field = self.fields.get("municipality")
        if field is None or user is None:
            return
        field.queryset = Municipality.objects.select_related("prefecture")
        field.label_from_instance = lambda municipality: municipality.display_name
        if not (user.is_superuser or may_moderate(user)):
            field.queryset = field.queryset.filter(pk=user.staff_municipality_id)
            field.empty_label = None
            if not self.instance.municipality_id:
                self.initial["municipality"] = user.staff_municipality_id

    def clean_municipality(self):
        municipality = self.cleaned_data.get("municipality")
        user = getattr(self, "for_user", None)
        restricted = user is not None and not (user.is_superuser or may_moderate(user))
        if municipality and restricted and not may_publish_case_studies(user, municipality):
            raise forms.ValidationError(
                _("You can only write for the municipality you are verified staff of.")
            )
        return municipality


class CaseStudyAdminForm(MunicipalityScopedPageForm):
    agreed_with = forms.MultipleChoiceField(
        label=_("departments that had to agree"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        from .models import AgreementDepartment

        super().__init__(*args, **kwargs)
        self.fields["agreed_with"].choices = AgreementDepartment.choices
