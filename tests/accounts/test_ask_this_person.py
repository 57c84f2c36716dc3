"""「この人に質問する」: the people finder opens the ask form addressed to a person,
who is told in their inbox; only listed members who welcome questions can be asked."""

import pytest

from community.forum.models import Board, Question
from community.notifications.models import Notification

pytestmark = pytest.mark.django_db


def welcome_questions(person):
    person.in_people_finder = True
    person.accepts_questions = True
    person.save()
    return person


def ask(client, to, *, board="kintone-nocode", title="kintone研修の回数は？"):
    page = client.get("/forum/ask/", {"to": to.pk}).content.decode()
    token = page.split('name="submission" value="')[1].split('"')[0]
    return client.post(
        f"/forum/ask/?to={to.pk}",
        {
            "submission": token,
            "to": str(to.pk),
            "board": str(Board.objects.get(slug=board).pk),
            "title": title,
            "body": "初年度は何回開きましたか。",
            "tags": "kintone, 研修",
            "cites": "",
        },
    )


def test_the_finder_offers_to_ask_a_person_who_welcomes_questions(
    client_for, shimotsuma_staff, other_town_staff
):
    welcome_questions(shimotsuma_staff)
    body = client_for(other_town_staff).get("/members/").content.decode()
    assert f"/forum/ask/?to={shimotsuma_staff.pk}" in body


def test_the_question_reaches_the_persons_inbox(
    client_for, shimotsuma_staff, other_town_staff, django_capture_on_commit_callbacks
):
    welcome_questions(shimotsuma_staff)
    client = client_for(other_town_staff)
    page = client.get("/forum/ask/", {"to": shimotsuma_staff.pk}).content.decode()
    assert "石塚 美咲さんに届き" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client, shimotsuma_staff)
    question = Question.objects.get()
    assert response.status_code == 302
    assert question.addressed_to == shimotsuma_staff
    messages = [n.message for n in Notification.objects.filter(recipient=shimotsuma_staff)]
    assert messages == ["佐藤 健太さんからあなたへの質問：「kintone研修の回数は？」"]
    assert "質問先" in client.get(question.get_absolute_url()).content.decode()


def test_a_staff_only_question_reaches_the_person_too(
    client_for, shimotsuma_staff, other_town_staff, django_capture_on_commit_callbacks
):
    welcome_questions(shimotsuma_staff)
    with django_capture_on_commit_callbacks(execute=True):
        ask(client_for(other_town_staff), shimotsuma_staff, board="security")
    assert Question.objects.get().board.staff_only
    assert Notification.objects.filter(recipient=shimotsuma_staff, kind="forum_asked").count() == 1


def test_nobody_can_be_asked_who_does_not_welcome_questions(
    client_for, shimotsuma_staff, other_town_staff
):
    shimotsuma_staff.in_people_finder = True
    shimotsuma_staff.save()
    response = ask(client_for(other_town_staff), shimotsuma_staff)
    assert response.status_code == 200
    assert "この方は現在、質問を受け付けていません。" in response.content.decode()
    assert not Question.objects.exists()
