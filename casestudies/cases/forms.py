from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from casestudies.knowledge.slugs import available_slug, needs_readable_slug, readable_slug
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

    def clean_slug(self):
        """A Japanese slug (Wagtail fills the slug from the title as it is typed)
        becomes the title's words in romaji: ``/casestudies/kintone-madoguchi-shinsei/``,
        not 300 percent-encoded characters. A slug the page already had stays."""
        slug = self.cleaned_data.get("slug", "")
        if not slug or not needs_readable_slug(slug) or slug == self.instance.slug:
            return slug
        title = self.cleaned_data.get("title") or self.data.get("title") or slug
        parent = getattr(self, "parent_page", None)
        base = readable_slug(title)
        return available_slug(base, parent, self.instance) if parent is not None else base

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
