from django import forms
from django.utils.translation import gettext_lazy as _

from casestudies.cases.forms import MunicipalityScopedPageForm


def _valid_forms(formset):
    """The child forms that will be saved (the formset validated, deleted rows skipped)."""
    if formset is None or not formset.is_valid():
        return []
    return [
        form for form in formset.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


class AppTemplateAdminForm(MunicipalityScopedPageForm):
    used_by = forms.MultipleChoiceField(
        label=_("Who uses it"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import UsedBy

        self.fields["used_by"].choices = UsedBy.choices

    def clean_derived_from(self):
        parent = self.cleaned_data.get("derived_from")
        if parent is None or not self.instance.pk:
            return parent
        from .models import AppTemplatePage

        seen = {self.instance.pk}
        ancestor = parent
        while ancestor is not None:
            if ancestor.pk in seen:
                raise forms.ValidationError(
                    _(
                        "A template cannot be derived from itself or from a template derived from it."
                    )
                )
            seen.add(ancestor.pk)
            ancestor = AppTemplatePage.objects.filter(pk=ancestor.derived_from_id).first()
        return parent

    def clean(self):
        cleaned = super().clean()
        numbers = set()
        for form in _valid_forms(self.formsets.get("versions")):
            number = form.cleaned_data.get("number")
            if number in numbers:
                form.add_error("number", _("Each version needs its own number."))
            numbers.add(number)
        return cleaned
