"""``notify``: one inbox item per (event, recipient); email after commit, in
Japanese, at once or in a digest or not at all as each member chose; never
twice for one event, even when two processes announce it at the same moment."""

import threading

import pytest
from django.core import mail
from django.db import connection, connections, transaction

from community.forum.notifications import Kind
from community.notifications.models import Delivery, EmailPreference, Notification
from community.notifications.services import notify

pytestmark = pytest.mark.django_db


def test_one_event_makes_one_item_and_one_email_after_commit(
    announce, other_town_staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        made = announce([other_town_staff])
        assert mail.outbox == []  # nothing is sent before the transaction commits
    assert len(made) == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [other_town_staff.email]
    assert (
        message.subject
        == "[Yokoten] 石塚 美咲さんが新しい質問を投稿しました：「LoGoフォームの添付ファイル上限」"
    )
    assert "佐藤 健太 様" in message.body
    assert "http://127.0.0.1:8000/forum/questions/" in message.body
    assert "/notifications/settings/" in message.body


def test_announcing_the_same_event_again_makes_nothing_new(
    announce, other_town_staff, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        announce([other_town_staff])
        assert announce([other_town_staff]) == []
        assert len(announce([other_town_staff, member])) == 1  # only the newcomer
    assert Notification.objects.filter(event_key="test.event.1").count() == 2
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [other_town_staff.email, member.email]
    )


def test_a_sent_email_is_never_sent_again(
    announce, other_town_staff, django_capture_on_commit_callbacks
):
    from community.notifications.services import send_notification_email

    with django_capture_on_commit_callbacks(execute=True):
        notification = announce([other_town_staff])[0]  # claims and queues its email
        assert send_notification_email(notification.pk) is False
        assert send_notification_email(notification.pk) is False
    assert len(mail.outbox) == 1


def test_the_actor_and_former_members_are_never_told(announce, shimotsuma_staff, other_town_staff):
    from community.accounts.services import delete_account

    delete_account(other_town_staff)
    assert announce([shimotsuma_staff, other_town_staff]) == []


@pytest.mark.parametrize(
    ("delivery", "emails"), [(Delivery.INSTANT, 1), (Delivery.DIGEST, 0), (Delivery.OFF, 0)]
)
def test_each_kind_is_emailed_as_the_member_chose(
    announce, other_town_staff, django_capture_on_commit_callbacks, delivery, emails
):
    EmailPreference.objects.create(
        member=other_town_staff, kind=Kind.NEW_QUESTION, delivery=delivery
    )
    with django_capture_on_commit_callbacks(execute=True):
        announce([other_town_staff])
        announce([other_town_staff], event="test.answer.1", kind=Kind.NEW_ANSWER)
    assert Notification.objects.filter(recipient=other_town_staff).count() == 2
    assert len(mail.outbox) == emails + 1  # the answer kind keeps its default: at once


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs concurrent writers (PostgreSQL); SQLite serialises every write",
)
def test_one_event_announced_twice_at_once_sends_one_email(django_user_model):
    from community.forum import services
    from community.forum.models import Board

    # Transactional tests run last and start from a flushed database: make what we need.
    asker = django_user_model.objects.create_user(email="asker@example.jp", display_name="質問者")
    reader = django_user_model.objects.create_user(email="reader@example.jp", display_name="読者")
    board, _ = Board.objects.get_or_create(slug="race", defaults={"name": "同時実行"})
    question = services.ask_question(asker, board=board, title="同時通知", body="本文", tags=[])
    mail.outbox.clear()
    barrier = threading.Barrier(2)
    errors = []

    def announce_once():
        try:
            barrier.wait(timeout=10)
            with transaction.atomic():
                notify(
                    [reader],
                    kind=Kind.NEW_ANSWER,
                    event="forum.answer.race",
                    target=question,
                    title=question.title,
                    url=question.get_absolute_url(),
                    actor=asker,
                )
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=announce_once) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert Notification.objects.filter(event_key="forum.answer.race").count() == 1
    assert len(mail.outbox) == 1
