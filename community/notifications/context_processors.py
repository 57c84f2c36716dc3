from functools import cache

from .models import Notification


def unread_notifications(request):
    """``unread_notification_count`` for the header: one query, made only when a
    template reads it, and only for signed-in members."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    @cache
    def count() -> int:
        return Notification.objects.for_member(user).unread().count()

    return {"unread_notification_count": count}
