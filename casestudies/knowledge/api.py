"""What the case-study, template and curriculum APIs share: the filters every list
understands and the shape of a list item."""

import datetime
from typing import Literal

from ninja import Field, Schema

from community.municipalities.bands import POPULATION_BANDS
from community.municipalities.models import Kind, Region

from .models import ADOPTER_BANDS

PopulationBandSlug = Literal[tuple(band.slug for band in POPULATION_BANDS)]  # type: ignore[valid-type]
AdopterBandSlug = Literal[tuple(band.slug for band in ADOPTER_BANDS)]  # type: ignore[valid-type]


class KnowledgeFilters(Schema):
    q: str | None = Field(None, max_length=200, description="Japanese full-text query")
    population_band: PopulationBandSlug | None = None  # type: ignore[valid-type]
    population_min: int | None = Field(None, ge=0)
    population_max: int | None = Field(None, ge=0, description="Exclusive: 10000 = under 10,000")
    prefecture: str | None = Field(None, pattern=r"^\d{2}$")
    region: Region | None = None
    kind: Kind | None = None
    municipality: str | None = Field(None, pattern=r"^\d{6}$")
    tool: str | None = Field(None, max_length=50)
    category: str | None = Field(None, max_length=50)
    tag: str | None = Field(None, max_length=100)
    adopted_band: AdopterBandSlug | None = Field(  # type: ignore[valid-type]
        None, description="Adopted by at least one municipality of this size (横展開)"
    )
    sort: Literal["newest", "oldest", "most_adopted"] | None = None


class MunicipalityRef(Schema):
    code: str
    name: str
    prefecture: str
    population: int
    population_band: str | None


def municipality_ref(municipality) -> dict:
    band = municipality.population_band
    return {
        "code": municipality.code,
        "name": municipality.name,
        "prefecture": municipality.prefecture.name,
        "population": municipality.population,
        "population_band": band.slug if band else None,
    }


class KnowledgeOut(Schema):
    """One published page in a list (needs municipality__prefecture, tools, categories and
    tags loaded with it)."""

    id: int
    title: str
    url: str
    summary: str
    municipality: MunicipalityRef
    tools: list[str]
    categories: list[str]
    tags: list[str]
    adoption_count: int
    first_published_at: datetime.datetime | None

    @staticmethod
    def resolve_url(obj) -> str:
        return obj.url or ""

    @staticmethod
    def resolve_municipality(obj) -> dict:
        return municipality_ref(obj.municipality)

    @staticmethod
    def resolve_tools(obj) -> list[str]:
        return [tool.name for tool in obj.tools.all()]

    @staticmethod
    def resolve_categories(obj) -> list[str]:
        return [category.name for category in obj.categories.all()]

    @staticmethod
    def resolve_tags(obj) -> list[str]:
        return [tag.name for tag in obj.tags.all()]


class AdopterOut(Schema):
    municipality: MunicipalityRef
    adopted_on: datetime.date

    @staticmethod
    def resolve_municipality(obj) -> dict:
        return municipality_ref(obj.municipality)
