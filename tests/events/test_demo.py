import pytest

from casestudies.demo import accounts, events
from community.events.models import Event, RsvpStatus

pytestmark = pytest.mark.django_db


def test_the_demo_has_events_to_come_and_past_ones_with_minutes(client):
    accounts.load()
    events.load()
    events.load()  # twice: nothing doubles
    assert Event.objects.count() == len(events.EVENTS)
    upcoming = client.get("/events/").content.decode()
    assert "kintone職員研修の進め方 勉強会（オンライン）" in upcoming
    assert "ひとり情報担当の意見交換会" not in upcoming  # staff only
    archive = client.get("/events/archive/").content.decode()
    assert "ノーコードで始める業務改善" in archive
    past = Event.objects.get(title__contains="第5回")
    assert past.minutes and past.rsvps.filter(status=RsvpStatus.GOING).count() == 3
