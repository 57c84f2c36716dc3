"""Upcoming events on the front door and the dashboard, as one small context function
(``upcoming_events``) and one include (templates/home/includes/upcoming_events.html).

Visitors see the next public events; a signed-in member sees the events they signed up
for (coming or waiting, a cancelled one marked 中止) and the next others they may join.
One query per list, whatever the number of events. The front door is cached under
``list:events`` (retired by every event created, edited or cancelled) for at most the
page cache's lifetime, so an event that just ended may linger there that long."""

from dataclasses import dataclass, field

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from community.accounts.permissions import is_member
from community.events.models import Event, Rsvp, RsvpStatus
from community.events.permissions import filter_visible_events

SHOWN = 3
MINE_SHOWN = 5


@dataclass
class UpcomingEvents:
    mine: list = field(default_factory=list)
    others: list = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.mine or self.others)


def _listed(queryset):
    return queryset.only(
        "pk", "title", "kind", "format", "starts_at", "ends_at", "cancelled_at", "audience"
    )


def upcoming_events(request) -> UpcomingEvents:
    user, now = request.user, timezone.now()
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
