"""The case-study list: filters in the URL, facet counts, sorting and search.
Shared by the page, the API, the feeds and the CSV export."""

from django import forms
from django.core.cache import cache
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from casestudies.knowledge.filters import (
    ANY,
    SORTS,
    BudgetFilterMixin,
    KnowledgeFilterForm,
    apply_common_filters,
    budget_band_facets,
    population_band_facets,
    region_facets,
    relation_facets,
)
from casestudies.knowledge.models import Category, Tool
from casestudies.search.index import filter_queryset
from community.municipalities.models import Prefecture

from .models import CaseStudyPage
from .signals import list_version

FISCAL_YEARS = list(range(2026, 2014, -1))


class CaseStudyFilterForm(KnowledgeFilterForm, BudgetFilterMixin):
    fiscal_year = forms.TypedChoiceField(
        label=pgettext_lazy("knowledge filter", "Fiscal year"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=ANY + [(year, f"{year}") for year in FISCAL_YEARS],
    )
    one_person = forms.BooleanField(label=_("Feasible for a one-person team"), required=False)

    field_order = [
        "q", "population_band", "population_min", "population_max", "budget_max", "budget_band",
        "tool", "category", "tag", "prefecture", "region", "kind", "municipality", "fiscal_year",
        "one_person", "sort",
    ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **filter_choices(), **kwargs)
        from casestudies.knowledge.fiscal import fiscal_year_label

        self.fields["fiscal_year"].choices = ANY + [
            (year, fiscal_year_label(year)) for year in FISCAL_YEARS
        ]


def filter_choices() -> dict:
    """Tools, categories and prefectures for the form, cached until a list changes."""
    key = f"cases:choices:{list_version()}"
    choices = cache.get(key)
    if choices is None:
        choices = {
            "tools": list(Tool.objects.all()),
            "categories": list(Category.objects.all()),
            "prefectures": list(Prefecture.objects.values_list("code", "name")),
        }
        cache.set(key, choices, 60 * 60)
    return choices


def published_case_studies():
    return CaseStudyPage.objects.live().public()


def filter_case_studies(queryset, data: dict):
    queryset = apply_common_filters(queryset, data)
    if data.get("budget_max") is not None:
        queryset = queryset.within_budget(data["budget_max"])
    if data.get("budget_band"):
        queryset = queryset.in_budget_band(data["budget_band"])
    if data.get("fiscal_year"):
        queryset = queryset.in_fiscal_year(data["fiscal_year"])
    if data.get("one_person"):
        queryset = queryset.feasible_for_one_person()
    return queryset


def search_and_sort(queryset, data: dict):
    """Apply ``q`` (ranked) and the sort; returns (queryset, snippets)."""
    queryset, snippets = filter_queryset(queryset, data.get("q") or "")
    if not data.get("q") or data.get("sort"):
        queryset = queryset.order_by(*SORTS[data.get("sort") or "newest"])
    return queryset, snippets


def with_card_data(queryset):
    return queryset.select_related("municipality__prefecture").prefetch_related(
        "tools", "categories", "metrics"
    )


def facet_counts(queryset, cache_key: str) -> dict[str, int]:
    """Counts per filter value under the current filters (cached until a case changes)."""
    key = f"cases:facets:{list_version()}:{cache_key}"
    counts = cache.get(key)
    if counts is None:
        ids = queryset.order_by().values("pk")
        base = CaseStudyPage.objects.filter(pk__in=ids)
        counts = base.aggregate(
            **population_band_facets(),
            **budget_band_facets(),
            **region_facets(),
            one_person=Count("pk", filter=Q(one_person_feasible=True), distinct=True),
        )
        counts.update({f"tool:{slug}": n for slug, n in relation_facets(base, "tools").items()})
        counts.update(
            {f"category:{slug}": n for slug, n in relation_facets(base, "categories").items()}
        )
        for row in base.order_by().values("fiscal_year").annotate(n=Count("pk")):
            counts[f"fiscal_year:{row['fiscal_year']}"] = row["n"]
        cache.set(key, counts, 60 * 60)
    return counts
