"""The notices' kind of notification (registered from ``apps.py``)."""

from django.utils.translation import pgettext_lazy

from community.notifications.registry import register_announcer, register_kind, register_target


class Kind:
    REVIEW = register_kind(
        "notices_review",
        label=pgettext_lazy("notification kind", "Checks of official notices I cited"),
        message={
            "review": pgettext_lazy(
                "notification",
                "A new fiscal year: is “%(title)s”, which you cited, still valid?",
            ),
            "superseded": pgettext_lazy(
                "notification",
                "“%(title)s”, which you cited, has been superseded: please check what you wrote",
            ),
        },
    )


def register() -> None:
    from . import services
    from .models import Notice

    register_target(Notice, lambda user, queryset: queryset)  # notices are public
    for name, announcer in services.ANNOUNCERS.items():
        register_announcer(name, announcer)
