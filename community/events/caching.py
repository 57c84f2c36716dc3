"""The events' cache tags (yokoten/cache_policy.py): ``list:events``, what shows events
outside their own pages (the front door's upcoming events); ``rsvps:<member id>``,
the events a member signed up for (their dashboard)."""

from yokoten.cache_policy import retire

EVENTS_LIST = "list:events"


def retire_event_lists() -> None:
    retire(EVENTS_LIST)


def rsvps_tag(member_id) -> str:
    return f"rsvps:{member_id}"


def retire_rsvps(*member_ids) -> None:
    retire(*(rsvps_tag(member_id) for member_id in member_ids))
