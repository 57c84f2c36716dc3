from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import MAX_METRICS, AdoptionMetric


class AdoptionForm(forms.Form):
    adopted_on = forms.DateField(
        label=_("Adopted on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("When your municipality started using it."),
    )
    version_number = forms.ChoiceField(label=_("Version you adopted"), required=False)
    notes = forms.CharField(
        label=_("Notes for other municipalities"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What you changed, what it took, what you would tell the next town."),
    )

    def __init__(self, *args, versions=(), **kwargs):
        super().__init__(*args, **kwargs)
        if versions:
            self.fields["version_number"].choices = [("", pgettext_lazy("version", "—"))] + [
                (number, number) for number in versions
            ]
        else:
            del self.fields["version_number"]

    def clean_adopted_on(self):
        adopted_on = self.cleaned_data["adopted_on"]
        if adopted_on > timezone.localdate():
            raise forms.ValidationError(_("The date of adoption cannot be in the future."))
        return adopted_on


class AdoptionMetricForm(forms.Form):
    metric = forms.CharField(label=_("Outcome"), max_length=100, required=False)
    before = forms.CharField(label=_("Before"), max_length=100, required=False)
    after = forms.CharField(label=_("After"), max_length=100, required=False)
    unit = forms.CharField(label=_("Unit"), max_length=30, required=False)

    def clean(self):
        cleaned = super().clean()
        if any(cleaned.get(name) for name in ("metric", "before", "after", "unit")):
            if not cleaned.get("metric"):
                self.add_error("metric", _("Name the outcome you measured."))
            if not cleaned.get("after"):
                self.add_error("after", _("Give the value after adopting it."))
        return cleaned

    def to_metric(self) -> AdoptionMetric | None:
        data = getattr(self, "cleaned_data", {})
        if not data.get("metric"):
            return None
        return AdoptionMetric(
            **{name: data.get(name) or "" for name in AdoptionMetric.model_fields}
        )


def metric_formset(data=None, *, initial=()) -> forms.BaseFormSet:
    """The saved metrics plus blank rows up to three (no JavaScript needed to add one)."""
    initial = list(initial)
    formset_class = forms.formset_factory(
        AdoptionMetricForm,
        extra=max(1, 3 - len(initial)),
        max_num=MAX_METRICS,
        validate_max=True,
    )
    return formset_class(data, initial=initial, prefix="metrics")
