"""Who may see, join and organise events."""

from django.core.exceptions import PermissionDenied

from community.accounts.permissions import is_member, is_verified_staff, may_moderate

from .models import Audience


def may_organise_events(user) -> bool:
    """Verified staff and moderators create events."""
    return is_verified_staff(user) or may_moderate(user)


def may_see_event(user, event) -> bool:
    if event.audience == Audience.PUBLIC:
        return True
    if event.audience == Audience.MEMBERS:
        return is_member(user)
    return is_verified_staff(user) or may_moderate(user) or _organises(user, event)


def filter_visible_events(user, queryset):
    if is_verified_staff(user) or may_moderate(user):
        return queryset
    if is_member(user):
        return queryset.exclude(audience=Audience.STAFF)
    return queryset.filter(audience=Audience.PUBLIC)


def may_rsvp(user, event) -> bool:
    return (
        is_member(user)
        and may_see_event(user, event)
        and not event.is_past
        and not event.cancelled_at
    )


def _organises(user, event) -> bool:
    return is_member(user) and event.organiser_id == user.pk


def may_edit_event(user, event) -> bool:
    return _organises(user, event) or may_moderate(user)


def may_cancel_event(user, event) -> bool:
    """The organiser or a moderator calls off an event that has not happened yet."""
    return may_edit_event(user, event) and not event.is_past and not event.cancelled_at


def may_see_attendees(user, event) -> bool:
    return may_edit_event(user, event)


def check(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied
