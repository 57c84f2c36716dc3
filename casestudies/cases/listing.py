"""The case-study list: the shared knowledge filters plus budget, fiscal year and
one-person filters. Shared by the page, the API, the feeds and the CSV export."""

from dataclasses import replace

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from casestudies.knowledge.filters import KnowledgeFilterSet
from casestudies.knowledge.fiscal import fiscal_year_label
from casestudies.knowledge.listing import KnowledgeListing
from community.municipalities.bands import BUDGET, BandSet
from community.taxonomy.choices import term_choices
from yokoten.filtering import BandFilter, ChoiceFilter, FlagFilter, TypedChoiceFilter

from .models import CaseStudyPage, ProcurementRoute

FISCAL_YEARS = list(range(2026, 2014, -1))
BUDGET_PARTS = {
    "band": pgettext_lazy("budget filter", "Budget"),
    "max": pgettext_lazy("budget filter", "up to (yen)"),
}


def budget_range_label(band) -> str:
    """A budget range from an old URL (``budget_max``), as a reader says it."""
    high = None if band.maximum is None else f"{band.maximum - 1:,}"
    low = f"{band.minimum:,}"
    if high is None:
        return _("¥%(low)s or more") % {"low": low}
    if not band.minimum:
        return _("up to ¥%(high)s") % {"high": high}
    return _("¥%(low)s to ¥%(high)s") % {"low": low, "high": high}


# Yearly running cost in the budget's bands: what it costs from now on (after a
# free trial if there was one; see CaseStudyPage.ongoing_cost_yen).
RUNNING_COST = BandSet(
    "running_cost_yen", tuple(replace(band, field="running_cost_yen") for band in BUDGET)
)
RUNNING_COST_PARTS = {
    "band": pgettext_lazy("running cost filter", "Yearly running cost"),
    "max": pgettext_lazy("running cost filter", "up to (yen)"),
}


def ongoing_cost_q(band) -> Q:
    after_trial = replace(band, field="running_cost_after_trial_yen")
    return after_trial.q() | (Q(running_cost_after_trial_yen__isnull=True) & band.q())


class RunningCostFilter(BandFilter):
    """A yearly running cost band, read after any free trial."""

    def condition(self, band):
        return ongoing_cost_q(band)

    def facet_aggregates(self, name):
        return {
            f"{name}_band:{band.slug}": Count("pk", filter=ongoing_cost_q(band), distinct=True)
            for band in self.bands
        }


def funding_choices() -> list[tuple[str, str]]:
    """(slug, name) of the funding programmes, read and cached with the tools and categories."""
    return term_choices()["funding"]


def fiscal_year_choices():
    return [(year, fiscal_year_label(year)) for year in FISCAL_YEARS]


class CaseStudyFilterSet(KnowledgeFilterSet):
    budget = BandFilter(
        bands=BUDGET,
        labels=BUDGET_PARTS,
        range_label=budget_range_label,
        free_range=False,  # a band, 0円 among them (budget_max from old URLs still works)
        max_inclusive=True,
        label=pgettext_lazy("knowledge filter", "Budget"),
    )
    fiscal_year = TypedChoiceFilter(
        "fiscal_year",
        choices=fiscal_year_choices,
        facet_all=False,
        label=pgettext_lazy("knowledge filter", "Fiscal year"),
    )
    procurement = ChoiceFilter(
        "procurement_route",
        choices=ProcurementRoute.choices,
        label=pgettext_lazy("knowledge filter", "Procurement route"),
    )
    funding = ChoiceFilter(
        "funding__slug",
        choices=funding_choices,
        facet_all=False,
        label=pgettext_lazy("knowledge filter", "Funding"),
    )
    running_cost = RunningCostFilter(
        bands=RUNNING_COST,
        labels=RUNNING_COST_PARTS,
        range_label=budget_range_label,
        free_range=False,
        max_inclusive=True,
        label=pgettext_lazy("knowledge filter", "Yearly running cost"),
    )
    one_person = FlagFilter(
        Q(one_person_feasible=True),
        label=pgettext_lazy("knowledge filter", "Feasible for a one-person team"),
    )

    field_order = [
        "q", "population", "similar_to", "budget", "running_cost", "tool", "category", "procurement", "funding",
        "tag", "prefecture", "region", "kind", "municipality", "fiscal_year", "one_person",
        "adopted_band", "sort",
    ]  # fmt: skip
    facet_order = [
        "adopted_band", "population", "budget", "running_cost", "one_person", "tool", "category",
        "procurement", "funding", "fiscal_year", "prefecture", "region", "kind", "tag",
    ]  # fmt: skip


CASE_STUDIES = KnowledgeListing(
    model=CaseStudyPage,
    filterset_class=CaseStudyFilterSet,
    template="cases/case_study_index_page.html",
    card_terms=("tools", "categories", "funding"),
    card_prefetch=("metrics",),
)


def published_case_studies():
    return CASE_STUDIES.published()


def with_card_data(queryset):
    return CASE_STUDIES.with_card_data(queryset)
