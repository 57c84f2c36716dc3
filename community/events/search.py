"""Events are searchable (site search, and the q of the event lists); each reader
finds only the events they may see."""

from django.utils.translation import pgettext_lazy

from community.search.registry import register, register_kind


def event_body(event) -> str:
    parts = [event.summary, event.agenda, event.venue, " ".join(event.tags.names()), event.minutes]
    return "\n".join(part for part in parts if part)


def register_for_search() -> None:
    from .models import Event

    register(
        Event,
        get_queryset=lambda: Event.objects.filter(cancelled_at=None),
        get_title=lambda event: event.title,
        get_body=event_body,
    )
    register_kind(
        "events",
        label=pgettext_lazy("search kind", "Events"),
        filters=_event_filters,
        describe=_when,
        order=60,
    )


def _when(event) -> str:
    from .templatetags.events import event_time

    return event_time(event)


def _event_filters(request, data):
    from .filters import EventFilterSet
    from .models import Event
    from .permissions import filter_visible_events

    visible = filter_visible_events(request.user, Event.objects.all())
    return EventFilterSet(data, visible.for_listing(), request=request)
