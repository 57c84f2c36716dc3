"""seed_demo's forum step: in bulk it writes exactly the rows that asking,
answering, accepting and voting through the forum's services write, and the
threads it leaves are consistent (counters, revisions, follows, search)."""

import io
import random

import pytest
from django.contrib.contenttypes.models import ContentType

from casestudies.demo.seed.forum import plan_threads, write_threads
from community.forum.mentions import compact_name
from community.forum.models import Board, Follow, ForumTag, Question, Revision
from community.forum.notifications import Kind
from community.notifications.models import Delivery, EmailPreference, Notification
from community.search.index import filter_queryset

from .snapshots import same_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def threads(seeded_members, member, shimotsuma_staff):
    """Forty planned threads (the first with 32 answers), and followers of boards and
    tags: a plain member following a staff-only board hears nothing from it."""
    Follow.objects.create(member=member, board=Board.objects.get(slug="security"))
    Follow.objects.create(member=member, board=Board.objects.get(slug="counter-dx"))
    Follow.objects.create(
        member=shimotsuma_staff, board=Board.objects.get(slug="budget-procurement")
    )
    kintone, _created = ForumTag.objects.get_or_create(name="kintone")
    Follow.objects.create(member=shimotsuma_staff, tag=kintone)
    EmailPreference.objects.create(member=member, kind=Kind.NEW_QUESTION, delivery=Delivery.DIGEST)
    EmailPreference.objects.create(
        member=seeded_members[0], kind=Kind.NEW_ANSWER, delivery=Delivery.OFF
    )
    planned = plan_threads(0.002, random.Random("forum"))
    # One answer names the asker: that thread goes through the services in both runs.
    mentioning = next(thread for thread in planned[1:] if len(thread.answers) >= 2)
    author, _body = mentioning.answers[1]
    mentioning.answers[1] = (
        author,
        f"@{compact_name(mentioning.asker.display_name)} 参考になれば。",
    )
    return planned


def test_bulk_seeding_writes_exactly_the_rows_the_forum_services_write(
    threads, django_capture_on_commit_callbacks
):
    assert len(threads) == 40 and len(threads[0].answers) == 32
    assert any(thread.board.staff_only for thread in threads)
    assert any(thread.accept_first for thread in threads)

    tables, slow_queries, fast_queries = same_rows(
        lambda: write_threads(threads, io.StringIO(), through_services=True),
        lambda: write_threads(threads, io.StringIO()),
        django_capture_on_commit_callbacks,
    )

    # The comparison covered real work of every kind …
    for table in (
        "forum_question", "forum_answer", "forum_revision", "forum_follow", "forum_answervote",
        "forum_taggedquestion", "audit_auditentry", "notifications_notification",
        "search_searchentry",
    ):  # fmt: skip
        assert tables[table], table
    assert {row["kind"] for row in tables["notifications_notification"]} == {
        Kind.NEW_QUESTION,
        Kind.MY_QUESTION_ANSWERED,
        Kind.NEW_ANSWER,
        Kind.ACCEPTED,
        Kind.MENTION,
    }
    assert {row["delivery"] for row in tables["notifications_notification"]} == set(Delivery)
    # … at a small fraction of the queries.
    assert fast_queries * 5 < slow_queries


def test_seeded_threads_are_consistent_and_findable(threads):
    write_threads(threads, io.StringIO())

    seeded = Question.objects.filter(title__in=[thread.title for thread in threads])
    assert seeded.count() == len(threads)
    for question in seeded.prefetch_related("answers", "follows", "revisions"):
        answers = list(question.answers.all())
        assert question.answer_count == len(answers)
        followers = {follow.member_id for follow in question.follows.all()}
        assert followers == {question.author_id, *(answer.author_id for answer in answers)}
        assert {(revision.answer_id, revision.number) for revision in question.revisions.all()} == {
            (None, 1),
            *((answer.pk, 1) for answer in answers),
        }
        if question.accepted_answer_id:
            assert question.accepted_answer_id == answers[0].pk
        elif answers:
            assert question.last_activity_at == answers[-1].created_at
        found, _snippets = filter_queryset(Question.objects.all(), question.title)
        assert question in found

    # Nobody hears of a staff-only board they cannot see.
    member_news = Notification.objects.filter(recipient__email="member@example.com")
    assert member_news.exists()
    staff_only = seeded.filter(board__staff_only=True).values_list("pk", flat=True)
    assert staff_only
    assert not member_news.filter(
        target_type=ContentType.objects.get_for_model(Question),
        target_id__in=[str(pk) for pk in staff_only],  # a text column: any model's key
    ).exists()
    assert Revision.objects.filter(question__in=seeded).count() == len(threads) + sum(
        len(thread.answers) for thread in threads
    )
