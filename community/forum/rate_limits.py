"""Posting limits for new members: an account younger than
``FORUM_NEW_MEMBER_DAYS`` may post at most ``FORUM_NEW_MEMBER_POSTS_PER_HOUR``
questions, answers and comments an hour. Verified staff and moderators are
trusted from their first day. Counters live in the cache (Redis in production).
"""

import datetime

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _

from .permissions import exempt_from_new_member_limits

WINDOW_SECONDS = 60 * 60


class PostingTooFast(Exception):
    """Raised before a post is saved; ``str()`` is a translated message for the member."""


def _key(user) -> str:
    return f"forum:new-member-posts:{user.pk}"


def is_limited(user) -> bool:
    if exempt_from_new_member_limits(user):
        return False
    new_until = user.date_joined + datetime.timedelta(days=settings.FORUM_NEW_MEMBER_DAYS)
    return timezone.now() < new_until


def check_posting_rate(user) -> None:
    limit = settings.FORUM_NEW_MEMBER_POSTS_PER_HOUR
    if is_limited(user) and cache.get(_key(user), 0) >= limit:
        raise PostingTooFast(
            _(
                "New members can post %(limit)s times an hour during their first %(days)s days. "
                "Please try again later: what you wrote is kept below."
            )
            % {"limit": limit, "days": settings.FORUM_NEW_MEMBER_DAYS}
        )


def count_post(user) -> None:
    if not is_limited(user):
        return
    cache.add(_key(user), 0, WINDOW_SECONDS)
    try:
        cache.incr(_key(user))
    except ValueError:  # expired between add and incr
        cache.set(_key(user), 1, WINDOW_SECONDS)
