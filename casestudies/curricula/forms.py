from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.submissions.forms import OnceModelForm

from .models import CurriculumDelivery


class DeliveryForm(OnceModelForm):
    class Meta:
        model = CurriculumDelivery
        fields = [
            "delivered_on",
            "sessions",
            "participants",
            "survey_before",
            "survey_after",
            "note",
        ]
        widgets = {"delivered_on": forms.DateInput(attrs={"type": "date"})}
        help_texts = {
            "delivered_on": _("The date of the first session of this run."),
            "participants": _("Everyone who attended, over all sessions."),
            "survey_before": _("Optional: the average self-assessment before the course."),
            "survey_after": _("Optional: the average self-assessment after the course."),
        }

    def clean_delivered_on(self):
        delivered_on = self.cleaned_data["delivered_on"]
        if delivered_on > timezone.localdate():
            raise forms.ValidationError(_("Record a delivery once it has happened."))
        return delivered_on

    def clean(self):
        cleaned = super().clean()
        for name in ("survey_before", "survey_after"):
            value = cleaned.get(name)
            if value is not None and not 0 <= value <= 100:
                self.add_error(name, _("Give a number between 0 and 100."))
        return cleaned
