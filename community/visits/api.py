"""Public visit offers in the open API (/api/v1/visit-offers). Requests are
private and have no endpoint."""

import datetime
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate

from community.municipalities.bands import POPULATION_BANDS
from community.municipalities.models import Region

from .forms import filter_offers
from .models import Category, Tool, VisitFormat, VisitOffer

router = Router(tags=["site visits"])

PopulationBandSlug = Literal[tuple(band.slug for band in POPULATION_BANDS)]  # type: ignore[valid-type]


class OfferFilters(Schema):
    population_band: PopulationBandSlug | None = Field(  # type: ignore[valid-type]
        None, description="Population band of the host municipality"
    )
    prefecture: str | None = Field(
        None, pattern=r"^\d{2}$", description="Two-digit prefecture code"
    )
    region: Region | None = None
    format: VisitFormat | None = None
    tool: Tool | None = None
    category: Category | None = None
    online: bool | None = Field(None, description="Online tours possible")
    free: bool | None = Field(None, description="No fee")
    council_members: bool | None = Field(None, description="Accepts council members (議員視察)")
    q: str | None = Field(None, max_length=100, description="Japanese full-text query")


class HostOut(Schema):
    code: str
    name: str
    population: int
    population_band: str | None

    @staticmethod
    def resolve_population_band(obj) -> str | None:
        band = obj.population_band
        return band.slug if band else None


class TopicOut(Schema):
    title: str
    url: str


class BlackoutOut(Schema):
    label: str
    starts_on: datetime.date
    ends_on: datetime.date


class VisitOfferOut(Schema):
    id: int
    title: str
    municipality: HostOut
    formats: list[str]
    topics: list[TopicOut]
    tools: list[str]
    categories: list[str]
    fee_yen: int
    max_party_size: int
    duration_minutes: int
    lead_time_days: int
    accepts_council_members: bool
    accepts_companies: bool
    accepts_students: bool
    url: str

    @staticmethod
    def resolve_formats(obj) -> list[str]:
        return [choice.value for choice in obj.format_list]

    @staticmethod
    def resolve_tools(obj) -> list[str]:
        return [choice.value for choice in obj.tool_list]

    @staticmethod
    def resolve_categories(obj) -> list[str]:
        return [choice.value for choice in obj.category_list]

    @staticmethod
    def resolve_topics(obj) -> list[dict]:
        return [
            {"title": link.page.title, "url": link.page.url or ""} for link in obj.live_topic_links
        ]

    @staticmethod
    def resolve_url(obj) -> str:
        return obj.get_absolute_url()


class VisitOfferDetailOut(VisitOfferOut):
    summary: str
    weekdays: list[int]
    accepted_from: datetime.date | None
    accepted_until: datetime.date | None
    start_time: str
    fee_note: str
    advance_materials: str
    contact_department: str
    blackouts: list[BlackoutOut]

    @staticmethod
    def resolve_weekdays(obj) -> list[int]:
        """0 = Monday … 6 = Sunday."""
        return obj.weekday_list

    @staticmethod
    def resolve_start_time(obj) -> str:
        return obj.start_time.strftime("%H:%M")

    @staticmethod
    def resolve_blackouts(obj) -> list:
        return list(obj.blackouts.all())


@router.get("/visit-offers", response=list[VisitOfferOut], summary="List and filter visit offers")
@paginate(PageNumberPagination, page_size=50, max_page_size=200)
def list_visit_offers(request: HttpRequest, filters: Query[OfferFilters]):
    return filter_offers(
        VisitOffer.objects.published().for_listing(), filters.dict(exclude_none=True)
    )


@router.get("/visit-offers/{offer_id}", response=VisitOfferDetailOut, summary="One visit offer")
def get_visit_offer(request: HttpRequest, offer_id: int):
    offer = (
        VisitOffer.objects.published()
        .for_listing()
        .prefetch_related("blackouts")
        .filter(pk=offer_id)
        .first()
    )
    if offer is None:
        raise HttpError(404, f"No published visit offer has the id {offer_id}.")
    return offer
