"""Snippets: a short excerpt around the first match, safe to put in a page."""

import pytest

from community.search.index import search

pytestmark = pytest.mark.django_db


def snippet(query: str) -> str:
    (hit,) = search(query)
    return hit.snippet


def test_matches_are_marked_and_the_text_is_escaped(document_factory):
    document_factory(
        "スマホ申請",
        '<script>alert("x")</script> 住民票は<b>スマートフォン</b>から申請できます。',
    )

    text = snippet("スマホ 申請")

    assert "<mark>スマートフォン</mark>" in text
    assert "<mark>申請</mark>" in text
    assert "<script>" not in text and "<b>" not in text
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in text
    assert text.count("<") == text.count("<mark>") + text.count("</mark>")


def test_the_snippet_centres_on_the_first_match_of_a_long_body(document_factory):
    body = (
        "庁内の業務を見直しました。" * 60
        + "窓口では番号札をスマートフォンに通知します。"
        + "以上。" * 60
    )
    document_factory("番号札", body)

    text = snippet("スマホ")

    assert text.startswith("…") and text.endswith("…")
    assert len(text) < 200
    assert "番号札を<mark>スマートフォン</mark>に通知" in text


def test_a_part_of_a_compound_is_marked_within_the_word(document_factory):
    document_factory("", "電子申請の利用者が増えました。")

    assert snippet("申請") == "電子<mark>申請</mark>の利用者が増えました。"


def test_a_title_only_match_shows_the_opening_of_the_body(document_factory):
    document_factory("窓口業務の見直し", "来庁者アンケートの結果をもとに改善しました。")

    assert snippet("窓口") == "来庁者アンケートの結果をもとに改善しました。"


def test_without_a_body_the_title_is_shown_marked(document_factory):
    document_factory("<研修>の記録", "")

    assert snippet("研修") == "&lt;<mark>研修</mark>&gt;の記録"


def test_whitespace_and_line_breaks_fold_to_single_spaces(document_factory):
    document_factory("", "第1回\n\n  RPA   勉強会")

    assert snippet("勉強会") == "第1回 RPA <mark>勉強会</mark>"


def test_letters_inside_a_longer_word_do_not_take_the_snippet_away_from_the_match(
    document_factory,
):
    document_factory(
        "研修", "MAILで案内しました。" + "庁内の業務を見直しました。" * 15 + "生成AIの研修です。"
    )

    text = snippet("AI")

    assert "<mark>AI</mark>" in text
    assert "MAIL" not in text


def test_a_word_spelled_another_way_is_found_word_by_word(document_factory):
    document_factory("", "庁内の業務を見直しました。" * 15 + "粗大ごみの申込を受け付けます。")

    assert "<mark>申込</mark>" in snippet("申し込み")
