"""Searching everything a reader may see matches the index's public entries alone
(no lookup of each match in the forum's tables), and those entries follow every
change of who may see a question: a board made staff-only or opened again, a
question moved. Whatever an entry says, the rows shown are read through the
reader's own view of the forum."""

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from community.forum import services
from community.forum.models import Question
from community.search.models import SearchEntry
from community.search.registry import rebuild_index

pytestmark = pytest.mark.django_db

SEARCH = reverse("search:results")
FORUM = reverse("forum:question_list")
TITLE = "三層分離の例外運用について"


def found(client, **params) -> tuple[int, str]:
    """The site search's count of questions for ``params``, and its page."""
    response = client.get(SEARCH, {"q": "例外運用", **params})
    (questions,) = [group for group in response.context["groups"] if group.slug == "questions"]
    return questions.count, response.content.decode()


def listed(client, **params) -> str:
    """The forum's own list for ``params``, as the reader's browser gets it."""
    response = client.get(FORUM, {"q": "例外運用", **params})
    assert response.status_code == 200
    return response.content.decode()


def entry(question) -> SearchEntry:
    return SearchEntry.objects.get(content_type__model="question", object_id=question.pk)


def test_a_board_made_staff_only_leaves_everyones_search_and_comes_back_when_opened(
    client, client_for, question_factory, shimotsuma_staff, moderator, public_board
):
    question_factory(shimotsuma_staff, title=TITLE)
    assert found(client)[0] == 1 and TITLE in listed(client)

    public_board.staff_only = True
    services.save_board(public_board, actor=moderator)

    count, page = found(client)
    assert count == 0 and TITLE not in page
    assert TITLE not in listed(client)
    assert found(client_for(shimotsuma_staff))[0] == 1  # verified staff still find it

    public_board.staff_only = False
    services.save_board(public_board, actor=moderator)

    assert found(client)[0] == 1 and TITLE in listed(client)


def test_a_question_moved_into_a_staff_only_board_leaves_the_public_search(
    client, question_factory, shimotsuma_staff, moderator, staff_board, public_board
):
    question = question_factory(shimotsuma_staff, title=TITLE)
    services.move_question(question, board=staff_board, actor=moderator)
    assert found(client)[0] == 0 and TITLE not in listed(client)

    services.move_question(question, board=public_board, actor=moderator)
    assert found(client)[0] == 1 and TITLE in listed(client)


def test_an_entry_wrongly_marked_public_still_shows_nobody_the_question(
    client, client_for, question_factory, shimotsuma_staff, member, staff_board
):
    question = question_factory(shimotsuma_staff, board=staff_board, title=TITLE)
    SearchEntry.objects.filter(pk=entry(question).pk).update(public=True)

    for reader in (client, client_for(member)):
        _count, page = found(reader)
        assert TITLE not in page
        assert TITLE not in listed(reader)
        assert (
            TITLE not in reader.get(SEARCH, {"q": "例外運用", "type": "questions"}).content.decode()
        )


def test_an_unfiltered_search_reads_the_index_alone_and_a_filtered_one_the_forum_too(
    client, client_for, question_factory, shimotsuma_staff, member
):
    question_factory(shimotsuma_staff, title=TITLE)
    question_factory(
        shimotsuma_staff, title="例外運用の申請書の様式", answered_by=member, solved=True
    )

    questions = ContentType.objects.get_for_model(Question).pk

    def search_statements(reader, url, **params) -> list[str]:
        """The statements that matched questions in the index."""
        with CaptureQueriesContext(connection) as queries:
            reader.get(url, {"q": "例外運用", **params})
        statements = [query["sql"] for query in queries.captured_queries]
        return [
            sql
            for sql in statements
            if "search_searchentry e" in sql
            and re.search(rf"content_type_id( \+ 0)? = {questions}\b", sql)
        ]

    for reader in (client, client_for(shimotsuma_staff)):
        for url in (SEARCH, FORUM):
            (statement,) = search_statements(reader, url)
            assert "forum_question" not in statement, url
    # A filter narrows the list: the matches are looked up among its questions.
    (statement,) = search_statements(client, FORUM, status="solved")
    assert "forum_question" in statement
    solved = listed(client, status="solved")
    assert "例外運用の申請書の様式" in solved and TITLE not in solved
    # A board's own list is not everything either.
    board_url = reverse("forum:board_detail", kwargs={"slug": "kintone-nocode"})
    (statement,) = search_statements(client, board_url)
    assert "forum_question" in statement


def test_a_filtered_search_skips_staff_only_entries_for_those_who_may_not_see_them(
    client, client_for, question_factory, shimotsuma_staff, member, staff_board
):
    """A filter narrows the list, so the matches are looked up among its questions;
    for a reader who may not see staff-only boards the entries of those are left
    out first (PostgreSQL: the index of public entries alone), while verified staff
    still match every entry."""
    staff_title = "例外運用の申請を職員だけで相談したい"
    question_factory(
        shimotsuma_staff, board=staff_board, title=staff_title, answered_by=member, solved=True
    )
    question_factory(
        shimotsuma_staff, title="例外運用の申請書の様式", answered_by=member, solved=True
    )
    questions = ContentType.objects.get_for_model(Question).pk

    def matched(reader) -> tuple[str, str]:
        """The statement that matched questions, and the list the reader got."""
        with CaptureQueriesContext(connection) as queries:
            page = listed(reader, status="solved")
        (statement,) = [
            query["sql"]
            for query in queries.captured_queries
            if "search_searchentry e" in query["sql"]
            and re.search(rf"content_type_id( \+ 0)? = {questions}\b", query["sql"])
        ]
        return statement, page

    for reader in (client, client_for(member)):
        statement, page = matched(reader)
        assert "e.public" in statement and "forum_question" in statement
        assert "例外運用の申請書の様式" in page and staff_title not in page

    statement, page = matched(client_for(shimotsuma_staff))
    assert "e.public" not in statement
    assert "例外運用の申請書の様式" in page and staff_title in page


def test_postgresql_indexes_the_public_entries_apart():
    """What the search of a reader who may not see staff-only boards asks for
    (``e.public``) is the condition of an index of its own (migration 0013)."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's FTS5 table is searched by term and joined")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'search_entry_kind_vector_public'"
        )
        (definition,) = cursor.fetchone()
    assert "gin" in definition and definition.endswith("WHERE public")


def test_the_index_and_its_rebuild_mark_staff_only_questions_as_not_public(
    question_factory, shimotsuma_staff, staff_board
):
    open_question = question_factory(shimotsuma_staff, title="公開板の質問")
    staff_question = question_factory(shimotsuma_staff, board=staff_board, title=TITLE)
    assert entry(open_question).public and not entry(staff_question).public

    SearchEntry.objects.update(public=True)
    rebuild_index()

    assert entry(open_question).public and not entry(staff_question).public


def test_the_migration_marks_the_entries_of_staff_only_questions(
    question_factory, shimotsuma_staff, staff_board
):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("community.forum.migrations.0006_private_search_entries")
    open_question = question_factory(shimotsuma_staff, title="公開板の質問")
    staff_question = question_factory(shimotsuma_staff, board=staff_board, title=TITLE)
    SearchEntry.objects.update(public=True)  # as migration search.0011 leaves them

    migration.mark_private(apps, None)

    assert entry(open_question).public and not entry(staff_question).public
    assert Question.objects.count() == 2
