"""Helpful votes: one per member per post, a toggle, never for oneself, and
race-safe (two requests at once count once)."""

import threading

import pytest
from django.db import IntegrityError, connection, connections, transaction

from community.forum import services
from community.forum.models import AnswerVote, Board, Question, QuestionVote

from .conftest import cast


@pytest.mark.django_db
def test_a_vote_toggles_and_the_counter_follows(question_factory, shimotsuma_staff, member):
    question = question_factory(shimotsuma_staff)
    assert services.toggle_vote(question, member=member, helpful=True) is True
    assert services.toggle_vote(question, member=member, helpful=True) is False  # double click
    question.refresh_from_db()
    assert question.vote_count == 1
    assert services.toggle_vote(question, member=member, helpful=False) is True
    assert services.toggle_vote(question, member=member, helpful=False) is False
    question.refresh_from_db()
    assert question.vote_count == 0


@pytest.mark.django_db
def test_the_database_admits_one_vote_per_member_and_post(
    question_factory, shimotsuma_staff, member
):
    question = question_factory(shimotsuma_staff)
    QuestionVote.objects.create(member=member, question=question)
    with pytest.raises(IntegrityError), transaction.atomic():
        QuestionVote.objects.create(member=member, question=question)


@pytest.mark.django_db
def test_members_cannot_vote_for_themselves(client_for, question_factory, shimotsuma_staff):
    question = question_factory(shimotsuma_staff)
    response = client_for(shimotsuma_staff).post(
        f"/forum/vote/question/{question.pk}/", {"helpful": "1"}
    )
    assert response.status_code == 403
    with pytest.raises(services.ForumError):
        services.toggle_vote(question, member=shimotsuma_staff, helpful=True)
    question.refresh_from_db()
    assert question.vote_count == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "status"), [("anonymous", 302), ("member", 302), ("other_town_staff", 302)]
)
def test_voting_on_an_answer_through_the_site(
    request, client_for, question_factory, shimotsuma_staff, moderator, who, status
):
    question = question_factory(shimotsuma_staff)
    answer = services.post_answer(question, author=moderator, body="回答")
    client = client_for(cast(request, who))
    response = client.post(f"/forum/vote/answer/{answer.pk}/", {"helpful": "1"})
    assert response.status_code == status
    answer.refresh_from_db()
    assert answer.vote_count == (0 if who == "anonymous" else 1)
    if who != "anonymous":
        page = client.get(question.get_absolute_url()).content.decode()
        assert 'aria-pressed="true"' in page
        client.post(f"/forum/vote/answer/{answer.pk}/", {"helpful": "0"})
        answer.refresh_from_db()
        assert answer.vote_count == 0


@pytest.mark.django_db
def test_comments_take_no_votes(client_for, question_factory, shimotsuma_staff, member):
    question = question_factory(shimotsuma_staff)
    comment = services.post_comment(question, author=shimotsuma_staff, body="コメント")
    response = client_for(member).post(f"/forum/vote/comment/{comment.pk}/", {"helpful": "1"})
    assert response.status_code == 404


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs concurrent writers (PostgreSQL); SQLite serialises every write",
)
def test_two_votes_at_once_count_once_per_member(django_user_model):
    # Transactional tests run last and start from a flushed database: make what we need.
    author = django_user_model.objects.create_user(email="author@example.jp", display_name="投稿者")
    member = django_user_model.objects.create_user(email="voter@example.jp", display_name="投票者")
    board, _ = Board.objects.get_or_create(slug="race", defaults={"name": "同時実行"})
    question = services.ask_question(author, board=board, title="同時投票", body="本文", tags=[])
    answer = services.post_answer(question, author=author, body="回答")
    barrier = threading.Barrier(4)
    errors = []

    def vote(post):
        try:
            barrier.wait(timeout=10)
            services.toggle_vote(post, member=member, helpful=True)
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=vote, args=(post,)) for post in (question, question, answer, answer)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert Question.objects.get(pk=question.pk).vote_count == 1
    assert QuestionVote.objects.filter(question=question).count() == 1
    answer.refresh_from_db()
    assert answer.vote_count == 1 and AnswerVote.objects.filter(answer=answer).count() == 1
