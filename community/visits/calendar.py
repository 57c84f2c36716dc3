"""An .ics file for a confirmed visit, the same for both sides.

The UID stays the same for a request, and SEQUENCE follows its version, so a
calendar that imported the file before updates the event when the host moves
the visit to another date."""

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from .services import VISIT_TIME_ZONE

PRODID = "-//Yokoten//Site visits//JA"


def visit_uid(visit) -> str:
    return f"visit-{visit.pk}@yokoten"


def visit_calendar(visit, *, url: str) -> bytes:
    offer = visit.offer
    host = offer.municipality
    with translation.override(settings.LANGUAGE_CODE):
        summary = _("Site visit: %(host)s “%(offer)s”") % {
            "host": host.display_name,
            "offer": offer.title,
        }
        description_parts = [
            f"{visit.get_format_display()} / {_('Contact department')}: {offer.contact_department}",
            f"{_('Agenda')}:\n{visit.agenda}" if visit.agenda else "",
            url,
        ]
    event = Event()
    event.add("uid", visit_uid(visit))
    event.add("dtstamp", timezone.now())
    event.add("sequence", visit.version)
    event.add("dtstart", visit.starts_at.astimezone(VISIT_TIME_ZONE))
    event.add("dtend", visit.ends_at.astimezone(VISIT_TIME_ZONE))
    event.add("summary", summary)
    event.add("location", host.display_name)
    event.add("description", "\n\n".join(part for part in description_parts if part))
    event.add("url", url)
    event.add("status", "CONFIRMED")

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
