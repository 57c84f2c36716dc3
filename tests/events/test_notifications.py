"""Who is told what: the member moved off the waiting list, everyone coming the day
before (once, with a frozen clock), everyone who came when the minutes arrive."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from community.events import announce, services
from community.events.models import EVENT_TIME_ZONE
from community.notifications.models import Notification
from tests.conftest import make_member

pytestmark = pytest.mark.django_db


def inbox(member) -> list[str]:
    return [item.message for item in Notification.objects.filter(recipient=member)]


def test_the_member_who_moves_up_is_told(
    make_event, shimotsuma_staff, member, other_town_staff, django_capture_on_commit_callbacks
):
    event = make_event(shimotsuma_staff, capacity=1, title="kintone 勉強会")
    with django_capture_on_commit_callbacks(execute=True):
        services.rsvp(event, member)
        services.rsvp(event, other_town_staff)
    assert inbox(other_town_staff) == []
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_rsvp(event, member)
    assert inbox(other_town_staff) == ["空きが出ました：「kintone 勉強会」に参加できます"]
    assert inbox(member) == []


def test_the_reminder_goes_out_the_day_before_once(
    make_event, shimotsuma_staff, member, other_town_staff
):
    now = datetime.datetime(2027, 1, 19, 9, 0, tzinfo=EVENT_TIME_ZONE)
    tomorrow = datetime.datetime(2027, 1, 20, 14, 0, tzinfo=EVENT_TIME_ZONE)
    event = make_event(shimotsuma_staff, title="防災DX勉強会")
    services.edit_event(
        event,
        editor=shimotsuma_staff,
        starts_at=tomorrow,
        ends_at=tomorrow + datetime.timedelta(hours=1),
    )
    services.rsvp(event, member)
    later = make_event(shimotsuma_staff, days=30, title="来月の勉強会")
    services.rsvp(later, other_town_staff)

    assert announce.reminders(now - datetime.timedelta(days=1)) == 0  # two days before
    assert announce.reminders(now) == 1
    assert announce.reminders(now) == 0  # the daily run again: nobody twice
    assert inbox(member) == ["明日開催：「防災DX勉強会」"]
    assert inbox(other_town_staff) == []


def test_the_reminder_command_runs(capsys, db):
    call_command("send_event_reminders")
    assert "reminder(s) sent" in capsys.readouterr().out


def test_everyone_who_came_hears_of_the_minutes_once(
    make_event, shimotsuma_staff, member, django_capture_on_commit_callbacks
):
    event = make_event(shimotsuma_staff, days=1, title="kintone 勉強会")
    services.rsvp(event, member)
    absent = make_member("absent@example.com", name="欠席 太郎")
    with django_capture_on_commit_callbacks(execute=True):
        services.add_record(event, editor=shimotsuma_staff, minutes="議事録です", recording_url="")
        services.add_record(
            event, editor=shimotsuma_staff, minutes="議事録です（修正）", recording_url=""
        )
    assert inbox(member) == ["石塚 美咲さんが「kintone 勉強会」の議事録・録画を追加しました"]
    assert inbox(absent) == []
    assert timezone.now()
