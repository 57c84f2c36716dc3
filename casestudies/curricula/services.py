"""Recording deliveries of a curriculum, in a transaction and in the audit log."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from casestudies.knowledge.fiscal import fiscal_year_of
from community.audit.models import record
from yokoten.cache_policy import retire

from .models import CurriculumDelivery


@transaction.atomic
def record_delivery(curriculum, municipality, *, actor, **details) -> CurriculumDelivery:
    """``details``: delivered_on, sessions, participants, and optionally survey_before,
    survey_after and note."""
    delivery = CurriculumDelivery.objects.create(
        curriculum=curriculum, municipality=municipality, created_by=actor, **details
    )
    record(
        "curriculum.delivery_recorded",
        actor=actor,
        target=curriculum,
        municipality=municipality.code,
        delivered_on=delivery.delivered_on.isoformat(),
        sessions=delivery.sessions,
        participants=delivery.participants,
    )
    _retire(delivery)
    return delivery


def _retire(delivery) -> None:
    """The curriculum's page (its sessions per 年度) and the delivering municipality's."""
    retire(f"page:{delivery.curriculum_id}", f"municipality:{delivery.municipality.code}")


@transaction.atomic
def remove_delivery(delivery: CurriculumDelivery, *, actor) -> bool:
    deleted, _ = CurriculumDelivery.objects.filter(pk=delivery.pk).delete()
    if deleted:
        record(
            "curriculum.delivery_removed",
            actor=actor,
            target=delivery.curriculum,
            municipality=delivery.municipality.code,
            delivered_on=delivery.delivered_on.isoformat(),
        )
        _retire(delivery)
    return bool(deleted)


@dataclass
class DeliveryTotals:
    deliveries: int = 0
    sessions: int = 0
    participants: int = 0
    municipalities: set = field(default_factory=set)
    # Participant-weighted averages over deliveries that reported both survey numbers.
    survey_before: Decimal | None = None
    survey_after: Decimal | None = None

    @property
    def municipality_count(self) -> int:
        return len(self.municipalities)


@dataclass
class DeliverySummary:
    total: DeliveryTotals
    by_fiscal_year: list[tuple[int, DeliveryTotals]]


def _totals(deliveries) -> DeliveryTotals:
    totals = DeliveryTotals()
    surveyed, before, after = 0, Decimal(0), Decimal(0)
    for delivery in deliveries:
        totals.deliveries += 1
        totals.sessions += delivery.sessions
        totals.participants += delivery.participants
        totals.municipalities.add(delivery.municipality_id)
        if delivery.survey_before is not None and delivery.survey_after is not None:
            weight = max(delivery.participants, 1)
            surveyed += weight
            before += delivery.survey_before * weight
            after += delivery.survey_after * weight
    if surveyed:
        totals.survey_before = round(before / surveyed, 1)
        totals.survey_after = round(after / surveyed, 1)
    return totals


def summarise(deliveries) -> DeliverySummary:
    """Totals overall and per 年度 (newest first), computed from the rows in hand."""
    years: dict[int, list] = {}
    for delivery in deliveries:
        years.setdefault(fiscal_year_of(delivery.delivered_on), []).append(delivery)
    return DeliverySummary(
        total=_totals(deliveries),
        by_fiscal_year=[
            (year, _totals(rows)) for year, rows in sorted(years.items(), reverse=True)
        ],
    )
