"""The question page: who asked from where, solved state with the accepted answer
first, comments, edit history, and a query count that does not grow with 50
answers and their comments."""

import re

import pytest

from community.forum import services
from community.forum.models import Answer, Comment, Question
from tests.conftest import make_member

pytestmark = pytest.mark.django_db


def test_the_page_shows_the_askers_town_its_population_band_and_tags(
    client, question_factory, other_town_staff
):
    question = question_factory(other_town_staff, tags=["kintone", "アクセス権"])
    body = client.get(question.get_absolute_url()).content.decode()
    assert len(re.findall(r"<h1[\s>]", body)) == 1
    assert "山形県 飯豊町" in body and "人口 5千〜1万" in body
    assert "✓ 飯豊町 職員" in body
    assert 'href="/forum/tags/kintone/"' in body and "#アクセス権" in body
    assert "未解決" in body


def test_a_slug_after_the_id_is_optional(client, question_factory, other_town_staff):
    question = question_factory(other_town_staff)
    assert client.get(f"/forum/questions/{question.pk}/kintone-access/").status_code == 200


def test_a_solved_question_shows_the_accepted_answer_first(
    client, question_factory, shimotsuma_staff, other_town_staff, member
):
    question = question_factory(shimotsuma_staff)
    first = services.post_answer(question, author=member, body="最初の回答です")
    accepted = services.post_answer(question, author=other_town_staff, body="承認される回答です")
    services.toggle_vote(first, member=shimotsuma_staff, helpful=True)
    services.accept_answer(question, accepted, actor=shimotsuma_staff)
    response = client.get(question.get_absolute_url())
    assert [answer.pk for answer in response.context["answers"]] == [accepted.pk, first.pk]
    body = response.content.decode()
    assert "解決済み" in body
    assert body.index("承認される回答です") < body.index("最初の回答です")
    assert body.count("承認された回答") == 1


def test_edits_keep_a_history_that_readers_see(client, question_factory, other_town_staff):
    question = question_factory(other_town_staff, body="最初の本文")
    services.edit_question(
        question, editor=other_town_staff, title=question.title, body="直した本文", tags=["kintone"]
    )
    page = client.get(question.get_absolute_url()).content.decode()
    assert "直した本文" in page and "（履歴）" in page
    history = client.get(f"/forum/questions/{question.pk}/history/").content.decode()
    assert "最初の本文" in history and "直した本文" in history
    assert "版 2" in history and "版 1" in history


def _fill(question, authors, count):
    for number in range(count):
        author = authors[number % len(authors)]
        answer = services.post_answer(question, author=author, body=f"回答 {number} です")
        services.post_comment(question, author=authors[0], body=f"コメント {number}", answer=answer)
        services.post_comment(question, author=authors[-1], body=f"質問へのコメント {number}")


@pytest.mark.parametrize("who", ["anonymous", "member", "moderator"])
def test_the_page_query_count_is_the_same_with_fifty_answers_and_comments(
    session_query,
    full_renders,
    request,
    client_for,
    with_totp,
    question_factory,
    shimotsuma_staff,
    other_town_staff,
    django_assert_num_queries,
    who,
):
    """Queries on the question page (constant in the number of answers and comments):
    the question with board, author, badge municipality and asker's municipality;
    its tags; the answers with authors; the comments with authors; the official
    notices the answers cite (with what replaced them); the cited
    pages (Wagtail's view restrictions, then the pages). Signed in, also: the session
    (unless read from its copy in Redis), and in one query the reader's votes on the
    question and on the answers and whether they follow it. Moderators' areas need
    nothing more here. Warm, the reader's row, permissions and unread count come from
    the cache."""
    user = None if who == "anonymous" else request.getfixturevalue(who)
    if who == "moderator":
        with_totp(user)
    client = client_for(user)
    authors = [other_town_staff, make_member("kato@town.example.jp", name="加藤 悠")]
    question = question_factory(shimotsuma_staff)
    _fill(question, authors, 1)
    client.get(question.get_absolute_url())
    expected = {"anonymous": 7, "member": 8 + session_query, "moderator": 8 + session_query}[who]
    with django_assert_num_queries(expected) as few:
        assert client.get(question.get_absolute_url()).status_code == 200
    _fill(question, authors, 49)
    assert Answer.objects.filter(question=question).count() == 50
    assert Comment.objects.filter(question=question).count() == 100
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(question.get_absolute_url())
    assert response.content.decode().count('class="post post--answer') == 50


def test_an_unknown_question_is_404(client, db):
    assert client.get("/forum/questions/999999/").status_code == 404


def test_readers_may_post_only_what_they_may(
    client_for, question_factory, shimotsuma_staff, member
):
    question = question_factory(shimotsuma_staff)
    anonymous_page = client_for(None).get(question.get_absolute_url()).content.decode()
    assert "ログインして回答する" in anonymous_page
    assert "回答を投稿する" not in anonymous_page
    assert "役に立った</button>" not in anonymous_page
    member_page = client_for(member).get(question.get_absolute_url()).content.decode()
    assert "回答を投稿する" in member_page and "この回答を承認する" not in member_page
    assert f"/forum/questions/{question.pk}/edit/" not in member_page
    own_page = client_for(shimotsuma_staff).get(question.get_absolute_url()).content.decode()
    assert f"/forum/questions/{question.pk}/edit/" in own_page
    assert f"/forum/vote/question/{question.pk}/" not in own_page  # no voting for oneself


def test_a_question_remembers_the_town_the_asker_had_when_asking(
    question_factory, shimotsuma_staff, member, shimotsuma
):
    member.municipality = shimotsuma
    member.save(update_fields=["municipality"])
    unverified = question_factory(member)
    assert unverified.municipality == shimotsuma
    verified = question_factory(shimotsuma_staff)
    assert verified.municipality == shimotsuma
    assert Question.objects.asked_in_population_band("30k_50k").count() == 2
