"""Publishing an offer, and the filters of /visits/ (and the API)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.models import Page

from community.municipalities.bands import POPULATION_BAND_CHOICES
from community.municipalities.models import Municipality, Prefecture, Region
from community.search.index import filter_queryset

from ..models import WEEKDAY_CHOICES, Category, Tool, VisitFormat, VisitOffer, pack, unpack
from ..services import Blackout
from .fields import ANY_CHOICE, DATE, TIME, topic_pages


class OfferForm(forms.ModelForm):
    PACKED = ("formats", "tools", "categories", "weekdays")

    formats = forms.MultipleChoiceField(
        label=_("Formats"), choices=VisitFormat.choices, widget=forms.CheckboxSelectMultiple
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Case studies, templates and curricula shown"),
        queryset=Page.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    tools = forms.MultipleChoiceField(
        label=_("Tools"), choices=Tool.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    categories = forms.MultipleChoiceField(
        label=_("Categories"),
        choices=Category.choices,
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

    def clean_tools(self):
        return self._packed("tools")

    def clean_categories(self):
        return self._packed("categories")

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


class OfferFilterForm(forms.Form):
    """The filters of /visits/ and the API, all optional, all in the URL."""

    q = forms.CharField(
        label=pgettext_lazy("visit filter", "Keywords"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("e.g. kintone 窓口")}),
    )
    population_band = forms.ChoiceField(
        label=pgettext_lazy("visit filter", "Population of the host"),
        required=False,
        choices=ANY_CHOICE + POPULATION_BAND_CHOICES,
    )
    prefecture = forms.ChoiceField(
        label=pgettext_lazy("visit filter", "Prefecture"), required=False
    )
    region = forms.ChoiceField(
        label=pgettext_lazy("visit filter", "Region"),
        required=False,
        choices=ANY_CHOICE + list(Region.choices),
    )
    format = forms.ChoiceField(
        label=pgettext_lazy("visit filter", "Format"),
        required=False,
        choices=ANY_CHOICE + list(VisitFormat.choices),
    )
    tool = forms.ChoiceField(
        label=pgettext_lazy("visit filter", "Tool"),
        required=False,
        choices=ANY_CHOICE + list(Tool.choices),
    )
    category = forms.ChoiceField(
        label=pgettext_lazy("visit filter", "Category"),
        required=False,
        choices=ANY_CHOICE + list(Category.choices),
    )
    online = forms.BooleanField(
        label=pgettext_lazy("visit filter", "Online possible"), required=False
    )
    free = forms.BooleanField(label=pgettext_lazy("visit filter", "Free of charge"), required=False)
    council_members = forms.BooleanField(
        label=pgettext_lazy("visit filter", "Accepts council members"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["prefecture"].choices = ANY_CHOICE + list(
            Prefecture.objects.order_by("code").values_list("code", "name")
        )


def filter_offers(queryset, data: dict):
    """Apply cleaned filter values (from the form or the API) to an offer queryset;
    the keyword query last, so that it ranks within the other filters."""
    hosts = Municipality.objects.all()
    if data.get("population_band"):
        hosts = hosts.in_population_band(data["population_band"])
    if data.get("prefecture"):
        hosts = hosts.in_prefecture(data["prefecture"])
    if data.get("region"):
        hosts = hosts.in_region(data["region"])
    if any(data.get(key) for key in ("population_band", "prefecture", "region")):
        queryset = queryset.hosted_by(hosts)
    if data.get("format"):
        queryset = queryset.offering(data["format"])
    if data.get("tool"):
        queryset = queryset.using_tool(data["tool"])
    if data.get("category"):
        queryset = queryset.in_category(data["category"])
    if data.get("online"):
        queryset = queryset.online_possible()
    if data.get("free"):
        queryset = queryset.free_of_charge()
    if data.get("council_members"):
        queryset = queryset.accepting_council_members()
    if data.get("q"):
        queryset, _snippets = filter_queryset(queryset, data["q"])
    return queryset
