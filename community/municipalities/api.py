"""Read-only municipality endpoints of the open API (/api/v1/)."""

import datetime

from django.http import HttpRequest
from ninja import Path, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from yokoten.openapi import (
    Pagination,
    detail_responses,
    filter_parameters,
    filtered,
    list_responses,
)

from .filters import MunicipalityFilterSet
from .models import Municipality
from .registry import attribution

router = Router(tags=["municipalities"])

# The open API's description names the registry's sources (yokoten/api.py shows it).
API_DESCRIPTION = (
    "Open, read-only data about Japan's local governments and their shared DX practice. "
    + attribution()["en"]
)


class MunicipalityRef(Schema):
    """A municipality named inside another item (the publisher of a case study, the
    asker of a question, the host of a visit): one schema for all of them."""

    code: str
    name: str
    prefecture: str
    population: int
    population_band: str | None

    @staticmethod
    def resolve_prefecture(obj: Municipality) -> str:
        return obj.prefecture.name

    @staticmethod
    def resolve_population_band(obj: Municipality) -> str | None:
        band = obj.population_band
        return band.slug if band else None


class MunicipalityOut(MunicipalityRef):
    prefecture_code: str
    name_kana: str
    kind: str
    population_as_of: datetime.date
    region: str
    website: str
    url: str

    @staticmethod
    def resolve_prefecture_code(obj: Municipality) -> str:
        return obj.prefecture.code

    @staticmethod
    def resolve_url(obj: Municipality) -> str:
        return obj.get_absolute_url()


class MunicipalityDetailOut(MunicipalityOut):
    official_domains: list[str]

    @staticmethod
    def resolve_official_domains(obj: Municipality) -> list[str]:
        return [domain.domain for domain in obj.domains.all()]


@router.get(
    "/municipalities",
    response=list_responses(MunicipalityOut),
    summary="List and filter municipalities",
    openapi_extra=filter_parameters(MunicipalityFilterSet),
)
@paginate(Pagination, page_size=50, max_page_size=200)
def list_municipalities(request: HttpRequest):
    return filtered(
        MunicipalityFilterSet, request, Municipality.objects.select_related("prefecture")
    )


@router.get(
    "/municipalities/{code}",
    response=detail_responses(MunicipalityDetailOut),
    summary="One municipality",
)
def get_municipality(
    request: HttpRequest,
    code: str = Path(..., pattern=r"^\d{6}$", description="全国地方公共団体コード, e.g. 082104"),
):
    municipality = (
        Municipality.objects.select_related("prefecture")
        .prefetch_related("domains")
        .filter(code=code)
        .first()
    )
    if municipality is None:
        raise HttpError(404, f"No municipality has the code {code}.")
    return municipality
