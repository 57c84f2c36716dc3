"""Filters by the municipality behind a row (its population, prefecture, region,
kind or code), for every list: ``prefix`` leads from the row to the municipality
(``""`` for municipalities, ``"municipality__"`` for case studies, questions and
visit offers). The list of municipalities declares its filter set here too."""

from django.core.cache import cache
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from yokoten.filtering import (
    BandFilter,
    ChoiceFilter,
    ListFilter,
    ListFilterSet,
    RegexFilter,
    SearchFilter,
)
from yokoten.i18n import in_english

from .bands import POPULATION
from .chooser import MunicipalityChoiceField
from .held import ids_in_prefecture
from .models import Kind, Prefecture, Region
from .peers import POOL, peers_of
from .romaji import PREFECTURES_EN

POPULATION_PARTS = {
    "band": pgettext_lazy("population filter", "Band"),
    "min": pgettext_lazy("population filter", "or from (people)"),
    "max": pgettext_lazy("population filter", "to under (people)"),
}
MUNICIPAL_KINDS = [choice for choice in Kind.choices if choice[0] != Kind.PREFECTURE]


def population_range_label(band) -> str:
    """A free range as a reader says it: 「1万人以上5万人未満」 (numbers in full)."""
    low, high = f"{band.minimum:,}", band.maximum
    if high is None:
        return _("%(low)s people or more") % {"low": low}
    high = f"{high:,}"
    if not band.minimum:
        return _("under %(high)s people") % {"high": high}
    return _("%(low)s to under %(high)s people") % {"low": low, "high": high}


# The 47 prefectures, once read in full: they do not change while a process lives.
_PREFECTURES: list[tuple[str, str]] = []


def prefecture_choices() -> list[tuple[str, str]]:
    """(code, name) of the 47 prefectures, kept by the process once all 47 are loaded
    (they do not change), and in the cache until then; the names in English on an
    English page."""
    choices = _PREFECTURES or cache.get_or_set(
        "municipalities:prefecture-choices",
        lambda: list(Prefecture.objects.order_by("code").values_list("code", "name")),
        None,
    )
    if len(choices) == len(PREFECTURES_EN) and not _PREFECTURES:
        _PREFECTURES[:] = choices
    if in_english():
        return [(code, PREFECTURES_EN.get(code, name)) for code, name in choices]
    return choices


def population_filter(prefix: str = "", *, label) -> BandFilter:
    return BandFilter(
        prefix,
        bands=POPULATION,
        labels=POPULATION_PARTS,
        range_label=population_range_label,
        label=label,
    )


class PrefectureFilter(ChoiceFilter):
    """A row's prefecture, asked of the row's own municipality column: as the ids of
    the prefecture's municipalities (``ids_in_prefecture``, held by the process), whose
    share of the rows the database's statistics know one by one (planner.py). Through a
    join to the prefecture the planner would expect as many questions from 茨城県 as
    from 北海道, and walk all 100,000 questions newest first to find 茨城県's two."""

    def __init__(self, prefix: str, *, label):
        super().__init__(
            f"{prefix}prefecture__code", choices=prefecture_choices, facet_all=False, label=label
        )
        self.municipality_path = prefix.removesuffix("__")

    def condition(self, value):
        if not self.municipality_path:
            return super().condition(value)
        return Q(**{f"{self.municipality_path}__in": ids_in_prefecture(value)})


def prefecture_filter(prefix: str = "", *, label) -> ChoiceFilter:
    return PrefectureFilter(prefix, label=label)


def region_filter(prefix: str = "", *, label) -> ChoiceFilter:
    return ChoiceFilter(f"{prefix}prefecture__region", choices=Region.choices, label=label)


def kind_filter(prefix: str = "", *, label, choices=MUNICIPAL_KINDS) -> ChoiceFilter:
    return ChoiceFilter(f"{prefix}kind", choices=choices, label=label)


def code_filter(prefix: str = "", *, label) -> RegexFilter:
    return RegexFilter(f"{prefix}code", regex=r"^\d{6}$", max_length=6, label=label)


class SimilarToFilter(ListFilter):
    """Rows of the towns most like one municipality (類似団体, ``peers_of``), typed as
    its code, name or reading: ``?similar_to=082104``. ``path`` leads from the row
    to its municipality (``"municipality"``); the chip reads 「下妻市に似た自治体」."""

    field_class = MunicipalityChoiceField

    def condition(self, municipality):
        return Q(
            **{f"{self.field_name}__in": [peer.pk for peer in peers_of(municipality, limit=POOL)]}
        )

    def display(self, municipality):
        return _("Towns like %(name)s") % {"name": municipality.local_name}


def similar_to_filter(path: str = "municipality") -> SimilarToFilter:
    return SimilarToFilter(
        path,
        label=pgettext_lazy("similar to filter", "Towns like (類似団体)"),
        help_text=pgettext_lazy(
            "similar to filter",
            "A municipality's name, reading or code: shows what the towns closest to it "
            "in population and kind have done.",
        ),
    )


class MunicipalityFilterSet(ListFilterSet):
    """/municipalities/ and /api/v1/municipalities."""

    q = SearchFilter(
        label=pgettext_lazy("municipality filter", "Name or reading"),
        max_length=100,
        placeholder=pgettext_lazy("municipality filter", "e.g. Shimotsuma"),
    )
    prefecture = prefecture_filter(label=pgettext_lazy("municipality filter", "Prefecture"))
    region = region_filter(label=pgettext_lazy("municipality filter", "Region"))
    kind = kind_filter(label=pgettext_lazy("municipality filter", "Kind"), choices=Kind.choices)
    population = population_filter(label=pgettext_lazy("municipality filter", "Population"))

    def search(self, queryset, query, *, limit=None):
        return queryset.matching(query), {}
