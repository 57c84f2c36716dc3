"""Read-only municipality endpoints of the open API (/api/v1/)."""

import datetime
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate

from .bands import POPULATION_BANDS
from .forms import filter_municipalities
from .models import Kind, Municipality, Region
from .registry import attribution

router = Router(tags=["municipalities"])

# The open API's description names the registry's sources (yokoten/api.py shows it).
API_DESCRIPTION = (
    "Open, read-only data about Japan's local governments and their shared DX practice. "
    + attribution()["en"]
)

PopulationBandSlug = Literal[tuple(band.slug for band in POPULATION_BANDS)]  # type: ignore[valid-type]


class MunicipalityFilters(Schema):
    prefecture: str | None = Field(
        None, pattern=r"^\d{2}$", description="Two-digit prefecture code, e.g. 08"
    )
    region: Region | None = None
    kind: Kind | None = None
    population_band: PopulationBandSlug | None = None  # type: ignore[valid-type]
    population_min: int | None = Field(None, ge=0, description="Inclusive lower bound")
    population_max: int | None = Field(
        None, ge=0, description="Exclusive upper bound: 10000 = under 10,000"
    )
    q: str | None = Field(None, max_length=100, description="Name or reading (kana)")


class MunicipalityOut(Schema):
    code: str
    prefecture: str
    prefecture_code: str
    name: str
    name_kana: str
    kind: str
    population: int
    population_as_of: datetime.date
    population_band: str | None
    region: str
    website: str
    url: str

    @staticmethod
    def resolve_prefecture(obj: Municipality) -> str:
        return obj.prefecture.name

    @staticmethod
    def resolve_prefecture_code(obj: Municipality) -> str:
        return obj.prefecture.code

    @staticmethod
    def resolve_population_band(obj: Municipality) -> str | None:
        band = obj.population_band
        return band.slug if band else None

    @staticmethod
    def resolve_url(obj: Municipality) -> str:
        return obj.get_absolute_url()


class MunicipalityDetailOut(MunicipalityOut):
    official_domains: list[str]

    @staticmethod
    def resolve_official_domains(obj: Municipality) -> list[str]:
        return [domain.domain for domain in obj.domains.all()]


@router.get(
    "/municipalities", response=list[MunicipalityOut], summary="List and filter municipalities"
)
@paginate(PageNumberPagination, page_size=50, max_page_size=200)
def list_municipalities(request: HttpRequest, filters: Query[MunicipalityFilters]):
    queryset = Municipality.objects.select_related("prefecture")
    return filter_municipalities(queryset, filters.dict(exclude_none=True))


@router.get("/municipalities/{code}", response=MunicipalityDetailOut, summary="One municipality")
def get_municipality(request: HttpRequest, code: str):
    municipality = (
        Municipality.objects.select_related("prefecture")
        .prefetch_related("domains")
        .filter(code=code)
        .first()
    )
    if municipality is None:
        raise HttpError(404, f"No municipality has the code {code}.")
    return municipality
