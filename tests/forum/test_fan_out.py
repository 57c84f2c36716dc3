"""Telling followers happens on the task queue, not in the request: asking or
answering writes the post and one queued task; the worker makes every inbox item
in bulk and queues every email; running the task again tells nobody twice; a
task that fails is tried again later."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from community.accounts.models import User
from community.forum import services
from community.forum.models import Follow, ForumTag
from community.forum.notifications import Kind
from community.notifications import registry
from community.notifications.models import Notification
from community.notifications.tasks import announce

pytestmark = pytest.mark.django_db


def add_followers(count: int, tag: ForumTag, start: int = 0) -> list[User]:
    members = User.objects.bulk_create(
        User(
            email=f"follower{number}@town{number}.example.jp",
            username=f"follower{number}",
            display_name=f"フォロワー{number}",
        )
        for number in range(start, start + count)
    )
    Follow.objects.bulk_create(Follow(member=member, tag=tag) for member in members)
    return members


def ask(author, board, title: str):
    with CaptureQueriesContext(connection) as queries:
        question = services.ask_question(
            author, board=board, title=title, body="本文です。", tags=["kintone"]
        )
    return question, len(queries)


def announcements() -> list:
    return list(
        DBTaskResult.objects.filter(task_path=announce.module_path).values_list(
            "args_kwargs", flat=True
        )
    )


def test_asking_with_200_followers_costs_the_request_what_2_followers_cost(
    task_queue, shimotsuma_staff, public_board
):
    kintone = ForumTag.objects.create(name="kintone")
    ask(shimotsuma_staff, public_board, "準備の質問")  # caches warmed
    add_followers(2, kintone)
    _few, queries_with_2 = ask(shimotsuma_staff, public_board, "フォロワー2人の質問")
    add_followers(198, kintone, start=2)
    question, queries_with_200 = ask(shimotsuma_staff, public_board, "フォロワー200人の質問")

    assert queries_with_200 == queries_with_2
    assert not Notification.objects.exists()  # nobody was told inside the request
    assert {"args": ["forum.question", [question.pk]], "kwargs": {}} in announcements()

    task_queue()  # the announcements, then the emails they queued
    told = Notification.objects.filter(event_key=f"forum.question.{question.pk}")
    assert told.count() == 200 and set(told.values_list("kind", flat=True)) == {Kind.NEW_QUESTION}
    about_it = [message for message in mail.outbox if "フォロワー200人の質問" in message.subject]
    assert len({message.to[0] for message in about_it}) == len(about_it) == 200


def test_running_the_announcement_again_tells_nobody_twice(
    task_queue, shimotsuma_staff, public_board
):
    kintone = ForumTag.objects.create(name="kintone")
    add_followers(5, kintone)
    question, _queries = ask(shimotsuma_staff, public_board, "二度目の実行")
    task_queue()
    assert Notification.objects.count() == 5 and len(mail.outbox) == 5

    announce.enqueue("forum.question", [question.pk])  # a retry, or a second worker
    task_queue()
    assert Notification.objects.count() == 5 and len(mail.outbox) == 5


def test_a_failing_announcement_is_tried_again_after_a_minute(
    task_queue, time_passes, shimotsuma_staff, public_board, monkeypatch
):
    kintone = ForumTag.objects.create(name="kintone")
    add_followers(3, kintone)
    real = registry.announcer("forum.question")
    failures = []

    def flaky(question_id):
        if not failures:
            failures.append(question_id)
            raise ConnectionError("the database went away mid-way")
        real(question_id)

    monkeypatch.setitem(registry._announcers, "forum.question", flaky)
    ask(shimotsuma_staff, public_board, "失敗してから届く質問")
    task_queue()
    assert failures and not Notification.objects.exists() and mail.outbox == []

    time_passes(minutes=1)
    task_queue()
    assert Notification.objects.count() == 3 and len(mail.outbox) == 3
