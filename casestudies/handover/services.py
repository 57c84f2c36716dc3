"""Handover on 人事異動: what a member published belongs to their municipality as well
as to them. A verified colleague of the same municipality takes over a predecessor's
case studies, app templates, curricula, visit offers and open visit requests; the
predecessor may hand them to a named colleague before leaving; a moderator may
reassign them. Staff of another municipality cannot. Each transfer is in the audit
log and is kept as a ``Handover`` (the pages keep crediting the predecessor as their
author, the successor as their contact); both sides get a notice of kind
``handover`` (notifications.py), except the one who moved it."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from wagtail.models import Page

from casestudies.knowledge.admin_permissions import knowledge_models
from community.accounts.permissions import is_member, is_verified_staff, may_moderate
from community.audit.models import record
from community.notifications.services import announce_later
from community.visits.models import VisitOffer, VisitRequest
from community.visits.states import OPEN

from .models import Handover


@dataclass
class Holdings:
    """What one member holds for one municipality."""

    pages: list = field(default_factory=list)  # case studies, templates, curricula
    offers: list = field(default_factory=list)
    requests: list = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.pages) + len(self.offers) + len(self.requests)

    def __bool__(self) -> bool:
        return bool(self.count)


def holdings_by_member(municipality, member=None) -> dict[int, Holdings]:
    """Who holds what of ``municipality`` (pages, offers, open requests), by member id;
    only ``member``'s when given. A fixed number of queries, however many rows."""
    only_member = {} if member is None else {"owner": member}
    held: dict[int, Holdings] = {}
    for model in knowledge_models():
        pages = model.objects.filter(municipality=municipality, owner__isnull=False, **only_member)
        for page in pages.only("title", "live", "url_path", "path", "depth", "owner_id"):
            page.kind_label = model._meta.verbose_name
            held.setdefault(page.owner_id, Holdings()).pages.append(page)
    offers = VisitOffer.objects.filter(municipality=municipality, created_by__isnull=False)
    if member is not None:
        offers = offers.filter(created_by=member)
    for offer in offers:
        held.setdefault(offer.created_by_id, Holdings()).offers.append(offer)
    requests = VisitRequest.objects.filter(
        visitor_municipality=municipality, status__in=OPEN
    ).select_related("offer__municipality")
    if member is not None:
        requests = requests.filter(requester=member)
    for visit in requests:
        held.setdefault(visit.requester_id, Holdings()).requests.append(visit)
    return held


def holdings(member, municipality) -> Holdings:
    """``member``'s pages, visit offers and open visit requests for ``municipality``."""
    return holdings_by_member(municipality, member).get(member.pk, Holdings())


def predecessors(municipality, *, exclude=None) -> list:
    """Members who hold something of ``municipality``, each with ``held`` (a
    ``Holdings``), still-verified colleagues included; those holding most first."""
    held = holdings_by_member(municipality)
    if exclude is not None:
        held.pop(exclude.pk, None)
    members = list(
        get_user_model().objects.filter(pk__in=held).select_related("staff_municipality")
    )
    for member in members:
        member.held = held[member.pk]
    return sorted(members, key=lambda member: (-member.held.count, member.pk))


def verified_colleagues(municipality, *, exclude=None):
    """Verified staff of ``municipality`` now: those who may receive a handover."""
    from django.utils import timezone

    members = get_user_model().objects.filter(
        staff_municipality=municipality, staff_until__gt=timezone.now(), is_active=True
    )
    if exclude is not None:
        members = members.exclude(pk=exclude.pk)
    return members.order_by("display_name", "pk")


def may_hand_over(actor, predecessor, successor, municipality) -> bool:
    """Whether ``actor`` may move ``predecessor``'s holdings in ``municipality`` to
    ``successor``: the successor is verified staff of that municipality and not the
    predecessor; the actor is the successor (taking over), the predecessor (handing
    over to a colleague) or a moderator (reassigning)."""
    if not is_member(actor) or predecessor.pk == successor.pk:
        return False
    if not is_verified_staff(successor, municipality):
        return False
    if may_moderate(actor):
        return True
    if actor.pk == successor.pk:
        return True
    return actor.pk == predecessor.pk


def check_hand_over(actor, predecessor, successor, municipality) -> None:
    if not may_hand_over(actor, predecessor, successor, municipality):
        raise PermissionDenied


@transaction.atomic
def hand_over(*, actor, predecessor, successor, municipality) -> Holdings:
    """Move everything ``predecessor`` holds for ``municipality`` to ``successor``:
    page ownership (the CMS's owner), visit offers (their contact) and open visit
    requests (the requesting side). One audit entry per item; one ``Handover``; one
    announcement. Returns what moved (nothing: nothing changed)."""
    check_hand_over(actor, predecessor, successor, municipality)
    moved = holdings(predecessor, municipality)
    if not moved:
        return moved
    how = (
        "taken_over"
        if actor.pk == successor.pk
        else "handed_over"
        if actor.pk == predecessor.pk
        else "reassigned"
    )
    Page.objects.filter(pk__in=[page.pk for page in moved.pages]).update(owner=successor)
    VisitOffer.objects.filter(pk__in=[offer.pk for offer in moved.offers]).update(
        created_by=successor
    )
    VisitRequest.objects.filter(pk__in=[request.pk for request in moved.requests]).update(
        requester=successor
    )
    for item in [*moved.pages, *moved.offers, *moved.requests]:
        record(
            "handover.transfer",
            actor=actor,
            target=item,
            how=how,
            municipality=municipality.code,
            predecessor=predecessor.pk,
            successor=successor.pk,
        )
    handover = Handover.objects.create(
        municipality=municipality,
        predecessor=predecessor,
        successor=successor,
        actor=actor,
        how=how,
        titles=[
            *(page.title for page in moved.pages),
            *(offer.title for offer in moved.offers),
            *(visit.offer.title for visit in moved.requests),
        ],
    )
    handover.pages.set([page.pk for page in moved.pages])
    from yokoten.cache_policy import retire_everything

    retire_everything()  # the pages' bylines name their new contact
    # Both sides hear of it (not the one who did it), in the inbox and by email as each
    # chose: one task after the commit.
    announce_later("handover.transferred", handover.pk)
    return moved
