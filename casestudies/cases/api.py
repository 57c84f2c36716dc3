"""GET /api/v1/casestudies and /api/v1/casestudies/{id}: the same filters as the page."""

import datetime
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate

from community.municipalities.bands import BUDGET_BANDS, POPULATION_BANDS
from community.municipalities.models import Kind, Region

from .listing import filter_case_studies, published_case_studies, search_and_sort
from .models import CaseStudyPage

router = Router(tags=["case studies"])

PopulationBandSlug = Literal[tuple(band.slug for band in POPULATION_BANDS)]  # type: ignore[valid-type]
BudgetBandSlug = Literal[tuple(band.slug for band in BUDGET_BANDS)]  # type: ignore[valid-type]


class CaseStudyFilters(Schema):
    q: str | None = Field(None, max_length=200, description="Japanese full-text query")
    population_band: PopulationBandSlug | None = None  # type: ignore[valid-type]
    population_min: int | None = Field(None, ge=0)
    population_max: int | None = Field(None, ge=0, description="Exclusive: 10000 = under 10,000")
    budget_max: int | None = Field(None, ge=0, description="0 = projects with no budget")
    budget_band: BudgetBandSlug | None = None  # type: ignore[valid-type]
    prefecture: str | None = Field(None, pattern=r"^\d{2}$")
    region: Region | None = None
    kind: Kind | None = None
    municipality: str | None = Field(None, pattern=r"^\d{6}$")
    tool: str | None = Field(None, max_length=50)
    category: str | None = Field(None, max_length=50)
    tag: str | None = Field(None, max_length=100)
    fiscal_year: int | None = Field(None, ge=1990, le=2100)
    one_person: bool | None = None
    sort: Literal["newest", "oldest", "most_adopted"] | None = None


class MunicipalityRef(Schema):
    code: str
    name: str
    prefecture: str
    population: int
    population_band: str | None


class CaseStudyOut(Schema):
    id: int
    title: str
    url: str
    summary: str
    municipality: MunicipalityRef
    fiscal_year: int
    budget_yen: int | None
    budget_source: str
    tools: list[str]
    categories: list[str]
    tags: list[str]
    one_person_feasible: bool
    adoption_count: int
    first_published_at: datetime.datetime | None

    @staticmethod
    def resolve_url(obj: CaseStudyPage) -> str:
        return obj.url or ""

    @staticmethod
    def resolve_municipality(obj: CaseStudyPage) -> dict:
        municipality = obj.municipality
        band = municipality.population_band
        return {
            "code": municipality.code,
            "name": municipality.name,
            "prefecture": municipality.prefecture.name,
            "population": municipality.population,
            "population_band": band.slug if band else None,
        }

    @staticmethod
    def resolve_tools(obj: CaseStudyPage) -> list[str]:
        return [tool.name for tool in obj.tools.all()]

    @staticmethod
    def resolve_categories(obj: CaseStudyPage) -> list[str]:
        return [category.name for category in obj.categories.all()]

    @staticmethod
    def resolve_tags(obj: CaseStudyPage) -> list[str]:
        return [tag.name for tag in obj.tags.all()]


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


def _api_queryset():
    return (
        published_case_studies()
        .select_related("municipality__prefecture")
        .prefetch_related("tools", "categories", "tags")
    )


@router.get(
    "/casestudies", response=list[CaseStudyOut], summary="List and filter published case studies"
)
@paginate(PageNumberPagination, page_size=20, max_page_size=100)
def list_case_studies(request: HttpRequest, filters: Query[CaseStudyFilters]):
    data = filters.dict(exclude_none=True)
    queryset, _snippets = search_and_sort(filter_case_studies(_api_queryset(), data), data)
    return queryset


@router.get(
    "/casestudies/{case_id}",
    response=CaseStudyDetailOut,
    summary="One published case study with its metrics",
)
def get_case_study(request: HttpRequest, case_id: int):
    case = _api_queryset().prefetch_related("metrics").filter(pk=case_id).first()
    if case is None:
        raise HttpError(404, f"No published case study has the id {case_id}.")
    return case
