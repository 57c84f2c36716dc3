"""The case-study list: the shared knowledge filters plus budget, fiscal year and
one-person filters. Shared by the page, the API, the feeds and the CSV export."""

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from casestudies.knowledge.filters import KnowledgeFilterSet
from casestudies.knowledge.fiscal import fiscal_year_label
from casestudies.knowledge.listing import KnowledgeListing
from community.municipalities.bands import BUDGET
from yokoten.filtering import BandFilter, FlagFilter, TypedChoiceFilter

from .models import CaseStudyPage

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
    one_person = FlagFilter(
        Q(one_person_feasible=True),
        label=pgettext_lazy("knowledge filter", "Feasible for a one-person team"),
    )

    field_order = [
        "q", "population", "budget", "tool", "category", "tag", "prefecture", "region", "kind",
        "municipality", "fiscal_year", "one_person", "adopted_band", "sort",
    ]  # fmt: skip
    facet_order = [
        "adopted_band", "population", "budget", "one_person", "tool", "category", "fiscal_year",
        "prefecture", "region", "kind", "tag",
    ]  # fmt: skip


CASE_STUDIES = KnowledgeListing(
    model=CaseStudyPage,
    filterset_class=CaseStudyFilterSet,
    template="cases/case_study_index_page.html",
    card_prefetch=("tools", "categories", "metrics"),
)


def published_case_studies():
    return CASE_STUDIES.published()


def with_card_data(queryset):
    return CASE_STUDIES.with_card_data(queryset)
