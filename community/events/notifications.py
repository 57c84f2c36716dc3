"""The events' kinds of notification and announcers (registered from ``apps.py``)."""

from django.utils.translation import pgettext_lazy

from community.notifications.registry import register_announcer, register_kind, register_target


class Kind:
    PROMOTED = register_kind(
        "events_promoted",
        label=pgettext_lazy("notification kind", "A place for me at an event I was waiting for"),
        message=pgettext_lazy(
            "notification", "A place opened up: you are now coming to “%(title)s”"
        ),
    )
    REMINDER = register_kind(
        "events_reminder",
        label=pgettext_lazy("notification kind", "Reminders the day before an event I come to"),
        message=pgettext_lazy("notification", "Tomorrow: “%(title)s”"),
    )
    CANCELLED = register_kind(
        "events_cancelled",
        label=pgettext_lazy("notification kind", "Cancellation of an event I signed up for"),
        message=pgettext_lazy("notification", "Cancelled: “%(title)s”"),
    )
    RECORD = register_kind(
        "events_record",
        label=pgettext_lazy("notification kind", "Minutes and recordings of events I came to"),
        message=pgettext_lazy(
            "notification", "%(actor)s added the minutes or recording of “%(title)s”"
        ),
    )


def register() -> None:
    from . import announce
    from .models import Event
    from .permissions import filter_visible_events

    register_target(Event, filter_visible_events)
    for name, announcer in announce.ANNOUNCERS.items():
        register_announcer(name, announcer)
