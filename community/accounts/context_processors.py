from functools import cache

from .permissions import may_moderate


def roles(request):
    """``may_moderate`` for the header (whether it offers the moderation queues),
    asked only if a template reads it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"may_moderate": False}
    return {"may_moderate": cache(lambda: may_moderate(user))}
