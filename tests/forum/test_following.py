"""Following tags, boards and questions, and who is told what: new questions in
followed tags and boards, new answers to followed questions, accepted answers,
@mentions. Nobody is told about a question they may not see."""

import pytest
from django.core import mail

from community.forum import services
from community.forum.models import Board, Follow, ForumTag
from community.forum.notifications import Kind
from community.notifications.models import Notification
from tests.conftest import make_member

pytestmark = pytest.mark.django_db


def kinds_for(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``with committed(): …``: the block's transaction commits, so its queued
    announcements run (the test settings' task backend runs them on commit)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def kintone(db):
    return ForumTag.objects.create(name="kintone")


def test_members_follow_and_unfollow_tags_and_boards_through_the_site(
    client_for, member, question_factory, shimotsuma_staff
):
    question_factory(shimotsuma_staff, tags=["kintone"])
    client = client_for(member)
    client.post("/forum/tags/kintone/follow/", {"follow": "1"})
    client.post("/forum/boards/training/follow/", {"follow": "1"})
    assert Follow.objects.filter(member=member).count() == 2
    page = client.get("/forum/following/").content.decode()
    assert "#kintone" in page and "研修・人材育成" in page
    assert 'aria-pressed="true"' in client.get("/forum/tags/kintone/").content.decode()
    client.post("/forum/tags/kintone/follow/", {"follow": "0"})
    assert not Follow.objects.filter(member=member, tag__name="kintone").exists()


def test_following_needs_an_account(client, db):
    response = client.post("/forum/boards/training/follow/", {"follow": "1"})
    assert response["Location"].startswith("/accounts/login/")


def test_after_following_the_member_returns_where_they_were_but_never_off_site(client_for, member):
    client = client_for(member)
    response = client.post(
        "/forum/boards/training/follow/", {"follow": "1", "next": "/forum/?tag=kintone"}
    )
    assert response["Location"] == "/forum/?tag=kintone"
    response = client.post(
        "/forum/boards/training/follow/", {"follow": "1", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/forum/boards/training/"


def test_askers_and_answerers_follow_the_question_by_themselves(
    question_factory, shimotsuma_staff, other_town_staff
):
    question = question_factory(shimotsuma_staff, answered_by=other_town_staff)
    assert set(Follow.objects.filter(question=question).values_list("member", flat=True)) == {
        shimotsuma_staff.pk,
        other_town_staff.pk,
    }


def test_followers_of_a_tag_hear_of_new_questions_by_inbox_and_email(
    kintone, question_factory, shimotsuma_staff, other_town_staff, member,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    services.follow(other_town_staff, kintone)
    services.follow(member, kintone)
    services.follow(shimotsuma_staff, kintone)  # the asker is never told of their own question
    with django_capture_on_commit_callbacks(execute=True):
        question_factory(shimotsuma_staff, tags=["kintone"])
    assert kinds_for(other_town_staff) == [Kind.NEW_QUESTION]
    assert kinds_for(member) == [Kind.NEW_QUESTION]
    assert kinds_for(shimotsuma_staff) == []
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [other_town_staff.email, member.email]
    )


def test_news_of_a_staff_only_question_reaches_only_those_who_may_see_it(
    kintone, question_factory, shimotsuma_staff, other_town_staff, member, staff_board,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    services.follow(other_town_staff, kintone)
    services.follow(member, kintone)
    services.follow(member, staff_board)  # a stale follow from when they were staff
    with django_capture_on_commit_callbacks(execute=True):
        question_factory(
            shimotsuma_staff,
            board=staff_board,
            tags=["kintone"],
            body="@山口陽菜 さんにも見てほしいのですが",
        )
    assert kinds_for(other_town_staff) == [Kind.NEW_QUESTION]
    assert kinds_for(member) == []
    assert [message.to for message in mail.outbox] == [[other_town_staff.email]]


def test_board_followers_hear_of_new_questions_in_it(
    question_factory, shimotsuma_staff, other_town_staff, committed
):
    services.follow(other_town_staff, Board.objects.get(slug="counter-dx"))
    with committed():
        question_factory(shimotsuma_staff, board=Board.objects.get(slug="counter-dx"), tags=[])
    assert kinds_for(other_town_staff) == [Kind.NEW_QUESTION]


def test_new_answers_reach_the_questions_followers_but_not_their_author(
    question_factory, shimotsuma_staff, other_town_staff, member, committed
):
    question = question_factory(shimotsuma_staff)
    services.follow(member, question)
    with committed():
        services.post_answer(question, author=other_town_staff, body="回答です")
    assert kinds_for(shimotsuma_staff) == [Kind.MY_QUESTION_ANSWERED]  # the asker
    assert kinds_for(member) == [Kind.NEW_ANSWER]
    assert kinds_for(other_town_staff) == []


def test_accepting_tells_the_answerer_and_followers(
    question_factory, shimotsuma_staff, other_town_staff, member, committed
):
    question = question_factory(shimotsuma_staff)
    answer = services.post_answer(question, author=other_town_staff, body="回答です")
    services.follow(member, question)
    with committed():
        services.accept_answer(question, answer, actor=shimotsuma_staff)
    assert Kind.ACCEPTED in kinds_for(other_town_staff)
    assert Kind.ACCEPTED in kinds_for(member)
    assert Kind.ACCEPTED not in kinds_for(shimotsuma_staff)


def test_a_mention_by_name_without_spaces_tells_that_member(
    question_factory, shimotsuma_staff, other_town_staff, member, committed
):
    question = question_factory(shimotsuma_staff)
    with committed():
        services.post_answer(
            question,
            author=other_town_staff,
            body="@石塚美咲さん、@山口陽菜 さんの事例が参考になります",
        )
    assert Kind.MENTION in kinds_for(member)
    # The asker is mentioned and follows the question: one notification, the mention.
    assert kinds_for(shimotsuma_staff) == [Kind.MENTION]


def test_an_ambiguous_name_outside_the_thread_mentions_nobody(
    question_factory, shimotsuma_staff, other_town_staff, committed
):
    make_member("a@example.com", name="田中 一郎")
    make_member("b@example.com", name="田中 一郎")
    question = question_factory(shimotsuma_staff)
    with committed():
        services.post_answer(question, author=other_town_staff, body="@田中一郎 さんどうですか")
    assert not Notification.objects.filter(kind=Kind.MENTION).exists()
    assert kinds_for(shimotsuma_staff) == [Kind.MY_QUESTION_ANSWERED]


def test_email_addresses_are_not_mentions(question_factory, shimotsuma_staff, member, committed):
    with committed():
        question_factory(
            shimotsuma_staff, body="問い合わせは info@山口陽菜.example まで。@山口陽菜 さんも"
        )
    assert kinds_for(member) == [Kind.MENTION]  # once, for the @name, not for the address


def test_adding_a_tag_in_an_edit_tells_its_followers_once(
    question_factory, shimotsuma_staff, other_town_staff, django_capture_on_commit_callbacks
):
    rpa = ForumTag.objects.create(name="RPA")
    services.follow(other_town_staff, rpa)
    question = question_factory(shimotsuma_staff, tags=["kintone"])
    with django_capture_on_commit_callbacks(execute=True):
        for body in ("RPA も検討中です", "RPA も検討中です（追記）"):
            services.edit_question(
                question, editor=shimotsuma_staff, title=question.title, body=body,
                tags=["kintone", "RPA"],
            )  # fmt: skip
    assert kinds_for(other_town_staff) == [Kind.NEW_QUESTION]
    assert len(mail.outbox) == 1
