"""Who may still see what a notification points at.

A notification outlives the moment it was made: the question may be hidden by
a moderator or moved to a staff-only board, the recipient's verification may
expire. Each app that notifies registers, for its target model, the queryset
filter that decides visibility; the inbox and the digests show only targets
that pass it (one query per target model, however many notifications)::

    register_target(Question, filter_visible_questions)
"""

from collections.abc import Callable, Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import models

VisibilityFilter = Callable[[object, models.QuerySet], models.QuerySet]

_filters: dict[type[models.Model], VisibilityFilter] = {}


def register_target(model: type[models.Model], visible: VisibilityFilter) -> None:
    _filters[model] = visible


def visible_target_keys(user, notifications: Iterable) -> set[tuple[int, int]]:
    """(target_type_id, target_id) of the notifications whose target ``user`` may see."""
    wanted: dict[int, set[int]] = {}
    for notification in notifications:
        wanted.setdefault(notification.target_type_id, set()).add(notification.target_id)
    visible: set[tuple[int, int]] = set()
    for type_id, ids in wanted.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        visibility = _filters.get(model)
        if model is None or visibility is None:
            continue  # an unregistered target is never shown: fail closed
        found = visibility(user, model._default_manager.filter(pk__in=ids)).values_list(
            "pk", flat=True
        )
        visible.update((type_id, pk) for pk in found)
    return visible
