"""``send_digests --period daily|weekly``: each member's digest holds what they chose
to receive in it, only what they may still see, and is never sent twice."""

import pytest
from django.core import mail
from django.core.management import call_command

from community.forum import services
from community.forum.notifications import Kind
from community.notifications.models import Delivery, DigestSetting, EmailPreference

pytestmark = pytest.mark.django_db


@pytest.fixture
def digest_reader(other_town_staff):
    EmailPreference.objects.create(
        member=other_town_staff, kind=Kind.NEW_QUESTION, delivery=Delivery.DIGEST
    )
    DigestSetting.objects.create(member=other_town_staff, frequency="daily")
    return other_town_staff


def run(period) -> str:
    from io import StringIO

    out = StringIO()
    call_command("send_digests", "--period", period, stdout=out)
    return out.getvalue()


def test_the_daily_digest_gathers_the_days_items_once(
    announce, digest_reader, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        announce([digest_reader])
        announce([digest_reader], event="test.event.2")
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        assert "Sent 0 weekly" in run("weekly")
        assert "Sent 1 daily" in run("daily")
        assert "Sent 0 daily" in run("daily")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [digest_reader.email]
    assert "毎日のまとめ：2件のお知らせ" in message.subject
    assert message.body.count("LoGoフォームの添付ファイル上限") == 2
    assert DigestSetting.objects.get(member=digest_reader).last_sent_at is not None


def test_weekly_is_the_default_rhythm(
    announce, other_town_staff, django_capture_on_commit_callbacks
):
    EmailPreference.objects.create(
        member=other_town_staff, kind=Kind.NEW_QUESTION, delivery=Delivery.DIGEST
    )
    announce([other_town_staff])
    with django_capture_on_commit_callbacks(execute=True):
        run("daily")
        assert mail.outbox == []
        run("weekly")
    assert len(mail.outbox) == 1 and "毎週のまとめ" in mail.outbox[0].subject


def test_hidden_and_staff_only_questions_are_left_out(
    announce, digest_reader, question, moderator, django_capture_on_commit_callbacks
):
    announce([digest_reader])
    services.hide_post(question, actor=moderator, reason="重複")
    with django_capture_on_commit_callbacks(execute=True):
        assert "Sent 0 daily" in run("daily")
    assert mail.outbox == []


def test_items_emailed_at_once_never_reach_the_digest(
    announce, other_town_staff, django_capture_on_commit_callbacks
):
    DigestSetting.objects.create(member=other_town_staff, frequency="daily")
    with django_capture_on_commit_callbacks(execute=True):
        announce([other_town_staff])
        run("daily")
    assert len(mail.outbox) == 1 and "まとめ" not in mail.outbox[0].subject
