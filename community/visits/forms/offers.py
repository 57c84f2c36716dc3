"""Publishing an offer (its filters are in community/visits/filters.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from community.taxonomy.models import Category, Tool

from ..models import WEEKDAY_CHOICES, VisitFormat, VisitOffer, pack, unpack
from ..services import Blackout
from .fields import DATE, TIME, topic_pages


class OfferForm(forms.ModelForm):
    PACKED = ("formats", "weekdays")

    formats = forms.MultipleChoiceField(
        label=_("Formats"), choices=VisitFormat.choices, widget=forms.CheckboxSelectMultiple
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Case studies, templates and curricula shown"),
        queryset=Page.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    tools = forms.ModelMultipleChoiceField(
        label=_("Tools"),
        queryset=Tool.objects.all(),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    categories = forms.ModelMultipleChoiceField(
        label=_("Categories"),
        queryset=Category.objects.all(),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    weekdays = forms.MultipleChoiceField(
        label=_("Weekdays accepted"),
        choices=WEEKDAY_CHOICES,
        initial=["0", "1", "2", "3", "4"],
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = VisitOffer
        fields = [
            "title",
            "summary",
            "formats",
            "topics",
            "tools",
            "categories",
            "weekdays",
            "accepted_from",
            "accepted_until",
            "start_time",
            "duration_minutes",
            "max_party_size",
            "lead_time_days",
            "fee_yen",
            "fee_note",
            "advance_materials",
            "contact_department",
            "notify_email",
            "accepts_council_members",
            "accepts_companies",
            "accepts_students",
            "open_on_holidays",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 6}),
            "advance_materials": forms.Textarea(attrs={"rows": 3}),
            "accepted_from": DATE,
            "accepted_until": DATE,
            "start_time": TIME,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].queryset = topic_pages(self.instance)
        self.fields["max_party_size"].min_value = 1
        if self.instance.pk:
            for name in self.PACKED:
                self.initial[name] = unpack(getattr(self.instance, name))
            self.initial["topics"] = [link.page_id for link in self.instance.topic_links.all()]

    def _packed(self, name):
        return pack(self.cleaned_data.get(name) or [])

    def clean_formats(self):
        return self._packed("formats")

    def clean_weekdays(self):
        return self._packed("weekdays")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("accepted_from"), cleaned.get("accepted_until")
        if start and end and end < start:
            self.add_error(
                "accepted_until", _("The end of the period must not be before its start.")
            )
        return cleaned


class BlackoutForm(forms.Form):
    label = forms.CharField(
        label=_("Reason"), max_length=60, help_text=_("e.g. 6月定例会, 確定申告期間")
    )
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE)
    ends_on = forms.DateField(label=_("Ends on (inclusive)"), widget=DATE)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("starts_on"), cleaned.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("The end of the period must not be before its start."))
        return cleaned


BlackoutFormSet = forms.formset_factory(BlackoutForm, extra=2, can_delete=True, max_num=30)


def blackout_formset(data=None, offer: VisitOffer | None = None):
    initial = [
        {"label": b.label, "starts_on": b.starts_on, "ends_on": b.ends_on}
        for b in (offer.blackouts.all() if offer and offer.pk else [])
    ]
    return BlackoutFormSet(data, initial=initial, prefix="blackouts")


def blackouts_from(formset) -> list[Blackout]:
    return [
        Blackout(
            form.cleaned_data["label"], form.cleaned_data["starts_on"], form.cleaned_data["ends_on"]
        )
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]
