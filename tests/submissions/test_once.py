"""Submitting a form twice creates one thing: a double click or a retry after a
slow response returns the first result, and followers are told once."""

import threading
import uuid

import pytest
from django.core import mail
from django.db import connection, connections

from community.forum import services
from community.forum.models import Answer, Board, Comment, ForumTag, Question
from community.notifications.models import Notification
from community.visits.models import VisitMessage, VisitRequest
from community.visits.rules import next_free_days
from tests.conftest import make_member

pytestmark = pytest.mark.django_db


def token() -> str:
    return str(uuid.uuid4())


def twice(client, url, data, capture):
    """Post the same form (same token, same content) twice; the two responses."""
    with capture(execute=True):
        first = client.post(url, data)
    with capture(execute=True):
        second = client.post(url, data)
    return first, second


def test_the_same_answer_posted_twice_is_one_answer_and_one_notice(
    client_for, question_factory, shimotsuma_staff, other_town_staff,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    question = question_factory(shimotsuma_staff)
    url = f"/forum/questions/{question.pk}/answer/"
    data = {"body": "当町ではグループごとに権限を分けています。", "submission": token()}
    first, second = twice(
        client_for(other_town_staff), url, data, django_capture_on_commit_callbacks
    )
    answer = Answer.objects.get(question=question)
    assert first["Location"] == second["Location"] == answer.get_absolute_url()
    # The asker follows their question: told once, emailed once.
    assert Notification.objects.filter(recipient=shimotsuma_staff).count() == 1
    assert [message.to for message in mail.outbox] == [[shimotsuma_staff.email]]


def test_the_same_question_posted_twice_is_one_question(
    client_for, shimotsuma_staff, other_town_staff, public_board, django_capture_on_commit_callbacks
):
    follower = other_town_staff
    services.follow(follower, ForumTag.objects.get_or_create(name="kintone")[0])
    data = {
        "board": public_board.pk,
        "title": "kintone のバックアップはどうしていますか",
        "body": "職員3名で運用しています。アプリのバックアップ方法を教えてください。",
        "tags": "kintone",
        "submission": token(),
    }
    first, second = twice(
        client_for(shimotsuma_staff), "/forum/ask/", data, django_capture_on_commit_callbacks
    )
    question = Question.objects.get(title=data["title"])
    assert first["Location"] == second["Location"] == question.get_absolute_url()
    # The kintone tag's follower hears of it once, in the inbox and by email.
    assert Notification.objects.filter(recipient=follower).count() == 1
    assert sum(follower.email in message.to for message in mail.outbox) == 1


def test_one_token_with_new_content_makes_a_new_answer(
    client_for, question_factory, shimotsuma_staff, other_town_staff
):
    question = question_factory(shimotsuma_staff)
    client, same = client_for(other_town_staff), token()
    url = f"/forum/questions/{question.pk}/answer/"
    client.post(url, {"body": "一つ目の回答です。", "submission": same})
    client.post(url, {"body": "二つ目の回答です。", "submission": same})
    assert Answer.objects.filter(question=question).count() == 2


def test_another_member_with_the_same_token_makes_their_own(
    client_for, question_factory, shimotsuma_staff, other_town_staff, member
):
    question = question_factory(shimotsuma_staff)
    data = {"body": "同じ内容の回答です。", "submission": token()}
    url = f"/forum/questions/{question.pk}/answer/"
    client_for(other_town_staff).post(url, data)
    client_for(member).post(url, data)
    assert Answer.objects.filter(question=question).count() == 2


def test_the_same_comment_twice_is_one_comment(
    client_for, question_factory, shimotsuma_staff, other_town_staff
):
    question = question_factory(shimotsuma_staff)
    data = {"body": "参考になりました。", "submission": token()}
    client = client_for(other_town_staff)
    client.post(f"/forum/questions/{question.pk}/comment/", data)
    client.post(f"/forum/questions/{question.pk}/comment/", data)
    assert Comment.objects.filter(question=question).count() == 1


def test_a_deleted_result_is_made_again(
    client_for, question_factory, shimotsuma_staff, other_town_staff
):
    question = question_factory(shimotsuma_staff)
    data = {"body": "消された回答をもう一度。", "submission": token()}
    client = client_for(other_town_staff)
    url = f"/forum/questions/{question.pk}/answer/"
    client.post(url, data)
    Answer.objects.filter(question=question).delete()
    client.post(url, data)
    assert Answer.objects.filter(question=question).count() == 1


def test_the_forms_on_the_question_page_carry_a_token(
    client_for, question_factory, shimotsuma_staff, other_town_staff
):
    question = question_factory(shimotsuma_staff)
    page = client_for(other_town_staff).get(question.get_absolute_url()).content.decode()
    # The answer form and the comment form each carry one.
    assert page.count('name="submission"') >= 2


def test_the_same_visit_request_twice_is_one_request_and_one_email_to_the_host(
    client_for, kintone_offer, other_town_staff, django_capture_on_commit_callbacks
):
    days = next_free_days(kintone_offer, count=3)
    data = {
        "format": "onsite", "visitor_type": "municipal_staff",
        "organisation": "山形県飯豊町 総務企画課", "party_size": "4",
        "preferred_date_1": days[0].isoformat(), "preferred_date_2": days[1].isoformat(),
        "purpose": "kintoneによる庁内アンケートの運用を拝見したい",
        "contact_name": "佐藤 健太", "contact_email": "sato@town.iide.yamagata.jp",
        "consent": "on", "submission": token(),
    }  # fmt: skip
    url = f"/visits/offers/{kintone_offer.pk}/request/"
    first, second = twice(
        client_for(other_town_staff), url, data, django_capture_on_commit_callbacks
    )
    visit = VisitRequest.objects.get()
    assert first["Location"] == second["Location"] == visit.get_absolute_url()
    assert len(mail.outbox) == 1


def test_the_same_visit_message_twice_is_one_message(client_for, visit, other_town_staff):
    data = {"message-body": "当日は4名で伺います。", "message-submission": token()}
    client = client_for(other_town_staff)
    client.post(f"/visits/requests/{visit.pk}/messages/", data)
    client.post(f"/visits/requests/{visit.pk}/messages/", data)
    assert VisitMessage.objects.filter(request=visit).count() == 1


pg_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs concurrent writers (PostgreSQL); SQLite serialises every write",
)


def in_threads(count: int, work) -> list[Exception]:
    barrier, errors = threading.Barrier(count), []

    def run(index):
        try:
            barrier.wait(timeout=10)
            work(index)
        except Exception as error:  # reported by the caller
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


@pytest.mark.django_db(transaction=True)
@pg_only
def test_twenty_members_asking_with_one_new_tag_at_once_all_succeed():
    # Transactional tests start from a flushed database: make what we need.
    board, _ = Board.objects.get_or_create(slug="race", defaults={"name": "同時投稿"})
    members = [make_member(f"race{index}@example.jp", name=f"会員{index}") for index in range(20)]

    def ask(index):
        services.ask_question(
            members[index],
            board=board,
            title=f"新しいタグの質問 {index}",
            body="本文",
            tags=["新タグ"],
        )

    assert in_threads(20, ask) == []
    assert Question.objects.filter(board=board).count() == 20
    tag = ForumTag.objects.get(name="新タグ")
    assert Question.objects.filter(tags=tag).count() == 20


@pytest.mark.django_db(transaction=True)
@pg_only
def test_two_identical_answer_posts_at_the_same_instant_make_one_answer(client_for):
    author = make_member("asker@example.jp", name="質問者")
    answerer = make_member("answerer@example.jp", name="回答者")
    board, _ = Board.objects.get_or_create(slug="race", defaults={"name": "同時投稿"})
    question = services.ask_question(author, board=board, title="同時回答", body="本文", tags=[])
    data = {"body": "同時に送った回答です。", "submission": token()}
    clients = [client_for(answerer), client_for(answerer)]

    def post(index):
        response = clients[index].post(f"/forum/questions/{question.pk}/answer/", data)
        assert response.status_code == 302

    assert in_threads(2, post) == []
    assert Answer.objects.filter(question=question).count() == 1


def test_the_same_delivery_record_twice_is_one_entry_in_the_log(
    client_for, shimotsuma_staff, curriculum_factory
):
    from casestudies.curricula.models import CurriculumDelivery
    from tests.curricula.test_deliveries import DELIVERY, deliveries_url

    curriculum = curriculum_factory("082104")
    data = {**DELIVERY, "submission": token()}
    client = client_for(shimotsuma_staff)
    client.post(deliveries_url(curriculum), data)
    client.post(deliveries_url(curriculum), data)
    assert CurriculumDelivery.objects.filter(curriculum=curriculum).count() == 1
