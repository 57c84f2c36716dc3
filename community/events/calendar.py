"""Events as iCalendar: one event's .ics, and a subscription of every public event
(optionally of one tag). UIDs stay the same, SEQUENCE follows the last change."""

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from .models import EVENT_TIME_ZONE

PRODID = "-//Yokoten//Events//JA"


def _base_url() -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def _component(event, *, with_link: bool):
    url = _base_url() + event.get_absolute_url()
    item = CalendarEvent()
    item.add("uid", f"event-{event.pk}@yokoten")
    item.add("dtstamp", timezone.now())
    item.add("sequence", int(event.updated_at.timestamp()) % 2_000_000_000)
    item.add("dtstart", event.starts_at.astimezone(EVENT_TIME_ZONE))
    item.add("dtend", event.ends_at.astimezone(EVENT_TIME_ZONE))
    item.add("summary", event.title)
    location = event.venue or ""
    if with_link and event.online_url:
        location = f"{location} {event.online_url}".strip()
    if location:
        item.add("location", location)
    description = [event.summary, event.agenda, url]
    item.add("description", "\n\n".join(part for part in description if part))
    item.add("url", url)
    item.add("status", "CANCELLED" if event.cancelled_at else "CONFIRMED")
    for tag in event.tags.all():
        item.add("categories", tag.name)
    return item


def calendar_of(events, *, name: str, with_links: bool = False) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    for event in events:
        calendar.add_component(_component(event, with_link=with_links))
    calendar.add_missing_timezones()
    return calendar.to_ical()
