"""Verified staff hear 30 and 7 days before their verification ends, once each
(however often the daily command runs), in the inbox and by email, and renew in
one step: a link to their official address, confirmed while signed in."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from community.accounts.renewal import EXPIRY, send_expiry_reminders
from community.audit.models import AuditEntry
from community.notifications.models import Notification

pytestmark = pytest.mark.django_db


def days_before_the_end(member, days: int) -> datetime.datetime:
    return member.staff_until - datetime.timedelta(days=days) + datetime.timedelta(hours=1)


def run_twice(capture, now) -> int:
    told = 0
    for _run in range(2):
        with capture(execute=True):
            told += send_expiry_reminders(now)
    return told


def test_reminders_come_30_and_7_days_before_the_end_once_each(
    django_capture_on_commit_callbacks, shimotsuma_staff, member
):
    capture = django_capture_on_commit_callbacks
    assert run_twice(capture, days_before_the_end(shimotsuma_staff, 40)) == 0

    assert run_twice(capture, days_before_the_end(shimotsuma_staff, 30)) == 1
    assert [message.to for message in mail.outbox] == [[shimotsuma_staff.email]]
    reminder = mail.outbox[0]
    assert "下妻市の職員認証" in reminder.subject and "30日" in reminder.subject
    assert "/members/me/verification/" in reminder.body

    assert run_twice(capture, days_before_the_end(shimotsuma_staff, 29)) == 0
    assert run_twice(capture, days_before_the_end(shimotsuma_staff, 7)) == 1
    assert len(mail.outbox) == 2 and "7日" in mail.outbox[1].subject
    assert Notification.objects.filter(recipient=shimotsuma_staff, kind=EXPIRY).count() == 2
    assert not Notification.objects.filter(recipient=member).exists()  # not verified staff


def test_a_member_first_seen_within_7_days_gets_only_the_7_day_reminder(
    django_capture_on_commit_callbacks, shimotsuma_staff
):
    now = days_before_the_end(shimotsuma_staff, 5)
    assert run_twice(django_capture_on_commit_callbacks, now) == 1
    assert len(mail.outbox) == 1 and "7日" in mail.outbox[0].subject


def renewal_link(message) -> str:
    return re.search(r"https?://[^/\s]+(/members/me/verification/renew/\S+/)", message.body)[1]


def test_one_step_renewal_by_the_official_address(
    client_for, django_capture_on_commit_callbacks, shimotsuma_staff
):
    ending = timezone.now() + datetime.timedelta(days=10)  # the reminder came
    shimotsuma_staff.verifications.update(expires_at=ending)
    shimotsuma_staff.staff_until = before = ending
    shimotsuma_staff.save(update_fields=["staff_until"])
    client = client_for(shimotsuma_staff)
    page = client.get("/members/me/verification/").content.decode()
    assert "ishizuka@city.shimotsuma.lg.jp" in page and 'name="renew"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/members/me/verification/", {"renew": "1"})
    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [["ishizuka@city.shimotsuma.lg.jp"]]
    link = renewal_link(mail.outbox[0])

    assert client.get(link).status_code == 200  # a confirm button; nothing changed yet
    shimotsuma_staff.refresh_from_db()
    assert shimotsuma_staff.staff_until == before
    client.post(link)
    shimotsuma_staff.refresh_from_db()
    assert shimotsuma_staff.staff_until > before + datetime.timedelta(days=300)
    assert AuditEntry.objects.filter(action="verification.granted").count() == 2
    client.post(link)  # opened twice: renewed once
    assert AuditEntry.objects.filter(action="verification.granted").count() == 2


def test_a_renewal_link_works_only_for_its_member_and_signed_in(
    client, client_for, django_capture_on_commit_callbacks, shimotsuma_staff, other_town_staff
):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(shimotsuma_staff).post("/members/me/verification/", {"renew": "1"})
    link = renewal_link(mail.outbox[0])
    assert client.get(link)["Location"].startswith("/accounts/login/")
    response = client_for(other_town_staff).post(link)
    assert response.status_code == 400
    assert "このリンク" in response.content.decode()
    assert client_for(shimotsuma_staff).get(link + "x/").status_code == 404
    tampered = link.replace("/renew/", "/renew/x")
    assert client_for(shimotsuma_staff).post(tampered).status_code == 400


def test_a_moderator_verified_member_cannot_renew_by_email(client_for, member, moderator):
    from community.accounts.services import grant_verification
    from community.municipalities.models import Municipality

    grant_verification(
        member, Municipality.objects.get(code="064033"), method="moderator", actor=moderator
    )
    client = client_for(member)
    assert 'name="renew"' not in client.get("/members/me/verification/").content.decode()
    response = client.post("/members/me/verification/", {"renew": "1"}, follow=True)
    assert "メールでは更新できません" in response.content.decode()
    assert mail.outbox == []
