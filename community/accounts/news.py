"""When "new since my last visit" starts for a member, on their dashboard.

A visit is a run of dashboard views less than ``VISIT_GAP`` apart. The first view
of a visit records it (one UPDATE; the other views of the visit write nothing) and
moves the start of what is new to the previous visit. Marking everything as seen
moves it to now."""

import datetime

from django.utils import timezone

from yokoten import cache_policy

from .caching import retire_member, visit_tag
from .models import User

VISIT_GAP = datetime.timedelta(minutes=30)
# A member's first visit counts as new what came in the last two weeks.
FIRST_VISIT_WINDOW = datetime.timedelta(days=14)


def news_since(member: User, *, now: datetime.datetime | None = None) -> datetime.datetime:
    """The moment what is new for ``member`` starts, recording this visit when it
    is a new one (at most one write per ``VISIT_GAP``)."""
    now = now or timezone.now()
    last = member.home_visited_at
    if last is not None and now < visit_ends_at(member):
        return member.news_since or last
    if last is None:
        since = max(member.date_joined, now - FIRST_VISIT_WINDOW)
    else:
        # What came after the previous visit is new, unless it was marked seen since.
        since = max(last, member.news_since or last)
    _record(member, home_visited_at=now, news_since=since)
    # Their cached row: the dashboard they were shown ended with the visit before.
    cache_policy.retire(visit_tag(member.pk))
    return since


def visit_ends_at(member: User) -> datetime.datetime | None:
    """When the member's current visit ends: their next dashboard view after it starts
    a new one (and moves what is new). None before their first visit."""
    last = member.home_visited_at
    return None if last is None else last + VISIT_GAP


def mark_news_seen(member: User, *, now: datetime.datetime | None = None) -> bool:
    """Nothing before now is new any more; whether anything changed."""
    now = now or timezone.now()
    return _moved(member, home_visited_at=now, news_since=now)


def set_last_visit(member: User, at: datetime.datetime) -> bool:
    """The member last visited at ``at`` (the demo's officers, so that their next
    visit has something new)."""
    return _moved(member, home_visited_at=at, news_since=at)


def _record(member: User, **moments) -> bool:
    """Store ``moments`` without a full save (no signals, no other columns)."""
    updated = User.objects.filter(pk=member.pk).update(**moments)
    for name, value in moments.items():
        setattr(member, name, value)
    return bool(updated)


def _moved(member: User, **moments) -> bool:
    """Move what is new within a visit: the member's cached row and everything shown
    to them alone (their dashboard) are retired; nothing else shows the moments."""
    updated = _record(member, **moments)
    retire_member(member.pk, shown_on_pages=False)
    return updated
