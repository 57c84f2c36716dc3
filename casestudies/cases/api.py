"""GET /api/v1/casestudies and /api/v1/casestudies/{id}: the same filters as the page."""

from django.http import HttpRequest
from ninja import Path, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from casestudies.knowledge.api import CreditOut, KnowledgeOut, credit_out
from yokoten.openapi import (
    Pagination,
    detail_responses,
    filter_parameters,
    filtered,
    list_responses,
)

from .listing import CASE_STUDIES, CaseStudyFilterSet
from .models import CaseStudyPage
from .views import curricula_using, templates_using

router = Router(tags=["case studies"])


class CaseStudyOut(KnowledgeOut):
    fiscal_year: int
    budget_yen: int | None
    budget_source: str
    one_person_feasible: bool
    initial_cost_yen: int | None
    running_cost_yen: int | None
    running_cost_after_trial_yen: int | None
    procurement_route: str
    funding: list[str]

    @staticmethod
    def resolve_funding(obj: CaseStudyPage) -> list[str]:
        return [programme.name for programme in obj.funding.all()]


class PageRef(Schema):
    id: int
    title: str
    url: str

    @staticmethod
    def resolve_url(obj) -> str:
        return obj.url or ""


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
    credit: CreditOut
    challenge: str
    lessons: str
    department: str
    contact_department: str
    months_to_launch: int | None
    staff_involved: int | None
    population_at_publication: int | None
    licences: str
    licence_count: int | None
    build_hours: int | None
    running_hours_per_month: int | None
    agreed_with: list[str]
    lgwan_notes: str
    templates_used: list[PageRef]
    curricula_used: list[PageRef]
    metrics: list[MetricOut]

    @staticmethod
    def resolve_metrics(obj: CaseStudyPage):
        return list(obj.metrics.all())

    @staticmethod
    def resolve_templates_used(obj: CaseStudyPage):
        return templates_using(obj)

    @staticmethod
    def resolve_curricula_used(obj: CaseStudyPage):
        return curricula_using(obj)

    @staticmethod
    def resolve_credit(obj: CaseStudyPage) -> dict:
        return credit_out(obj)


@router.get(
    "/casestudies",
    response=list_responses(CaseStudyOut),
    summary="List and filter published case studies",
    openapi_extra=filter_parameters(CaseStudyFilterSet),
)
@paginate(Pagination, page_size=20, max_page_size=100)
def list_case_studies(request: HttpRequest):
    return filtered(CaseStudyFilterSet, request, CASE_STUDIES.api_queryset())


@router.get(
    "/casestudies/{case_id}",
    response=detail_responses(CaseStudyDetailOut),
    summary="One published case study with its metrics",
)
def get_case_study(request: HttpRequest, case_id: int = Path(..., ge=1, le=2**31 - 1)):
    case = CASE_STUDIES.api_queryset().prefetch_related("metrics").filter(pk=case_id).first()
    if case is None:
        raise HttpError(404, f"No published case study has the id {case_id}.")
    return case
