"""While asking, the forum shows the questions (and case studies) that may already
answer the question: on the form's check step without JavaScript, and as a
fragment fetched while the title is typed. Nothing is posted by checking, and a
staff-only question is shown only to those who may read it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from community.forum.models import Question

pytestmark = pytest.mark.django_db

SIMILAR = "/forum/ask/similar/"


@pytest.fixture
def asked(question_factory, shimotsuma_staff, staff_board):
    public = question_factory(shimotsuma_staff, title="kintone のアクセス権を課ごとに分けたい")
    secret = question_factory(
        shimotsuma_staff, board=staff_board, title="kintone のアクセス権の見積額はいくら"
    )
    other = question_factory(
        shimotsuma_staff,
        title="防災無線の放送をLINEでも配信したい",
        body="聞き逃しの問い合わせが多く、放送内容を文字でも届けたいです。",
        tags=("防災",),
    )
    return public, secret, other


def titles(response) -> list[str]:
    return [result["title"] for group in response.context["similar"] for result in group["items"]]


def test_the_check_step_lists_similar_questions_and_posts_nothing(
    client_for, member, public_board, asked
):
    public, secret, other = asked
    count = Question.objects.count()

    response = client_for(member).post(
        "/forum/ask/",
        {"board": public_board.pk, "title": "kintone のアクセス権を分けたい", "check": "1"},
    )

    assert response.status_code == 200
    assert public.title in titles(response)
    assert secret.title not in titles(response)  # a staff-only board, and 山口さん is not staff
    assert other.title not in titles(response)
    page = response.content.decode()
    assert public.get_absolute_url() in page
    # The form comes back as typed, without errors for the body not written yet.
    assert 'value="kintone のアクセス権を分けたい"' in page
    assert not response.context["form"].errors
    assert Question.objects.count() == count


def test_verified_staff_also_see_similar_questions_of_staff_only_boards(
    client_for, other_town_staff, asked
):
    public, secret, _other = asked
    response = client_for(other_town_staff).get(SIMILAR, {"title": "kintone のアクセス権"})
    assert {public.title, secret.title} <= set(titles(response))


def test_the_fragment_says_when_nothing_is_similar(client_for, member, asked):
    response = client_for(member).get(SIMILAR, {"title": "庁舎の駐車場の除雪"})
    assert titles(response) == []
    assert "similar-none" in response.content.decode()


def test_a_visitor_is_sent_to_log_in_to_see_similar_questions(client, asked):
    response = client.get(SIMILAR, {"title": "kintone"})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_the_fragment_costs_the_same_queries_with_more_similar_questions(
    client_for, member, question_factory, shimotsuma_staff
):
    client = client_for(member)
    question_factory(shimotsuma_staff, title="kintone の研修 その1")
    client.get(SIMILAR, {"title": "kintone 研修"})  # warms the synonym and choice caches
    with CaptureQueriesContext(connection) as few:
        assert len(titles(client.get(SIMILAR, {"title": "kintone 研修"}))) == 1
    for number in range(2, 7):
        question_factory(shimotsuma_staff, title=f"kintone の研修 その{number}")
    with CaptureQueriesContext(connection) as many:
        assert len(titles(client.get(SIMILAR, {"title": "kintone 研修"}))) == 5
    # The session and member; per kind: the search, the count, the page of results.
    assert len(many) == len(few)
