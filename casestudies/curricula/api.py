"""GET /api/v1/curricula and /api/v1/curricula/{id}: the same filters as the page."""

import datetime
from decimal import Decimal

from django.db.models import Prefetch
from django.http import HttpRequest
from ninja import Path, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from casestudies.adoption.models import Adoption
from casestudies.knowledge.api import AdopterOut, CreditOut, KnowledgeOut, credit_out
from community.municipalities.api import MunicipalityRef
from yokoten.openapi import (
    Pagination,
    detail_responses,
    filter_parameters,
    filtered,
    list_responses,
)

from .listing import CURRICULA, CurriculumFilterSet
from .models import CurriculumDelivery, CurriculumPage

router = Router(tags=["curricula"])


class CurriculumOut(KnowledgeOut):
    audience: str
    level: str
    total_minutes: int
    total_sessions: int
    total_participants: int


class ModuleOut(Schema):
    title: str
    minutes: int
    objectives: str
    materials: str
    exercise: str


class DeliveryOut(Schema):
    municipality: MunicipalityRef
    delivered_on: datetime.date
    sessions: int
    participants: int
    survey_before: Decimal | None
    survey_after: Decimal | None
    note: str


class CurriculumDetailOut(CurriculumOut):
    credit: CreditOut
    prerequisites: str
    modules: list[ModuleOut]
    deliveries: list[DeliveryOut]
    adopters: list[AdopterOut]

    @staticmethod
    def resolve_modules(obj: CurriculumPage) -> list:
        return list(obj.modules.all())

    @staticmethod
    def resolve_deliveries(obj: CurriculumPage) -> list:
        return list(obj.deliveries.all())

    @staticmethod
    def resolve_adopters(obj: CurriculumPage) -> list:
        return list(obj.adoptions.all())

    @staticmethod
    def resolve_credit(obj: CurriculumPage) -> dict:
        return credit_out(obj)


@router.get(
    "/curricula",
    response=list_responses(CurriculumOut),
    summary="List and filter published curricula",
    openapi_extra=filter_parameters(CurriculumFilterSet),
)
@paginate(Pagination, page_size=20, max_page_size=100)
def list_curricula(request: HttpRequest):
    return filtered(CurriculumFilterSet, request, CURRICULA.api_queryset())


@router.get(
    "/curricula/{curriculum_id}",
    response=detail_responses(CurriculumDetailOut),
    summary="One published curriculum with its modules, delivery log and adopters",
)
def get_curriculum(request: HttpRequest, curriculum_id: int = Path(..., ge=1, le=2**31 - 1)):
    curriculum = (
        CURRICULA.api_queryset()
        .prefetch_related(
            "modules",
            Prefetch(
                "deliveries",
                queryset=CurriculumDelivery.objects.select_related("municipality__prefecture"),
            ),
            Prefetch("adoptions", queryset=Adoption.objects.with_municipality()),
        )
        .filter(pk=curriculum_id)
        .first()
    )
    if curriculum is None:
        raise HttpError(404, f"No published curriculum has the id {curriculum_id}.")
    return curriculum
