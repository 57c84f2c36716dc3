"""Upcoming events on the front door and the dashboard, as one small context function
(``upcoming_events``) and one include (templates/home/includes/upcoming_events.html).

Visitors see the next public events; a signed-in member sees the events they signed up
for (coming or waiting, a cancelled one marked 中止) and the next others they may join.
One query per list, whatever the number of events. The front door is cached under
``list:events`` (retired by every event created, edited or cancelled) for at most the
page cache's lifetime, so an event that just ended may linger there that long. A
member's lists are cached for them (``list:events``, their RSVPs ``rsvps:<id>`` and
their role ``member:<id>``), and an event that ended meanwhile is left out on reading."""

from dataclasses import dataclass, field

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from community.accounts.permissions import is_member
from community.events.caching import EVENTS_LIST, rsvps_tag
from community.events.models import Event, Rsvp, RsvpStatus
from community.events.permissions import filter_visible_events
from yokoten import cache_policy
from yokoten.member_cache import member_tag

SHOWN = 3
MINE_SHOWN = 5
TIMEOUT = 600  # as long as a cached page (YOKOTEN_PAGE_CACHE_SECONDS)


@dataclass
class UpcomingEvents:
    mine: list = field(default_factory=list)
    others: list = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.mine or self.others)

    def changes_at(self):
        """When the first event listed ends, and leaves the list."""
        return min((event.ends_at for event in (*self.mine, *self.others)), default=None)


def _listed(queryset):
    return queryset.only(
        "pk", "title", "kind", "format", "starts_at", "ends_at", "cancelled_at", "audience"
    )


def upcoming_events(request) -> UpcomingEvents:
    user = request.user
    if not is_member(user):
        return _upcoming(user, timezone.now())  # the front door: cached as a whole page
    tags = (EVENTS_LIST, rsvps_tag(user.pk), member_tag(user.pk))
    events = cache_policy.fetch(
        f"events:upcoming:{user.pk}", tags, lambda: _upcoming(user, timezone.now()), timeout=TIMEOUT
    )
    cache_policy.shows(request, *tags)
    now = timezone.now()
    events.mine = [event for event in events.mine if event.ends_at >= now]
    events.others = [event for event in events.others if event.ends_at >= now]
    return events


def _upcoming(user, now) -> UpcomingEvents:
    visible = filter_visible_events(user, Event.objects.all()).upcoming(now)
    others = _listed(visible.filter(cancelled_at=None))
    mine = []
    if is_member(user):
        answered = [RsvpStatus.GOING, RsvpStatus.WAITING]
        status = Rsvp.objects.filter(event=OuterRef("pk"), member=user).values("status")[:1]
        mine = list(
            _listed(visible)
            .annotate(my_status=Subquery(status))
            .filter(my_status__in=answered)[:MINE_SHOWN]
        )
        others = others.exclude(
            pk__in=Rsvp.objects.filter(member=user, status__in=answered).values("event_id")
        )
    return UpcomingEvents(mine=mine, others=list(others[:SHOWN]))
