"""What each app tells members about, and who may still see it.

Each app that notifies registers, when it loads (its ``notifications.py``, imported
from ``AppConfig.ready``):

- its **kinds**: a key, the label members see on their email settings page, the
  sentence the inbox and the email say, and how it is emailed unless the member
  chose otherwise::

      NEW_ANSWER = register_kind(
          "forum_answer",
          label=pgettext_lazy("notification kind", "New answers to questions I follow"),
          message=pgettext_lazy("notification", "%(actor)s answered “%(title)s”"),
      )

- its **announcers**: functions of JSON arguments (ids) that pick the recipients
  and call ``services.notify``; ``services.announce_later(name, *args)`` runs one on
  the task queue after the caller's transaction commits (the fan-out never runs
  in a web request)::

      register_announcer("forum.new_question", new_question_by_id)

- the **visibility filter** of each target model: a notification outlives the
  moment it was made (the question may be hidden, the recipient's verification may
  expire), so the inbox and the digests show only targets that pass it (one query
  per target model, however many notifications)::

      register_target(Question, filter_visible_questions)

``community/notifications`` imports no app: the apps call it.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

INSTANT = "instant"  # models.Delivery.INSTANT (kept here: models import this module)

VisibilityFilter = Callable[[object, models.QuerySet], models.QuerySet]


@dataclass(frozen=True)
class NotificationKind:
    key: str
    label: str | Promise  # on the settings page: "New answers to questions I follow"
    # In the inbox and the email; may use %(actor)s and %(title)s. A dict chooses by the
    # event key's second part: {"confirm": …} for "visits.confirm.12.3".
    message: str | Promise | dict
    default_delivery: str = INSTANT  # until the member chooses: instant, digest or off
    # How the email reads: <template>_subject.txt and <template>_message.txt
    template: str = "notifications/email/notification"

    def __str__(self) -> str:
        return self.key

    def message_for(self, event_key: str):
        if not isinstance(self.message, dict):
            return self.message
        parts = event_key.split(".")
        verb = parts[1] if len(parts) > 1 else ""
        return self.message.get(verb, UNKNOWN_MESSAGE)


_kinds: dict[str, NotificationKind] = {}
_announcers: dict[str, Callable] = {}
_filters: dict[type[models.Model], VisibilityFilter] = {}

UNKNOWN_MESSAGE = pgettext_lazy("notification", "%(actor)s: “%(title)s”")


def register_kind(
    key: str,
    *,
    label,
    message,
    default_delivery: str = INSTANT,
    template: str = "notifications/email/notification",
) -> str:
    """Register a kind of notification; returns its key (what ``notify(kind=…)`` takes)."""
    if len(key) > 30:
        raise ValueError(f"A notification kind's key has at most 30 characters: {key!r}")
    _kinds[key] = NotificationKind(key, label, message, default_delivery, template)
    return key


def kinds() -> list[NotificationKind]:
    """Every registered kind, in the order the apps registered them."""
    return list(_kinds.values())


def kind(key: str) -> NotificationKind:
    """The registered kind, or a plain stand-in for one no app registers any more."""
    return _kinds.get(key) or NotificationKind(key, key, UNKNOWN_MESSAGE)


def register_announcer(name: str, announcer: Callable) -> None:
    _announcers[name] = announcer


def announcer(name: str) -> Callable:
    return _announcers[name]


def register_target(model: type[models.Model], visible: VisibilityFilter) -> None:
    _filters[model] = visible


def visible_target_keys(user, notifications: Iterable) -> set[tuple[int, str]]:
    """``notification.target_key`` of the notifications whose target ``user`` may see."""
    wanted: dict[int, set[str]] = {}
    for notification in notifications:
        wanted.setdefault(notification.target_type_id, set()).add(str(notification.target_id))
    visible: set[tuple[int, str]] = set()
    for type_id, ids in wanted.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        visibility = _filters.get(model)
        if model is None or visibility is None:
            continue  # an unregistered target is never shown: fail closed
        found = visibility(user, model._default_manager.filter(pk__in=ids)).values_list(
            "pk", flat=True
        )
        visible.update((type_id, str(pk)) for pk in found)
    return visible
