"""After a handover the predecessor stays credited as the author and the successor
is shown as the current contact (page, API); and the notice of a handover is an
ordinary notification of its own kind: in the inbox, emailed as each member chose,
once."""

import pytest
from django.core import mail

from casestudies.handover import services
from casestudies.handover.models import Handover
from casestudies.handover.notifications import HANDOVER, announce_handover
from community.notifications.models import Delivery, EmailPreference, Notification
from tests.conftest import make_member
from tests.handover.test_handover import post_transfer

pytestmark = pytest.mark.django_db


def take_over(successor, predecessor, capture, municipality):
    with capture(execute=True):
        return services.hand_over(
            actor=successor, predecessor=predecessor, successor=successor, municipality=municipality
        )


def byline(html: str) -> str:
    start = html.index('<p class="byline">')
    return " ".join(html[start : html.index("</p>", start)].split())


def test_the_page_credits_the_predecessor_as_author_and_the_successor_as_contact(
    client,
    shimotsuma_staff,
    predecessor,
    predecessor_work,
    django_capture_on_commit_callbacks,
):
    case = predecessor_work["case"]
    before = byline(client.get(case.url).content.decode())
    assert "田中 一郎" in before and "現担当" not in before and "石塚 美咲" not in before

    take_over(shimotsuma_staff, predecessor, django_capture_on_commit_callbacks, case.municipality)

    after = byline(client.get(case.url).content.decode())
    assert after.index("作成：") < after.index("田中 一郎") < after.index("（下妻市）")
    assert after.index("（下妻市）") < after.index("現担当：") < after.index("石塚 美咲")
    api = client.get(f"/api/v1/casestudies/{case.pk}").json()
    assert api["credit"] == {"authors": ["田中 一郎"], "contact": "石塚 美咲"}


def test_a_page_never_handed_over_credits_its_author_alone(
    client, shimotsuma_staff, case_study_factory
):
    case = case_study_factory("082104", owner=shimotsuma_staff)
    assert "現担当" not in byline(client.get(case.url).content.decode())
    credit = client.get(f"/api/v1/casestudies/{case.pk}").json()["credit"]
    assert credit == {"authors": ["石塚 美咲"], "contact": None}


def test_handed_over_twice_the_first_author_keeps_the_credit(
    client, client_for, moderator, shimotsuma_staff, predecessor, predecessor_work,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    case = predecessor_work["case"]
    take_over(shimotsuma_staff, predecessor, django_capture_on_commit_callbacks, case.municipality)
    third = make_member("suzuki@city.shimotsuma.lg.jp", name="鈴木 花子")
    with django_capture_on_commit_callbacks(execute=True):
        assert post_transfer(client_for(moderator), shimotsuma_staff, third).status_code == 302
    credit = client.get(f"/api/v1/casestudies/{case.pk}").json()["credit"]
    assert credit == {"authors": ["田中 一郎"], "contact": "鈴木 花子"}


def test_the_handover_notice_reaches_the_inbox_and_is_emailed_once(
    client_for, shimotsuma_staff, predecessor, predecessor_work,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    municipality = predecessor_work["case"].municipality
    take_over(shimotsuma_staff, predecessor, django_capture_on_commit_callbacks, municipality)

    inbox = client_for(predecessor).get("/notifications/").content.decode()
    assert "石塚 美咲" in inbox and "引き継ぎました" in inbox
    notices = [m for m in mail.outbox if predecessor.email in m.to]
    assert len(notices) == 1 and "前任者の事例" in notices[0].body
    assert "/notifications/settings/" in notices[0].body  # where to turn it off
    # The one who took it over is not told; the announcement run again tells nobody twice.
    assert not Notification.objects.filter(recipient=shimotsuma_staff).exists()
    with django_capture_on_commit_callbacks(execute=True):
        announce_handover(Handover.objects.get().pk)
    assert len(mail.outbox) == 1
    assert Notification.objects.filter(kind=HANDOVER).count() == 1


def test_a_predecessor_who_turned_the_kind_off_gets_no_email_but_the_inbox_item(
    client_for, shimotsuma_staff, predecessor, predecessor_work,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    settings_page = client_for(predecessor).get("/notifications/settings/").content.decode()
    assert "自分の公開物の引き継ぎ" in settings_page
    EmailPreference.objects.create(member=predecessor, kind=HANDOVER, delivery=Delivery.OFF)
    municipality = predecessor_work["case"].municipality
    take_over(shimotsuma_staff, predecessor, django_capture_on_commit_callbacks, municipality)
    assert mail.outbox == []
    assert Notification.objects.get(recipient=predecessor).kind == HANDOVER


def test_a_reassignment_tells_both_sides_and_not_the_moderator(
    client_for, moderator, shimotsuma_staff, predecessor, predecessor_work,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    client = client_for(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        assert post_transfer(client, predecessor, shimotsuma_staff).status_code == 302
    assert not Notification.objects.filter(recipient=moderator).exists()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [predecessor.email, shimotsuma_staff.email]
    )
    told = Notification.objects.filter(kind=HANDOVER)
    assert {n.recipient_id for n in told} == {predecessor.pk, shimotsuma_staff.pk}
    successor_notice = told.get(recipient=shimotsuma_staff)
    assert "田中 一郎" in successor_notice.message and successor_notice.url == "/handover/"
