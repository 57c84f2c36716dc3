"""Publishing and withdrawing offers."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from community.accounts.permissions import may_host_visits
from community.audit.models import record
from community.search.registry import sync_object

from ..caching import retire_offer
from ..models import OfferBlackout, OfferTopic, VisitOffer


@dataclass(frozen=True)
class Blackout:
    """A period without visits, as the offer form gives it."""

    label: str
    starts_on: datetime.date
    ends_on: datetime.date


@transaction.atomic
def publish_offer(
    offer: VisitOffer,
    *,
    actor,
    topics: Iterable = (),
    blackouts: Iterable[Blackout] = (),
    tools: Iterable | None = None,
    categories: Iterable | None = None,
) -> bool:
    """Save ``offer`` (new or edited) with its topic pages and blackout periods, and publish it.
    ``tools`` and ``categories`` (community.taxonomy terms) replace the offer's when given."""
    if not may_host_visits(actor, offer.municipality_id):
        raise PermissionDenied
    action = "visits.offer_updated" if offer.pk and offer.is_published else "visits.offer_published"
    if offer.pk is None:
        offer.created_by = actor
    offer.is_published = True
    offer.published_at = offer.published_at or timezone.now()
    offer.save()
    if tools is not None:
        offer.tools.set(tools)
    if categories is not None:
        offer.categories.set(categories)
    offer.blackouts.all().delete()
    OfferBlackout.objects.bulk_create(
        OfferBlackout(offer=offer, label=b.label, starts_on=b.starts_on, ends_on=b.ends_on)
        for b in blackouts
    )
    offer.topic_links.all().delete()
    OfferTopic.objects.bulk_create(
        OfferTopic(offer=offer, page=page, sort_order=order) for order, page in enumerate(topics)
    )
    record(action, actor=actor, target=offer, municipality=offer.municipality.code)
    retire_offer(offer)
    sync_object(offer)
    return True


@transaction.atomic
def withdraw_offer(offer: VisitOffer, *, actor) -> bool:
    """Stop taking requests; requests already made go on."""
    if not may_host_visits(actor, offer.municipality_id):
        raise PermissionDenied
    if not VisitOffer.objects.filter(pk=offer.pk, is_published=True).update(is_published=False):
        return False
    offer.is_published = False
    record(
        "visits.offer_withdrawn", actor=actor, target=offer, municipality=offer.municipality.code
    )
    retire_offer(offer)
    sync_object(offer)
    return True
