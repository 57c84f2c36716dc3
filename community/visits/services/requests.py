"""A visit request from its sending to its end. Each change runs in a
transaction, records who did it in the audit log and queues one email to the
other side after commit.

Changes to a request are conditional UPDATEs on its ``version``: a form
carries the version it was made from, and a change made meanwhile by the
other side makes the service return False instead of overwriting it.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from community.audit.models import record

from ..caching import retire_hosting, retire_visit
from ..models import VisitMessage, VisitOffer, VisitRequest
from ..notifications import notify_other_side
from ..permissions import may_post_message, may_request_visit, side_of
from ..rules import RuleBreak, request_breaks
from ..states import TRANSITIONS, Side, Status

# Visits happen in Japan: their times are Japan Standard Time.
VISIT_TIME_ZONE = ZoneInfo("Asia/Tokyo")
MAX_PREFERRED_DATES = 3


class VisitError(Exception):
    """A change that cannot be made, with a message for the person who tried."""


class RulesBroken(VisitError):
    def __init__(self, breaks: list[RuleBreak]):
        self.breaks = breaks
        super().__init__(" ".join(rule_break.message for rule_break in breaks))


@dataclass(frozen=True)
class VisitDetails:
    """What a visitor tells the host: the request form's cleaned data."""

    format: str
    visitor_type: str
    organisation: str
    party_size: int
    preferred_days: list[datetime.date]
    purpose: str
    contact_name: str
    contact_email: str
    contact_phone: str = ""
    questions: str = ""
    # Which form field each preferred day came from, for error messages.
    day_fields: list[str] = field(default_factory=list)

    def breaks(self, offer: VisitOffer) -> list[RuleBreak]:
        fields = self.day_fields or [
            f"preferred_date_{number}" for number in range(1, len(self.preferred_days) + 1)
        ]
        breaks = request_breaks(
            offer,
            visit_format=self.format,
            visitor_type=self.visitor_type,
            party_size=self.party_size,
            days=list(zip(fields, self.preferred_days, strict=True)),
        )
        if not self.preferred_days:
            breaks.append(RuleBreak("preferred_date_1", _("Give at least one preferred date.")))
        if len(self.preferred_days) > MAX_PREFERRED_DATES:
            breaks.append(RuleBreak("preferred_date_1", _("Give at most three preferred dates.")))
        return breaks

    def as_fields(self) -> dict:
        return {
            "format": self.format,
            "visitor_type": self.visitor_type,
            "organisation": self.organisation,
            "party_size": self.party_size,
            "preferred_dates": [day.isoformat() for day in self.preferred_days],
            "purpose": self.purpose,
            "questions": self.questions,
            "contact_name": self.contact_name,
            "contact_email": self.contact_email,
            "contact_phone": self.contact_phone,
        }


@transaction.atomic
def request_visit(
    offer: VisitOffer, *, requester, details: VisitDetails, consent: bool
) -> VisitRequest:
    """A member asks to visit; the host is emailed. Refuses a request that breaks the offer's rules."""
    if not may_request_visit(requester, offer):
        raise PermissionDenied
    if not consent:
        raise VisitError(
            _("Agree to share your contact details with the host, or the host cannot reply.")
        )
    breaks = details.breaks(offer)
    if breaks:
        raise RulesBroken(breaks)
    visit = VisitRequest.objects.create(
        offer=offer,
        requester=requester,
        visitor_municipality=requester.staff_municipality if requester.is_verified_staff else None,
        consented_at=timezone.now(),
        **details.as_fields(),
    )
    record("visits.requested", actor=requester, target=visit, status=visit.status, version=1)
    retire_hosting(offer.municipality_id)
    notify_other_side(visit, event="requested", actor_side=Side.REQUESTER, actor=requester)
    return visit


def _change(
    visit: VisitRequest,
    action: str,
    *,
    actor,
    expected_version: int,
    values: dict | None = None,
    note: str = "",
    event: str | None = None,
) -> bool:
    """Apply ``action`` if ``visit`` is still at ``expected_version``; False if it changed meanwhile."""
    transition = TRANSITIONS[action]
    side = side_of(actor, visit)
    if side not in transition.sides:
        raise PermissionDenied
    if expected_version != visit.version:
        return False
    if visit.status not in transition.sources:
        raise VisitError(
            _("This request is “%(status)s” now, so that is no longer possible.")
            % {"status": visit.get_status_display()}
        )
    values = dict(values or {})
    if transition.target:
        values["status"] = transition.target
    changed = VisitRequest.objects.filter(
        pk=visit.pk, version=expected_version, status=visit.status
    ).update(**values, version=F("version") + 1, updated_at=timezone.now())
    if not changed:
        return False
    retire_hosting(visit.offer.municipality_id)
    visit.refresh_from_db()
    record(
        f"visits.{action}",
        actor=actor,
        target=visit,
        reason=values.get("closing_reason", ""),
        status=visit.status,
        version=visit.version,
    )
    notify_other_side(visit, event=event or action, actor_side=side, actor=actor, note=note)
    return True


@transaction.atomic
def update_request(
    visit: VisitRequest, details: VisitDetails, *, actor, expected_version: int
) -> bool:
    """The requester changes their request before a date is confirmed."""
    if side_of(actor, visit) != Side.REQUESTER:
        raise PermissionDenied
    breaks = details.breaks(visit.offer)
    if breaks:
        raise RulesBroken(breaks)
    return _change(
        visit, "update", actor=actor, expected_version=expected_version, values=details.as_fields()
    )


def _future_days(days: Iterable[datetime.date]) -> list[datetime.date]:
    days = sorted(set(days))
    today = timezone.localdate()
    if not days:
        raise VisitError(_("Give at least one date."))
    if len(days) > MAX_PREFERRED_DATES:
        raise VisitError(_("Give at most three dates."))
    if any(day <= today for day in days):
        raise VisitError(_("Dates must be in the future."))
    return days


@transaction.atomic
def propose_dates(
    visit: VisitRequest,
    days: Iterable[datetime.date],
    *,
    actor,
    expected_version: int,
    note: str = "",
) -> bool:
    """The host suggests up to three dates; the request is then being arranged."""
    days = _future_days(days)
    changed = _change(
        visit,
        "propose",
        actor=actor,
        expected_version=expected_version,
        values={"proposed_dates": [day.isoformat() for day in days]},
        note=note,
    )
    if changed and note.strip():
        VisitMessage.objects.create(request=visit, author=actor, body=note.strip())
    return changed


@transaction.atomic
def confirm_visit(
    visit: VisitRequest,
    date: datetime.date,
    *,
    actor,
    expected_version: int,
    start_time: datetime.time | None = None,
    agenda: str = "",
) -> bool:
    """The host fixes the day (and start time) and attaches the agenda."""
    if date < timezone.localdate():
        raise VisitError(_("The visit date cannot be in the past."))
    offer = visit.offer
    starts_at = datetime.datetime.combine(date, start_time or offer.start_time, VISIT_TIME_ZONE)
    ends_at = starts_at + datetime.timedelta(minutes=offer.duration_minutes)
    return _change(
        visit,
        "confirm",
        actor=actor,
        expected_version=expected_version,
        values={"starts_at": starts_at, "ends_at": ends_at, "agenda": agenda.strip()},
    )


@transaction.atomic
def decline(visit: VisitRequest, *, actor, expected_version: int, reason: str) -> bool:
    """The host says no (辞退), with a reason for the visitor."""
    if not reason.strip():
        raise VisitError(_("Tell the visitor why."))
    return _change(
        visit,
        "decline",
        actor=actor,
        expected_version=expected_version,
        values={"closing_reason": reason.strip()},
        note=reason.strip(),
    )


@transaction.atomic
def cancel(visit: VisitRequest, *, actor, expected_version: int, reason: str = "") -> bool:
    """The requester withdraws the request (取消)."""
    return _change(
        visit,
        "cancel",
        actor=actor,
        expected_version=expected_version,
        values={"closing_reason": reason.strip()},
        note=reason.strip(),
    )


@transaction.atomic
def mark_done(visit: VisitRequest, *, actor, expected_version: int) -> bool:
    """Either side records that the visit took place (from its start time on)."""
    if visit.status == Status.CONFIRMED and not visit.has_taken_place:
        raise VisitError(_("A visit can be marked as done once it has taken place."))
    changed = _change(
        visit,
        "mark_done",
        actor=actor,
        expected_version=expected_version,
        values={"done_at": timezone.now()},
    )
    if changed:
        retire_visit(visit)
    return changed


@transaction.atomic
def post_message(visit: VisitRequest, *, actor, body: str) -> VisitMessage:
    if not may_post_message(actor, visit):
        raise PermissionDenied
    body = body.strip()
    if not body:
        raise VisitError(_("Write a message first."))
    message = VisitMessage.objects.create(request=visit, author=actor, body=body)
    record("visits.message", actor=actor, target=visit, message=message.pk)
    notify_other_side(
        visit,
        event="message",
        actor_side=side_of(actor, visit),
        actor=actor,
        note=body,
        occurrence=f"m{message.pk}",
    )
    return message


def forget_contact_details(member) -> int:
    """A member left: their name, address and phone go from their requests."""
    return VisitRequest.objects.filter(requester=member).update(
        contact_name="", contact_email="", contact_phone=""
    )
