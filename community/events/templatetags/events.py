from django import template
from django.utils.formats import date_format

from yokoten.i18n import in_english

from ..models import EVENT_TIME_ZONE

register = template.Library()


@register.simple_tag
def event_time(event) -> str:
    """「2027年1月20日(水) 14:00〜15:30」 in Japan time; "Jan. 20, 2027 (Wed) 14:00–15:30" in English."""
    starts = event.starts_at.astimezone(EVENT_TIME_ZONE)
    ends = event.ends_at.astimezone(EVENT_TIME_ZONE)
    day = date_format(starts, "DATE_FORMAT")
    weekday = date_format(starts, "D")
    if in_english():
        return f"{day} ({weekday}) {starts:%H:%M}–{ends:%H:%M}"
    return f"{day}({weekday}) {starts:%H:%M}〜{ends:%H:%M}"
