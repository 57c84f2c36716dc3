"""The remaining list and detail pages keep a constant number of queries as rows grow.
(The question list and the question page have their own tests.)"""

import pytest

from community.forum import services
from community.forum.models import Board, ForumTag
from community.municipalities.filters import prefecture_choices

pytestmark = pytest.mark.django_db


def grow(question_factory, author, count, **kwargs):
    for number in range(count):
        question_factory(
            author, title=f"質問 {number}", tags=["kintone", f"タグ{number}"], **kwargs
        )


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        # tag, whether a visible question has it, visible boards, page, tags of the page
        # (the prefecture choices of the filter come from the cache); facets: one
        # aggregate (status, board, population, prefecture, and the count of results)
        ("/forum/tags/kintone/", 6),
        # board, visible boards, page, tags of the page; facets: one aggregate (status,
        # population, prefecture, the count of results), one GROUP BY for the tags
        ("/forum/boards/kintone-nocode/", 6),
        # tag, whether a visible question has it, the questions with authors and tags
        ("/forum/feeds/tags/kintone/", 4),
        # board, the questions with authors and tags
        ("/forum/feeds/boards/kintone-nocode/", 3),
    ],
)
def test_board_and_tag_pages_and_feeds(
    client, question_factory, shimotsuma_staff, django_assert_num_queries, url, expected
):
    grow(question_factory, shimotsuma_staff, 2)
    prefecture_choices()  # cached, as after any earlier visit to a list
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200
    grow(question_factory, shimotsuma_staff, 15)
    with django_assert_num_queries(expected):
        client.get(url)


def test_the_history_page(
    client, question_factory, shimotsuma_staff, moderator, django_assert_num_queries
):
    """Queries: the question (with board, author, municipality) and its tags, the
    revisions with their editors."""
    question = question_factory(shimotsuma_staff)
    url = f"/forum/questions/{question.pk}/history/"
    with django_assert_num_queries(3):
        client.get(url)
    for number in range(10):
        editor = moderator if number % 2 else shimotsuma_staff
        services.edit_question(
            question, editor=editor, title=question.title, body=f"版 {number}", tags=["kintone"]
        )
    with django_assert_num_queries(3):
        client.get(url)


def test_the_following_page(
    session_query, client_for, question_factory, shimotsuma_staff, member, django_assert_num_queries
):
    """Queries, warm: the session, followed questions with boards, followed boards,
    followed tags. The member's row, permissions and unread count come from the cache."""
    client = client_for(member)
    grow(question_factory, shimotsuma_staff, 2, answered_by=member)
    services.follow(member, Board.objects.get(slug="training"))
    services.follow(member, ForumTag.objects.get(name="kintone"))
    client.get("/forum/following/")
    with django_assert_num_queries(3 + session_query):
        client.get("/forum/following/")
    grow(question_factory, shimotsuma_staff, 10, answered_by=member)
    services.follow(member, Board.objects.get(slug="chat"))
    services.follow(member, ForumTag.objects.get(name="タグ3"))
    with django_assert_num_queries(3 + session_query):
        client.get("/forum/following/")
