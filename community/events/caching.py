"""The events' cache tag (yokoten/cache_policy.py): ``list:events``, what shows events
outside their own pages (the front door's upcoming events)."""

from yokoten.cache_policy import retire

EVENTS_LIST = "list:events"


def retire_event_lists() -> None:
    retire(EVENTS_LIST)
