from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .bands import POPULATION_BAND_CHOICES
from .models import Kind, Prefecture, Region

_ANY = [("", pgettext_lazy("filter choice", "Any"))]


class MunicipalityFilterForm(forms.Form):
    """The filters of /municipalities/ and the API, all optional, all in the URL."""

    q = forms.CharField(
        label=pgettext_lazy("municipality filter", "Name or reading"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("e.g. 下妻 or しもつま")}),
    )
    prefecture = forms.ChoiceField(
        label=pgettext_lazy("municipality filter", "Prefecture"), required=False
    )
    region = forms.ChoiceField(
        label=pgettext_lazy("municipality filter", "Region"),
        required=False,
        choices=_ANY + list(Region.choices),
    )
    kind = forms.ChoiceField(
        label=pgettext_lazy("municipality filter", "Kind"),
        required=False,
        choices=_ANY + list(Kind.choices),
    )
    population_band = forms.ChoiceField(
        label=pgettext_lazy("municipality filter", "Population band"),
        required=False,
        choices=_ANY + POPULATION_BAND_CHOICES,
    )
    population_min = forms.IntegerField(
        label=pgettext_lazy("municipality filter", "Population from"), required=False, min_value=0
    )
    population_max = forms.IntegerField(
        label=pgettext_lazy("municipality filter", "Population under"), required=False, min_value=0
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["prefecture"].choices = _ANY + [
            (code, name)
            for code, name in Prefecture.objects.order_by("code").values_list("code", "name")
        ]

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("population_min"), cleaned.get("population_max")
        if low is not None and high is not None and low >= high:
            self.add_error(
                "population_max", _("“Population under” must be larger than “Population from”.")
            )
        return cleaned


def filter_municipalities(queryset, data: dict):
    """Apply cleaned filter values (from the form or the API) to a queryset."""
    if data.get("q"):
        queryset = queryset.matching(data["q"])
    if data.get("prefecture"):
        queryset = queryset.in_prefecture(data["prefecture"])
    if data.get("region"):
        queryset = queryset.in_region(data["region"])
    if data.get("kind"):
        queryset = queryset.of_kind(data["kind"])
    if data.get("population_band"):
        queryset = queryset.in_population_band(data["population_band"])
    return queryset.population_between(data.get("population_min"), data.get("population_max"))
