"""The question page is shared between members it treats alike (not the asker, no
post, vote or follow of theirs there); everyone else gets it rendered for them."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from community.forum import services
from community.forum.models import AnswerVote
from tests.conftest import make_member, sign_in

pytestmark = pytest.mark.django_db
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.YOKOTEN_PAGE_CACHE = True


@pytest.fixture
def thread(question_factory, shimotsuma_staff, other_town_staff):
    question = question_factory(shimotsuma_staff, title="LoGoフォームの分岐設定について")
    answer = services.post_answer(
        question, author=other_town_staff, body="当町では条件分岐を3段階にしています。"
    )
    return question, answer


def readers(count):
    return [make_member(f"reader{number}@example.com") for number in range(count)]


def test_a_second_reader_is_served_the_shared_page_in_two_queries(
    client_for, thread, session_query
):
    question, _answer = thread
    first, second = readers(2)
    assert client_for(first).get(question.get_absolute_url())["X-Page-Cache"] == "member-miss"
    client = client_for(second)
    client.get("/forum/")  # permissions are warm, as for any reader
    with CaptureQueriesContext(connection) as queries:
        response = client.get(question.get_absolute_url())
        count = len(queries.captured_queries)
    assert response["X-Page-Cache"] == "member-hit"
    # The session (unless its copy is in Redis), and whether the page has anything of
    # theirs; the rest is cached.
    assert count == session_query + 1
    assert "当町では条件分岐を3段階にしています。" in response.content.decode()


def test_the_vote_button_on_a_shared_page_carries_the_reader_s_own_token(client_for, thread):
    question, answer = thread
    first, second = readers(2)
    client_for(first).get(question.get_absolute_url())
    browser = Client(enforce_csrf_checks=True)
    sign_in(browser, second)
    browser.get("/forum/")
    page = browser.get(question.get_absolute_url())
    assert page["X-Page-Cache"] == "member-hit"
    html = page.content.decode()
    form = html[html.index(f'action="/forum/vote/answer/{answer.pk}/"') :]
    token = TOKEN.search(form).group(1)
    voted = browser.post(
        f"/forum/vote/answer/{answer.pk}/", {"csrfmiddlewaretoken": token, "helpful": "1"}
    )
    assert voted.status_code == 302
    assert AnswerVote.objects.filter(answer=answer, member=second).exists()


def test_the_author_of_an_answer_gets_their_own_page_with_its_edit_link(
    client_for, thread, other_town_staff
):
    question, answer = thread
    (reader,) = readers(1)
    client_for(reader).get(question.get_absolute_url())
    response = client_for(other_town_staff).get(question.get_absolute_url())
    assert "X-Page-Cache" not in response
    assert f'href="/forum/answers/{answer.pk}/edit/"' in response.content.decode()


def test_a_member_who_voted_before_the_page_was_cached_sees_their_vote(client_for, thread):
    question, answer = thread
    voter, reader = readers(2)
    services.toggle_vote(answer, member=voter, helpful=True)
    client_for(reader).get(question.get_absolute_url())  # cached for readers like this one
    response = client_for(voter).get(question.get_absolute_url())
    assert "X-Page-Cache" not in response
    assert "役に立った（取り消す）" in response.content.decode()


def test_a_follower_sees_that_they_follow(client_for, thread):
    question, _answer = thread
    follower, reader = readers(2)
    services.follow(follower, question)
    client_for(reader).get(question.get_absolute_url())
    response = client_for(follower).get(question.get_absolute_url())
    assert "X-Page-Cache" not in response
    assert "フォロー中" in response.content.decode()


def test_a_post_cannot_make_a_shared_page_leak_its_reader_s_token(
    client_for, question_factory, shimotsuma_staff, other_town_staff
):
    question = question_factory(shimotsuma_staff)
    services.post_answer(
        question, author=other_town_staff,
        body="[手順書](https://example.com/manual?t=yk-csrf-token) を参照してください。",
    )  # fmt: skip
    first, second = readers(2)
    client_for(first).get(question.get_absolute_url())
    page = client_for(second).get(question.get_absolute_url())
    html = page.content.decode()
    assert page["X-Page-Cache"] == "member-hit"
    assert 'href="https://example.com/manual?t=yk-csrf-token"' in html
    assert "yk-csrf-token" not in TOKEN.search(html).group(1)


MARKS = {
    "answered": lambda question, answer, member: services.post_answer(
        question, author=member, body="うちでも同じ設定にしています。"
    ),
    "commented on the question": lambda question, answer, member: services.post_comment(
        question, author=member, body="分岐は何段階までできますか。"
    ),
    "commented on an answer": lambda question, answer, member: services.post_comment(
        question, author=member, body="参考になります。", answer=answer
    ),
    "voted for the question": lambda question, answer, member: services.toggle_vote(
        question, member=member, helpful=True
    ),
    "voted for an answer": lambda question, answer, member: services.toggle_vote(
        answer, member=member, helpful=True
    ),
    "follows": lambda question, answer, member: services.follow(member, question),
}


@pytest.mark.parametrize("mark", MARKS)
def test_a_member_with_anything_of_theirs_on_the_question_is_never_served_the_shared_copy(
    client_for, thread, mark
):
    question, answer = thread
    marked, reader = readers(2)
    MARKS[mark](question, answer, marked)
    assert client_for(reader).get(question.get_absolute_url())["X-Page-Cache"] == "member-miss"
    assert client_for(reader).get(question.get_absolute_url())["X-Page-Cache"] == "member-hit"

    response = client_for(marked).get(question.get_absolute_url())

    assert "X-Page-Cache" not in response  # rendered for them


@pytest.mark.parametrize("mark", MARKS)
def test_what_a_member_did_on_another_question_leaves_them_the_shared_copy(
    client_for, thread, question_factory, shimotsuma_staff, other_town_staff, mark
):
    question, _answer = thread
    elsewhere = question_factory(shimotsuma_staff, title="kintoneの権限設計について")
    answer_elsewhere = services.post_answer(
        elsewhere, author=other_town_staff, body="課ごとにアプリを分けています。"
    )
    marked, reader = readers(2)
    MARKS[mark](elsewhere, answer_elsewhere, marked)
    client_for(reader).get(question.get_absolute_url())

    response = client_for(marked).get(question.get_absolute_url())

    assert response["X-Page-Cache"] == "member-hit"


def test_the_asker_is_never_served_the_shared_copy(client_for, thread, shimotsuma_staff):
    question, _answer = thread
    (reader,) = readers(1)
    client_for(reader).get(question.get_absolute_url())

    response = client_for(shimotsuma_staff).get(question.get_absolute_url())

    assert "X-Page-Cache" not in response
