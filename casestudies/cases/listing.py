"""The case-study list: the shared knowledge listing plus budget, fiscal year and
one-person filters. Shared by the page, the API, the feeds and the CSV export."""

from django import forms
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from casestudies.knowledge.filters import (
    ANY,
    BudgetFilterMixin,
    KnowledgeFilterForm,
    budget_band_facets,
)
from casestudies.knowledge.listing import KnowledgeListing

from .models import CaseStudyPage

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
        "one_person", "adopted_band", "sort",
    ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from casestudies.knowledge.fiscal import fiscal_year_label

        self.fields["fiscal_year"].choices = ANY + [
            (year, fiscal_year_label(year)) for year in FISCAL_YEARS
        ]


def filter_case_study_extras(queryset, data: dict):
    if data.get("budget_max") is not None:
        queryset = queryset.within_budget(data["budget_max"])
    if data.get("budget_band"):
        queryset = queryset.in_budget_band(data["budget_band"])
    if data.get("fiscal_year"):
        queryset = queryset.in_fiscal_year(data["fiscal_year"])
    if data.get("one_person"):
        queryset = queryset.feasible_for_one_person()
    return queryset


def _aggregates() -> dict:
    return {
        **budget_band_facets(),
        "one_person": Count("pk", filter=Q(one_person_feasible=True), distinct=True),
    }


def _fiscal_year_facets(base) -> dict:
    return {
        f"fiscal_year:{row['fiscal_year']}": row["n"]
        for row in base.order_by().values("fiscal_year").annotate(n=Count("pk"))
    }


CASE_STUDIES = KnowledgeListing(
    model=CaseStudyPage,
    form_class=CaseStudyFilterForm,
    template="cases/case_study_index_page.html",
    extra_filters=filter_case_study_extras,
    extra_aggregates=_aggregates,
    extra_facets=_fiscal_year_facets,
    card_prefetch=("tools", "categories", "metrics"),
)


def published_case_studies():
    return CASE_STUDIES.published()


def filter_case_studies(queryset, data: dict):
    return CASE_STUDIES.filter(queryset, data)


def search_and_sort(queryset, data: dict):
    return CASE_STUDIES.search_and_sort(queryset, data)


def with_card_data(queryset):
    return CASE_STUDIES.with_card_data(queryset)
