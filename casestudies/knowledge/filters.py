"""Filters and facet counts shared by the case-study, template and curriculum
lists and their API. All state lives in the URL; a bad value is a form error,
never a crash."""

from django import forms
from django.core.cache import cache
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from community.municipalities.bands import (
    BUDGET_BAND_CHOICES,
    BUDGET_BANDS,
    POPULATION_BAND_CHOICES,
    POPULATION_BANDS,
)
from community.municipalities.models import Kind, Prefecture, Region
from community.taxonomy.models import Category, Tool

from .models import ADOPTER_BANDS

CHOICES_VERSION_KEY = "knowledge:choices-version"
ANY = [("", pgettext_lazy("filter choice", "Any"))]
SORTS = {
    "newest": ("-first_published_at", "-pk"),
    "oldest": ("first_published_at", "pk"),
    "most_adopted": ("-adoption_count", "-first_published_at", "-pk"),
}
SORT_CHOICES = [
    ("newest", pgettext_lazy("sort", "Newest")),
    ("oldest", pgettext_lazy("sort", "Oldest")),
    ("most_adopted", pgettext_lazy("sort", "Most adopted")),
]


def choice_filter(label, choices) -> forms.ChoiceField:
    """An optional filter with “Any” first (for the extra filters of one list)."""
    return forms.ChoiceField(label=label, required=False, choices=ANY + list(choices))


class KnowledgeFilterForm(forms.Form):
    q = forms.CharField(
        label=pgettext_lazy("knowledge filter", "Keywords"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("e.g. スマホ 申請")}),
    )
    population_band = forms.ChoiceField(
        label=pgettext_lazy("knowledge filter", "Population band"),
        required=False,
        choices=ANY + POPULATION_BAND_CHOICES,
    )
    population_min = forms.IntegerField(
        label=pgettext_lazy("knowledge filter", "Population from"), required=False, min_value=0
    )
    population_max = forms.IntegerField(
        label=pgettext_lazy("knowledge filter", "Population under"), required=False, min_value=0
    )
    prefecture = forms.ChoiceField(
        label=pgettext_lazy("knowledge filter", "Prefecture"), required=False
    )
    region = forms.ChoiceField(
        label=pgettext_lazy("knowledge filter", "Region"),
        required=False,
        choices=ANY + list(Region.choices),
    )
    kind = forms.ChoiceField(
        label=pgettext_lazy("knowledge filter", "Kind of municipality"),
        required=False,
        choices=ANY + [choice for choice in Kind.choices if choice[0] != Kind.PREFECTURE],
    )
    municipality = forms.RegexField(
        label=pgettext_lazy("knowledge filter", "Municipality code"),
        required=False,
        regex=r"^\d{6}$",
    )
    tool = forms.ChoiceField(label=pgettext_lazy("knowledge filter", "Tool"), required=False)
    category = forms.ChoiceField(
        label=pgettext_lazy("knowledge filter", "Category"), required=False
    )
    tag = forms.CharField(
        label=pgettext_lazy("knowledge filter", "Tag"), required=False, max_length=100
    )
    adopted_band = forms.ChoiceField(
        label=pgettext_lazy("knowledge filter", "Adopted by municipalities of"),
        required=False,
        choices=ANY + ADOPTER_BANDS.choices,
    )
    sort = forms.ChoiceField(
        label=pgettext_lazy("knowledge filter", "Sort by"),
        required=False,
        choices=SORT_CHOICES,
        initial="newest",
    )

    def __init__(self, *args, tools=None, categories=None, prefectures=None, **kwargs):
        super().__init__(*args, **kwargs)
        if tools is None or categories is None or prefectures is None:
            cached = filter_choices()
            tools = cached["tools"] if tools is None else tools
            categories = cached["categories"] if categories is None else categories
            prefectures = cached["prefectures"] if prefectures is None else prefectures
        self.fields["prefecture"].choices = ANY + list(prefectures)
        self.fields["tool"].choices = ANY + [(t.slug, t.name) for t in tools]
        self.fields["category"].choices = ANY + [(c.slug, c.name) for c in categories]

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("population_min"), cleaned.get("population_max")
        if low is not None and high is not None and low >= high:
            self.add_error(
                "population_max", _("“Population under” must be larger than “Population from”.")
            )
        return cleaned


class BudgetFilterMixin(forms.Form):
    budget_max = forms.IntegerField(
        label=pgettext_lazy("knowledge filter", "Budget up to (yen)"),
        required=False,
        min_value=0,
        help_text=_("0 finds projects done with no budget."),
    )
    budget_band = forms.ChoiceField(
        label=pgettext_lazy("knowledge filter", "Budget"),
        required=False,
        choices=ANY + BUDGET_BAND_CHOICES,
    )


def filter_choices() -> dict:
    """Tools, categories and prefectures for the filter forms, cached until a tool or
    category changes (``bump_choices_version``)."""
    key = f"knowledge:choices:{choices_version()}"
    choices = cache.get(key)
    if choices is None:
        choices = {
            "tools": list(Tool.objects.all()),
            "categories": list(Category.objects.all()),
            "prefectures": list(Prefecture.objects.values_list("code", "name")),
        }
        cache.set(key, choices, 60 * 60)
    return choices


def choices_version() -> int:
    """Cached tool and category choices are valid until this number changes."""
    return cache.get_or_set(CHOICES_VERSION_KEY, 1, timeout=None)


def bump_choices_version(**kwargs) -> None:
    try:
        cache.incr(CHOICES_VERSION_KEY)
    except ValueError:
        cache.set(CHOICES_VERSION_KEY, 2, timeout=None)


def apply_common_filters(queryset, data: dict):
    """Filters every knowledge list understands (the model's queryset methods)."""
    if data.get("population_band"):
        queryset = queryset.in_population_band(data["population_band"])
    queryset = queryset.population_between(data.get("population_min"), data.get("population_max"))
    for key, method in (
        ("prefecture", "in_prefecture"),
        ("region", "in_region"),
        ("kind", "of_kind"),
        ("municipality", "by_municipality"),
        ("tool", "using_tool"),
        ("category", "in_category"),
        ("tag", "tagged"),
    ):
        if data.get(key):
            queryset = getattr(queryset, method)(data[key])
    if data.get("adopted_band"):
        queryset = queryset.adopted_in_band(data["adopted_band"])
    return queryset


def population_band_facets() -> dict:
    """Conditional counts, one per band, to be computed in a single aggregate query."""
    return {
        f"population_band:{band.slug}": Count("pk", filter=band.q("municipality__"), distinct=True)
        for band in POPULATION_BANDS
    }


def budget_band_facets() -> dict:
    return {
        f"budget_band:{band.slug}": Count("pk", filter=band.q(), distinct=True)
        for band in BUDGET_BANDS
    }


def region_facets() -> dict:
    return {
        f"region:{value}": Count(
            "pk", filter=Q(municipality__prefecture__region=value), distinct=True
        )
        for value, _label in Region.choices
    }


def relation_facets(queryset, field: str) -> dict[str, int]:
    """Counts per tool/category slug among the filtered pages (one query)."""
    rows = queryset.order_by().values(f"{field}__slug").annotate(n=Count("pk", distinct=True))
    return {row[f"{field}__slug"]: row["n"] for row in rows if row[f"{field}__slug"]}


def adopter_band_facets(page_ids) -> dict[str, int]:
    """How many of the pages were adopted by municipalities of each size (one query)."""
    from casestudies.adoption.models import Adoption

    counts = {
        f"adopted_band:{band.slug}": Count(
            "page_id", filter=band.q("municipality__"), distinct=True
        )
        for band in ADOPTER_BANDS
    }
    return Adoption.objects.filter(page_id__in=page_ids).aggregate(**counts)
