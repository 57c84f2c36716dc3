"""GET /api/v1/casestudies and /api/v1/casestudies/{id}: the same filters as the page."""

from typing import Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate

from casestudies.knowledge.api import KnowledgeFilters, KnowledgeOut
from community.municipalities.bands import BUDGET_BANDS

from .listing import CASE_STUDIES, filter_case_studies, search_and_sort
from .models import CaseStudyPage

router = Router(tags=["case studies"])

BudgetBandSlug = Literal[tuple(band.slug for band in BUDGET_BANDS)]  # type: ignore[valid-type]


class CaseStudyFilters(KnowledgeFilters):
    budget_max: int | None = Field(None, ge=0, description="0 = projects with no budget")
    budget_band: BudgetBandSlug | None = None  # type: ignore[valid-type]
    fiscal_year: int | None = Field(None, ge=1990, le=2100)
    one_person: bool | None = None


class CaseStudyOut(KnowledgeOut):
    fiscal_year: int
    budget_yen: int | None
    budget_source: str
    one_person_feasible: bool


class MetricOut(Schema):
    metric: str
    value_before: str
    value_after: str
    number_before: float | None
    number_after: float | None
    unit: str
    period: str
    how_measured: str


class CaseStudyDetailOut(CaseStudyOut):
    challenge: str
    lessons: str
    department: str
    contact_department: str
    months_to_launch: int | None
    staff_involved: int | None
    population_at_publication: int | None
    metrics: list[MetricOut]

    @staticmethod
    def resolve_metrics(obj: CaseStudyPage):
        return list(obj.metrics.all())


@router.get(
    "/casestudies", response=list[CaseStudyOut], summary="List and filter published case studies"
)
@paginate(PageNumberPagination, page_size=20, max_page_size=100)
def list_case_studies(request: HttpRequest, filters: Query[CaseStudyFilters]):
    data = filters.dict(exclude_none=True)
    queryset, _snippets = search_and_sort(
        filter_case_studies(CASE_STUDIES.api_queryset(), data), data
    )
    return queryset


@router.get(
    "/casestudies/{case_id}",
    response=CaseStudyDetailOut,
    summary="One published case study with its metrics",
)
def get_case_study(request: HttpRequest, case_id: int):
    case = CASE_STUDIES.api_queryset().prefetch_related("metrics").filter(pk=case_id).first()
    if case is None:
        raise HttpError(404, f"No published case study has the id {case_id}.")
    return case
