"""Questions in the search engine: indexed on save, re-indexed when answers change,
removed when hidden; searches narrow by reader before matching."""

import pytest
from django.contrib.contenttypes.models import ContentType

from community.forum import services
from community.forum.models import Question
from community.forum.search import search_questions
from community.search.models import SearchEntry
from community.search.registry import rebuild_index

pytestmark = pytest.mark.django_db


def entry(question):
    return SearchEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Question), object_id=question.pk
    ).first()


def found(user, query) -> set[int]:
    questions, _snippets = search_questions(user, Question.objects.all(), query)
    return set(questions.values_list("pk", flat=True))


def test_a_question_is_indexed_with_its_tags_and_answers(
    question_factory, shimotsuma_staff, other_town_staff
):
    question = question_factory(shimotsuma_staff, title="窓口の混雑", tags=["キャッシュレス"])
    assert "キャッシュレス" in entry(question).body
    services.post_answer(question, author=other_town_staff, body="番号札アプリを導入しました")
    assert "番号札アプリ" in entry(question).body
    assert found(None, "番号札") == {question.pk}


def test_edits_hiding_and_restoring_keep_the_index_right(
    question_factory, shimotsuma_staff, other_town_staff, moderator
):
    question = question_factory(shimotsuma_staff, body="古い本文")
    services.edit_question(
        question, editor=shimotsuma_staff, title=question.title, body="新しい本文", tags=[]
    )
    assert "新しい本文" in entry(question).body
    answer = services.post_answer(question, author=other_town_staff, body="消される回答")
    services.hide_post(answer, actor=moderator, reason="不適切")
    assert "消される回答" not in entry(question).body
    services.hide_post(question, actor=moderator, reason="重複")
    assert entry(question) is None
    services.restore_post(question, actor=moderator)
    assert entry(question) is not None


def test_staff_search_their_boards_and_nobody_else_finds_them(
    question_factory, shimotsuma_staff, member, staff_board
):
    secret = question_factory(shimotsuma_staff, board=staff_board, title="三層分離の例外運用")
    assert found(shimotsuma_staff, "例外運用") == {secret.pk}
    assert found(member, "例外運用") == set()
    assert found(None, "例外運用") == set()


def test_rebuilding_the_index_keeps_hidden_questions_out(
    question_factory, shimotsuma_staff, moderator
):
    kept = question_factory(shimotsuma_staff)
    hidden = question_factory(shimotsuma_staff)
    services.hide_post(hidden, actor=moderator, reason="重複")
    rebuild_index()
    assert entry(kept) is not None and entry(hidden) is None


def test_search_snippets_mark_the_match(client, question_factory, shimotsuma_staff):
    question_factory(
        shimotsuma_staff, title="研修の出欠", body="研修の出欠管理を LoGoフォーム で行っています。"
    )
    body = client.get("/forum/", {"q": "出欠管理"}).content.decode()
    assert "<mark>" in body
