"""An organiser (or a moderator) calls an event off after a confirmation step: everyone
coming or waiting is told in their inbox and by email, once; the event shows 中止 and
takes no more RSVPs. Nobody else may cancel it."""

import pytest
from django.core import mail

from community.events import services
from community.events.models import Event
from community.notifications.models import Notification
from tests.conftest import make_member
from tests.forum.conftest import ROLES, cast

pytestmark = pytest.mark.django_db


def inbox(member) -> list[str]:
    return [
        f"{item.message} / {item.excerpt}"
        for item in Notification.objects.filter(recipient=member, kind="events_cancelled")
    ]


def test_the_organiser_confirms_then_everyone_coming_or_waiting_is_told_once(
    client_for,
    make_event,
    shimotsuma_staff,
    member,
    other_town_staff,
    django_capture_on_commit_callbacks,
):
    event = make_event(shimotsuma_staff, capacity=1, title="kintone 勉強会")
    left = make_member("left@example.jp", name="辞退 さん")
    for attendee in (member, other_town_staff, left):
        services.rsvp(event, attendee)
    services.cancel_rsvp(event, left)
    mail.outbox.clear()
    client = client_for(shimotsuma_staff)

    page = client.get(f"/events/{event.pk}/cancel-event/")
    assert page.status_code == 200
    assert "中止にする" in page.content.decode()
    assert Event.objects.get(pk=event.pk).cancelled_at is None  # asking changes nothing

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/events/{event.pk}/cancel-event/", {"note": "講師の都合により延期します。"}
        )
        client.post(f"/events/{event.pk}/cancel-event/", {"note": "二度目"})  # a double click
    assert response["Location"] == event.get_absolute_url()
    for told in (member, other_town_staff):  # coming; on the waiting list
        assert len(inbox(told)) == 1
        assert inbox(told)[0].startswith("中止：「kintone 勉強会」 / ")
        assert inbox(told)[0].endswith("講師の都合により延期します。")
    assert inbox(left) == inbox(shimotsuma_staff) == []
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [member.email, other_town_staff.email]
    )
    event.refresh_from_db()
    assert event.cancellation_note == "講師の都合により延期します。"

    detail = client_for(member).get(event.get_absolute_url()).content.decode()
    assert "中止</span>" in detail and "講師の都合により延期します。" in detail
    assert "参加を取り消す" not in detail and "参加する</button>" not in detail
    assert "中止</span>" in client_for(None).get("/events/").content.decode()


def test_a_cancelled_event_takes_no_more_rsvps(client_for, make_event, shimotsuma_staff, member):
    event = make_event(shimotsuma_staff)
    services.cancel_event(event, actor=shimotsuma_staff)
    response = client_for(member).post(f"/events/{event.pk}/rsvp/", {})
    assert response.status_code == 403
    assert not event.rsvps.exists()


@pytest.mark.parametrize("who", [*ROLES, "organiser"])
def test_only_the_organiser_and_moderators_cancel_an_event(
    request, client_for, with_totp, make_event, shimotsuma_staff, who
):
    organiser = make_member("organiser@city.shimotsuma.lg.jp", name="主催 さん")
    from community.accounts.services import verify_by_email

    verify_by_email(organiser, organiser.email)
    event = make_event(organiser)
    user = organiser if who == "organiser" else cast(request, who)
    if who == "moderator":
        with_totp(user)
    client = client_for(user)
    shown = client.get(f"/events/{event.pk}/cancel-event/")
    done = client.post(f"/events/{event.pk}/cancel-event/", {"note": ""})
    cancelled = Event.objects.get(pk=event.pk).cancelled_at is not None
    if who in ("organiser", "moderator"):
        assert shown.status_code == 200 and done.status_code == 302 and cancelled
    else:
        assert not cancelled
        if who == "anonymous":
            assert "/accounts/login/" in done["Location"]
        else:
            assert shown.status_code == done.status_code == 403


def test_a_past_or_cancelled_event_cannot_be_cancelled_again(
    client_for, make_event, shimotsuma_staff
):
    past = make_event(shimotsuma_staff, days=-3)
    client = client_for(shimotsuma_staff)
    assert client.get(f"/events/{past.pk}/cancel-event/").status_code == 403
    event = make_event(shimotsuma_staff)
    assert services.cancel_event(event, actor=shimotsuma_staff)
    assert not services.cancel_event(event, actor=shimotsuma_staff)
    assert client.get(f"/events/{event.pk}/cancel-event/").status_code == 403
