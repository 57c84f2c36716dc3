"""Creating events and answering them: RSVP with a waiting list, cancelling (the
first member waiting moves up and is told), the record after the event and the
the reminder the day before (``announce.reminders``). Each runs in a transaction and is recorded in the audit log."""

from django.db import transaction
from django.utils import timezone

from community.audit.models import record
from community.notifications.services import announce_later
from community.search.registry import sync_object

from .caching import retire_event_lists, retire_rsvps
from .models import Event, Rsvp, RsvpStatus

EVENT_FIELDS = (
    "title",
    "kind",
    "summary",
    "agenda",
    "starts_at",
    "ends_at",
    "format",
    "venue",
    "online_url",
    "capacity",
    "audience",
)


@transaction.atomic
def create_event(organiser, *, tags=(), related_pages=(), **fields) -> Event:
    event = Event.objects.create(organiser=organiser, **fields)
    event.tags.set(list(tags))
    event.related_pages.set(list(related_pages))
    record("events.created", actor=organiser, target=event)
    sync_object(event)
    retire_event_lists()
    return event


@transaction.atomic
def edit_event(event: Event, *, editor, tags=None, related_pages=None, **fields) -> bool:
    changed = [name for name, value in fields.items() if getattr(event, name) != value]
    for name in changed:
        setattr(event, name, fields[name])
    if changed:
        event.save()
    if tags is not None and sorted(event.tags.names()) != sorted(tags):
        event.tags.set(list(tags))
        changed.append("tags")
    if related_pages is not None:
        event.related_pages.set(list(related_pages))
    if changed:
        record("events.edited", actor=editor, target=event, fields=changed)
        sync_object(event)
        retire_event_lists()
    # A larger capacity lets people in from the waiting list.
    _fill_places(Event.objects.select_for_update().get(pk=event.pk), actor=editor)
    return bool(changed)


def _going_count(event: Event) -> int:
    return event.rsvps.filter(status=RsvpStatus.GOING).count()


def _has_room(event: Event) -> bool:
    return event.capacity is None or _going_count(event) < event.capacity


@transaction.atomic
def rsvp(event: Event, member) -> Rsvp:
    """Come to ``event``: a place while there is room, else the end of the waiting
    list. Asking again changes nothing (one RSVP per member and event)."""
    event = Event.objects.select_for_update().get(pk=event.pk)  # RSVPs queue behind this row
    current = Rsvp.objects.filter(event=event, member=member).first()
    if current is not None and current.status != RsvpStatus.CANCELLED:
        return current
    status = RsvpStatus.GOING if _has_room(event) else RsvpStatus.WAITING
    if current is None:
        current = Rsvp.objects.create(event=event, member=member, status=status)
    else:
        current.status, current.queued_at, current.promoted_at = status, timezone.now(), None
        current.save()
    record("events.rsvp", actor=member, target=event, status=status)
    retire_rsvps(member.pk)
    return current


@transaction.atomic
def cancel_rsvp(event: Event, member) -> bool:
    """Not coming after all; a freed place goes to the first member waiting."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    changed = Rsvp.objects.filter(
        event=event, member=member, status__in=[RsvpStatus.GOING, RsvpStatus.WAITING]
    ).update(status=RsvpStatus.CANCELLED)
    if not changed:
        return False
    record("events.rsvp_cancelled", actor=member, target=event)
    retire_rsvps(member.pk)
    _fill_places(event, actor=None)
    return True


def _fill_places(event: Event, *, actor) -> list[Rsvp]:
    """Move members up from the waiting list, first come first served, while there is
    room; tell each one. The caller holds the event's row lock."""
    if event.is_past or event.cancelled_at:
        return []
    promoted = []
    while _has_room(event):
        first = (
            Rsvp.objects.filter(event=event, status=RsvpStatus.WAITING)
            .select_related("member")
            .order_by("queued_at", "pk")
            .first()
        )
        if first is None:
            break
        first.status, first.promoted_at = RsvpStatus.GOING, timezone.now()
        first.save(update_fields=["status", "promoted_at", "updated_at"])
        record("events.promoted", actor=actor, target=event, member=first.member_id)
        announce_later("events.promoted", first.pk, f"{first.promoted_at:%Y%m%d%H%M%S%f}")
        retire_rsvps(first.member_id)
        promoted.append(first)
    return promoted


@transaction.atomic
def cancel_event(event: Event, *, actor, note: str = "") -> bool:
    """The organiser (or a moderator) calls the event off: it takes no more RSVPs and
    everyone coming or waiting is told. False if it was already cancelled or is over."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.cancelled_at or event.is_past:
        return False
    event.cancelled_at, event.cancellation_note = timezone.now(), note.strip()
    event.save(update_fields=["cancelled_at", "cancellation_note", "updated_at"])
    record("events.cancelled", actor=actor, target=event, note=event.cancellation_note)
    announce_later("events.cancelled", event.pk, getattr(actor, "pk", None))
    sync_object(event)
    retire_event_lists()
    return True


@transaction.atomic
def add_record(event: Event, *, editor, minutes: str, recording_url: str, slides=None) -> bool:
    """The minutes, slides and recording after the event; everyone who came is told once."""
    fields = {"minutes": minutes, "recording_url": recording_url}
    if slides is not None:
        fields["slides"] = slides
    changed = [name for name, value in fields.items() if getattr(event, name) != value]
    if not changed:
        return False
    for name in changed:
        setattr(event, name, fields[name])
    event.save()
    record("events.record", actor=editor, target=event, fields=changed)
    announce_later("events.record", event.pk, editor.pk)
    sync_object(event)
    return True
