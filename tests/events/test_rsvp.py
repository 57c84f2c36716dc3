"""RSVPs: a place while there is room, then the waiting list; cancelling moves the
first member waiting up; answering twice changes nothing."""

import pytest

from community.audit.models import AuditEntry
from community.events import services
from community.events.models import RsvpStatus
from tests.conftest import make_member

pytestmark = pytest.mark.django_db


def test_members_past_the_capacity_wait_and_the_first_moves_up_when_someone_cancels(
    make_event, shimotsuma_staff, member, other_town_staff
):
    event = make_event(shimotsuma_staff, capacity=2)
    third = make_member("third@example.com", name="三浦 葵")
    assert services.rsvp(event, member).status == RsvpStatus.GOING
    assert services.rsvp(event, other_town_staff).status == RsvpStatus.GOING
    assert services.rsvp(event, third).status == RsvpStatus.WAITING

    assert services.cancel_rsvp(event, member) is True
    statuses = dict(event.rsvps.values_list("member__display_name", "status"))
    assert statuses == {"山口 陽菜": "cancelled", "佐藤 健太": "going", "三浦 葵": "going"}
    assert event.rsvps.get(member=third).promoted_at is not None
    assert AuditEntry.objects.filter(action="events.promoted").count() == 1


def test_answering_twice_keeps_one_rsvp_and_its_place(make_event, shimotsuma_staff, member):
    event = make_event(shimotsuma_staff, capacity=1)
    first = services.rsvp(event, member)
    again = services.rsvp(event, member)
    assert first.pk == again.pk and again.status == RsvpStatus.GOING
    assert event.rsvps.count() == 1


def test_a_member_who_comes_back_after_cancelling_joins_the_end_of_the_queue(
    make_event, shimotsuma_staff, member, other_town_staff
):
    event = make_event(shimotsuma_staff, capacity=1)
    services.rsvp(event, member)
    services.cancel_rsvp(event, member)
    services.rsvp(event, other_town_staff)
    assert services.rsvp(event, member).status == RsvpStatus.WAITING


def test_a_larger_capacity_lets_the_waiting_list_in(
    make_event, shimotsuma_staff, member, other_town_staff
):
    event = make_event(shimotsuma_staff, capacity=1)
    services.rsvp(event, member)
    services.rsvp(event, other_town_staff)
    services.edit_event(event, editor=shimotsuma_staff, capacity=2)
    assert event.rsvps.get(member=other_town_staff).status == RsvpStatus.GOING


def test_cancelling_without_an_rsvp_changes_nothing(make_event, shimotsuma_staff, member):
    event = make_event(shimotsuma_staff)
    assert services.cancel_rsvp(event, member) is False
