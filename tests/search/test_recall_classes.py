"""What an officer types and the engine used to miss: kana readings, one kanji,
a compound's parts in unrelated words, whole sentences. Each of these failed
before readings, single kanji, adjacent parts and relaxed matching."""

import pytest

from community.search.analysis import index_terms
from community.search.index import find_best, parse, search

pytestmark = pytest.mark.django_db


def found(query) -> list[int]:
    return [hit.object_id for hit in search(query)]


def test_a_word_typed_in_kana_finds_the_kanji_word(document_factory):
    madoguchi = document_factory("窓口のキャッシュレス化", "証明書の手数料を窓口で電子決済に")
    kenshin = document_factory("健診予約のオンライン化", "集団健診の予約をLINEで受け付け")

    assert found("まどぐち") == [madoguchi.pk]
    assert found("けんしん") == [kenshin.pk]
    assert found("マドグチ") == [madoguchi.pk]
    assert "<mark>窓口</mark>" in search("まどぐち")[0].snippet


def test_a_place_name_in_kana_finds_the_town(document_factory):
    page = document_factory("kintone 基礎研修", "茨城県 下妻市 DX推進係が企画した研修")
    other = document_factory("kintone 基礎研修", "茨城県 つくば市 DX推進係が企画した研修")
    # (下妻市's own entry may be indexed too, by an earlier test on the same database.)
    assert page.pk in found("しもつま") and other.pk not in found("しもつま")
    assert page.pk in found("しもつま kintone") and other.pk not in found("しもつま kintone")


def test_one_kanji_finds_the_longer_words_it_is_part_of(document_factory):
    pages = [
        document_factory("住民税の通知", "住民税の特別徴収をオンラインで"),
        document_factory("税務課の窓口", "税務課で証明書を発行"),
        document_factory("固定資産税の照会", "固定資産税の課税明細"),
    ]
    other = document_factory("窓口予約", "住民の来庁予約")

    assert set(found("税")) == {page.pk for page in pages}
    assert other.pk not in found("税")


def test_a_compound_is_not_found_by_its_parts_in_unrelated_words(document_factory):
    juminhyo = document_factory("住民票のコンビニ交付", "住民票の写しをコンビニで")
    unrelated = document_factory("住民税の調査票", "住民税の給与支払報告書と調査票を電子化")

    assert found("住民票") == [juminhyo.pk]
    assert unrelated.pk not in found("住民票")


def test_a_compound_still_finds_a_longer_word_that_contains_it(document_factory):
    page = document_factory("", "電子申請システムを導入しました")
    assert found("電子申請") == [page.pk]


def test_a_sentence_finds_what_matches_most_of_it_best_first(document_factory):
    best = document_factory("予算ゼロの業務改善", "予算をかけずに業務改善した")
    partial = document_factory("業務改善の研修", "庁内の業務改善を進める研修")
    unrelated = document_factory("防災無線のデジタル化", "防災行政無線を更新")

    hits = search("予算がなくてもできる業務改善の事例を知りたい")

    # 「事例を知りたい」 says what the reader wants, not what about: the page that has
    # every other word is found although it never says 事例, and comes first.
    found = [hit.object_id for hit in hits]
    assert found[:1] == [best.pk]
    assert unrelated.pk not in found
    assert hits[0].coverage is None
    assert partial.pk not in found[:1]


def test_a_sentence_of_few_matches_is_followed_by_those_missing_one_word(document_factory):
    every = document_factory("粗大ごみの申込をLINEで", "粗大ごみの申込をスマホで受付")
    most = document_factory("粗大ごみの電話受付", "粗大ごみの申込を電話で受付")
    other = document_factory("窓口の予約", "スマホで窓口を予約")

    found = [hit.object_id for hit in search("粗大ごみの申込をスマホで受け付けたい")]

    assert found[:2] == [every.pk, most.pk]
    assert other.pk not in found


def test_when_every_word_matches_there_is_no_relaxed_result(document_factory):
    both = document_factory("RPA 研修", "RPAの研修")
    document_factory("RPA 導入", "RPAを導入")

    hits = search("RPA 研修")

    assert [hit.object_id for hit in hits] == [both.pk]
    assert hits[0].coverage is None


def test_readings_and_single_kanji_come_after_the_words():
    # A compound's parts stay side by side for the phrase match.
    assert index_terms("住民票を窓口で").split()[:5] == [
        "住民票",
        "住民",
        "票",
        "窓口",
        "じゅうみんひょう",
    ]


def test_a_sentence_previewed_shows_the_best_and_the_count_of_the_whole_list(
    document_factory,
):
    # Nothing has all four words; three have three of them, five only two. A preview
    # (the site search's best three) ranks only the three-word tier on PostgreSQL: it
    # must show what the whole list shows first, and count all eight.
    three = [
        document_factory("粗大ごみの申込をスマホで", "粗大ごみの申込をスマホで行う"),
        document_factory("粗大ごみをスマホで受付", "粗大ごみをスマホで受け付ける"),
        document_factory("申込をスマホで受付", "各種の申込をスマホで受け付ける"),
    ]
    two = [document_factory(f"粗大ごみの申込 {n}", "粗大ごみの申込の手順") for n in range(5)]
    parsed = parse("粗大ごみの申込をスマホで受け付けたい")

    whole = find_best(parsed)
    for limit in (1, 2, 3, 4):
        preview = find_best(parsed, limit=limit)
        assert [m.entry_id for m in preview] == [m.entry_id for m in whole[:limit]]
        assert [m.matched for m in preview] == [m.matched for m in whole[:limit]]
        assert preview.total == whole.total == 8
    assert {m.matched for m in whole[:3]} == {3}
    assert {m.object_id for m in whole[:3]} == {page.pk for page in three}
    assert {m.object_id for m in whole[3:]} == {page.pk for page in two}
