"""Visit events reach the other side's inbox through the one notification system,
with a link to the request page, and each change emails exactly once: the host at
the offer's department address, the visitor as their settings say. A member of a
third town hears nothing."""

import pytest
from django.core import mail

from community.notifications.models import Delivery, EmailPreference, Notification
from community.visits import services
from community.visits.notifications import HOSTED, MINE
from community.visits.rules import next_free_days

from .conftest import details

pytestmark = pytest.mark.django_db

HOST_ADDRESS = "dx-desk@city.shimotsuma.lg.jp"


def inbox(member) -> list[tuple[str, str]]:
    return [
        (item.kind, item.message)
        for item in Notification.objects.filter(recipient=member).order_by("created_at", "pk")
    ]


def emailed() -> list[str]:
    addresses = [message.to[0] for message in mail.outbox]
    mail.outbox.clear()
    return addresses


def test_each_change_reaches_the_other_sides_inbox_and_one_email(
    django_capture_on_commit_callbacks, kintone_offer, shimotsuma_staff, other_town_staff,
    third_town_staff,
):  # fmt: skip
    committed = lambda: django_capture_on_commit_callbacks(execute=True)  # noqa: E731
    offer = kintone_offer
    with committed():
        visit = services.request_visit(
            offer, requester=other_town_staff, details=details(offer), consent=True
        )
    assert inbox(shimotsuma_staff) == [
        (HOSTED, f"佐藤 健太さんが視察を申し込みました：「{offer.title}」")
    ]
    assert emailed() == [HOST_ADDRESS]  # the department address; the staff's inbox only

    with committed():
        services.propose_dates(
            visit, next_free_days(offer, count=5)[3:5], actor=shimotsuma_staff,
            expected_version=visit.version, note="第1候補はいかがですか",
        )  # fmt: skip
    with committed():
        services.post_message(visit, actor=other_town_staff, body="第1候補でお願いします")
    visit.refresh_from_db()
    with committed():
        services.confirm_visit(
            visit, visit.proposed_days[0], actor=shimotsuma_staff, expected_version=visit.version
        )

    assert [kind for kind, _message in inbox(other_town_staff)] == [MINE, MINE]
    assert (
        inbox(other_town_staff)[1][1]
        == f"視察の日程が確定しました：「{offer.title}」（石塚 美咲さん）"
    )
    assert [kind for kind, _message in inbox(shimotsuma_staff)] == [HOSTED, HOSTED]
    # One email per change, to the side that did not make it.
    assert emailed() == [other_town_staff.email, HOST_ADDRESS, other_town_staff.email]
    assert inbox(third_town_staff) == []
    link = Notification.objects.filter(recipient=other_town_staff).first().url
    assert link == visit.get_absolute_url()


def test_host_staff_who_ask_for_it_are_emailed_too(
    django_capture_on_commit_callbacks, kintone_offer, shimotsuma_staff, other_town_staff
):
    EmailPreference.objects.create(member=shimotsuma_staff, kind=HOSTED, delivery=Delivery.INSTANT)
    with django_capture_on_commit_callbacks(execute=True):
        services.request_visit(
            kintone_offer, requester=other_town_staff, details=details(kintone_offer), consent=True
        )
    assert sorted(emailed()) == sorted([HOST_ADDRESS, shimotsuma_staff.email])


def test_the_inbox_item_opens_the_request_for_its_side_only(
    django_capture_on_commit_callbacks, client_for, kintone_offer, shimotsuma_staff,
    other_town_staff,
):  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        visit = services.request_visit(
            kintone_offer, requester=other_town_staff, details=details(kintone_offer), consent=True
        )
    item = Notification.objects.get(recipient=shimotsuma_staff)
    response = client_for(shimotsuma_staff).get(f"/notifications/{item.pk}/open/")
    assert response.status_code == 302 and response["Location"] == visit.get_absolute_url()
    page = client_for(shimotsuma_staff).get("/notifications/").content.decode()
    assert f"佐藤 健太さんが視察を申し込みました：「{kintone_offer.title}」" in page
    assert client_for(other_town_staff).get(f"/notifications/{item.pk}/open/").status_code == 404
