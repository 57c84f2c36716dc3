"""Who hears about what happens to an event. The services queue these (by id) with
``announce_later``; event keys make a retry tell nobody twice."""

import datetime

from django.utils import timezone
from django.utils.formats import date_format

from community.notifications.services import notify

from .models import EVENT_TIME_ZONE, Event, Rsvp, RsvpStatus
from .notifications import Kind


def when(event: Event) -> str:
    starts = event.starts_at.astimezone(EVENT_TIME_ZONE)
    return f"{date_format(starts, 'DATE_FORMAT')} {starts:%H:%M}"


def _news(event: Event) -> dict:
    return {"target": event, "title": event.title, "url": event.get_absolute_url()}


def _coming(event: Event) -> list:
    return [
        rsvp.member for rsvp in event.rsvps.filter(status=RsvpStatus.GOING).select_related("member")
    ]


def promoted(rsvp_id: int, stamp: str) -> None:
    """The member moved off the waiting list (``stamp``: when, so a second promotion
    after cancelling and coming back is news again)."""
    rsvp = Rsvp.objects.select_related("event", "member").filter(pk=rsvp_id).first()
    if rsvp is None or rsvp.status != RsvpStatus.GOING:
        return
    event = rsvp.event
    notify(
        [rsvp.member],
        kind=Kind.PROMOTED,
        event=f"events.promoted.{rsvp.pk}.{stamp}",
        excerpt=when(event),
        **_news(event),
    )


def record(event_id: int, editor_id: int) -> None:
    """Everyone who came: the minutes, slides or recording are there (once)."""
    event = Event.objects.select_related("organiser").filter(pk=event_id).first()
    if event is None:
        return
    editor = event.organiser if event.organiser_id == editor_id else None
    notify(
        _coming(event),
        kind=Kind.RECORD,
        event=f"events.record.{event.pk}",
        actor=editor,
        **_news(event),
    )


def cancelled(event_id: int, actor_id: int | None) -> None:
    """Everyone coming or waiting: the event is called off (once)."""
    event = Event.objects.select_related("organiser").filter(pk=event_id).first()
    if event is None or event.cancelled_at is None:
        return
    members = [
        rsvp.member
        for rsvp in event.rsvps.filter(
            status__in=[RsvpStatus.GOING, RsvpStatus.WAITING]
        ).select_related("member")
    ]
    notify(
        members,
        kind=Kind.CANCELLED,
        event=f"events.cancelled.{event.pk}",
        actor=event.organiser if event.organiser_id == actor_id else None,
        excerpt=" ".join(part for part in (when(event), event.cancellation_note) if part),
        **_news(event),
    )


def reminders(now=None) -> int:
    """Remind everyone coming to an event that starts tomorrow (Japan time), once each
    however often it runs; returns how many were told now."""
    now = now or timezone.now()
    tomorrow = now.astimezone(EVENT_TIME_ZONE).date() + datetime.timedelta(days=1)
    start = datetime.datetime.combine(tomorrow, datetime.time.min, EVENT_TIME_ZONE)
    events = Event.objects.filter(
        starts_at__gte=start, starts_at__lt=start + datetime.timedelta(days=1), cancelled_at=None
    )
    told = 0
    for event in events:
        told += len(
            notify(
                _coming(event),
                kind=Kind.REMINDER,
                event=f"events.reminder.{event.pk}.{event.starts_at:%Y%m%d%H%M}",
                excerpt=when(event),
                **_news(event),
            )
        )
    return told


ANNOUNCERS = {
    "events.promoted": promoted,
    "events.record": record,
    "events.cancelled": cancelled,
}
