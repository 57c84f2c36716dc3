"""Public visit offers in the open API (/api/v1/visit-offers). Requests are
private and have no endpoint."""

import datetime

from django.http import HttpRequest
from ninja import Path, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from community.municipalities.api import MunicipalityRef
from yokoten.openapi import (
    Pagination,
    detail_responses,
    filter_parameters,
    filtered,
    list_responses,
)

from .filters import OfferFilterSet
from .models import VisitOffer

router = Router(tags=["site visits"])


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
    municipality: MunicipalityRef
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
        return [tool.slug for tool in obj.tool_list]

    @staticmethod
    def resolve_categories(obj) -> list[str]:
        return [category.slug for category in obj.category_list]

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


@router.get(
    "/visit-offers",
    response=list_responses(VisitOfferOut),
    summary="List and filter visit offers",
    openapi_extra=filter_parameters(OfferFilterSet),
)
@paginate(Pagination, page_size=50, max_page_size=200)
def list_visit_offers(request: HttpRequest):
    return filtered(OfferFilterSet, request, VisitOffer.objects.published().for_listing())


@router.get(
    "/visit-offers/{offer_id}",
    response=detail_responses(VisitOfferDetailOut),
    summary="One visit offer",
)
def get_visit_offer(request: HttpRequest, offer_id: int = Path(..., ge=1, le=2**63 - 1)):
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
