from functools import cache

from django.core.cache import cache as shared_cache

from yokoten import cache_policy
from yokoten.member_cache import member_tag

from .models import UNREAD_COLUMN, Notification


def unread_notifications(request):
    """``unread_notification_count`` for the header, only for signed-in members and
    only when a template reads it: read with the member's row and cached with it
    (``read_with_row``, community/notifications/apps.py); for a member loaded otherwise,
    one query, then cached until a notification of theirs is written or read
    (``member:<id>``)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    @cache
    def count() -> int:
        read_with_row = getattr(user, UNREAD_COLUMN, None)
        if read_with_row is not None:
            return read_with_row
        key = f"unread:{user.pk}:{cache_policy.version(member_tag(user.pk))}"
        unread = shared_cache.get(key)
        if unread is None:
            unread = Notification.objects.for_member(user).unread().count()
            shared_cache.set(key, unread, 600)
        return unread

    return {"unread_notification_count": count}
