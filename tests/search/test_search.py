"""search(): what a user finds for what they type."""

import time

import pytest
from django.contrib.contenttypes.models import ContentType

from community.municipalities.models import Municipality
from community.search.index import index_object, remove_object, search

pytestmark = pytest.mark.django_db


def found(query: str, **kwargs) -> list[int]:
    return [hit.object_id for hit in search(query, **kwargs)]


def test_sumaho_finds_a_page_that_says_smartphone(document_factory):
    page = document_factory("住民票のコンビニ交付", "スマートフォンから申請できます。")
    document_factory("窓口の混雑対策", "番号札を配っています。")

    assert found("スマホ") == [page.pk]


def test_moushikomi_spellings_find_each_other(document_factory):
    written_in_full = document_factory("講座の案内", "申し込みは電話で受け付けます。")
    abbreviated = document_factory("施設予約", "申込は前日までにお願いします。")

    assert set(found("申込")) == {written_in_full.pk, abbreviated.pk}
    assert set(found("申し込み")) == {written_in_full.pk, abbreviated.pk}


def test_a_part_of_a_compound_finds_the_compound(document_factory):
    page = document_factory("電子申請の導入", "")

    assert found("申請") == [page.pk]


def test_a_compound_finds_a_page_where_it_is_part_of_a_longer_word(document_factory):
    page = document_factory("", "新しい電子申請システムの操作研修を行いました。")

    assert found("電子申請") == [page.pk]


def test_every_word_of_the_query_must_match(document_factory):
    both = document_factory("", "スマートフォンから申請できるようになりました。")
    document_factory("", "スマートフォンの使い方教室を開きました。")
    document_factory("", "窓口で申請を受け付けています。")

    assert found("スマホ 申請") == [both.pk]
    assert found("スマホで申請したい") == [both.pk]


def test_a_title_match_ranks_above_a_body_match(document_factory):
    in_body = document_factory(
        "業務改善の記録",
        "ペーパーレス会議を導入。ペーパーレスで印刷費が減り、ペーパーレス化が進んだ。",
    )
    in_title = document_factory("ペーパーレス会議の導入", "タブレットで資料を共有しています。")

    hits = search("ペーパーレス")

    assert [hit.object_id for hit in hits] == [in_title.pk, in_body.pk]
    assert [hit.in_title for hit in hits] == [True, False]


def test_more_mentions_rank_higher_among_body_matches(document_factory):
    once = document_factory("", "RPAを試行しました。議事録の作成も効率化。")
    throughout = document_factory("", "RPAで入力を自動化。RPAの効果を検証し、RPAを全庁展開。")

    hits = search("RPA")

    assert [hit.object_id for hit in hits] == [throughout.pk, once.pk]
    assert hits[0].score > hits[1].score


@pytest.mark.parametrize("query", ["！？。、", "", "   ", "の", '"申請" OR NOT (', "*:^-{}"])
def test_a_query_without_searchable_words_finds_nothing_without_error(document_factory, query):
    document_factory("電子申請の導入", "申請をオンラインで受け付けます。")

    started = time.perf_counter()
    assert search(query) == []
    assert time.perf_counter() - started < 0.5


def test_query_syntax_in_the_text_is_searched_as_words(document_factory):
    page = document_factory("", "RPA and OCR or AI")

    assert found('RPA AND "OCR"') == [page.pk]
    # OR is a word to find, not "either": the page has two of the three words.
    [hit] = search("RPA OR 議事録")
    assert hit.object_id == page.pk and hit.coverage == (2, 3)


def test_a_thousand_character_query_answers_quickly(document_factory):
    page = document_factory("第1号議案 スマホで電子申請", "申請をオンラインで受け付けます。")
    query = "".join(f"第{number}号議案、電子申請とスマホ！" for number in range(1, 200))[:1000]

    started = time.perf_counter()
    hits = search(query)

    assert time.perf_counter() - started < 0.5
    assert hits == []  # every word must match, and the page has only the first few
    assert found(query[:15]) == [page.pk]  # 第1号議案、電子申請とスマホ！


def test_remove_object_takes_it_out_of_results(document_factory):
    page = document_factory("窓口業務の見直し", "")
    assert found("窓口") == [page.pk]

    remove_object(page)

    assert found("窓口") == []
    remove_object(page)  # removing again is harmless


def test_indexing_again_replaces_the_old_text(document_factory):
    page = document_factory("紙の申請書", "")

    index_object(page, title="オンライン決済の導入", body="")

    assert found("申請書") == []
    assert found("決済") == [page.pk]


def test_a_search_can_be_narrowed_to_a_model_or_a_queryset(document_factory):
    first = document_factory("勉強会の記録", "")
    second = document_factory("勉強会の案内", "")
    other_model = ContentType.objects.get_for_model(ContentType)
    index_object(other_model, title="勉強会", body="")

    assert set(found("勉強会", model=Municipality)) == {first.pk, second.pk}
    assert found("勉強会", model=Municipality.objects.filter(pk=second.pk)) == [second.pk]
    assert found("勉強会", model=Municipality.objects.none()) == []
    assert len(found("勉強会")) == 3


def test_limit_caps_the_hits(document_factory):
    for number in range(5):
        document_factory(f"研修 第{number}回", "")

    assert len(search("研修", limit=2)) == 2
    assert len(search("研修")) == 5


def test_a_hit_says_what_it_found(document_factory):
    page = document_factory("窓口", "窓口の待ち時間を減らしました。")

    (hit,) = search("窓口")

    assert hit.content_type_id == ContentType.objects.get_for_model(Municipality).pk
    assert hit.object_id == page.pk
    assert hit.score > 0
    assert "<mark>窓口</mark>" in hit.snippet


def test_a_wagtail_page_is_indexed_under_its_specific_type():
    from wagtail.models import Page

    from casestudies.home.models import HomePage

    home = HomePage.objects.get()
    index_object(Page.objects.get(pk=home.pk), title="スマートフォン講座", body="")

    assert found("スマホ", model=HomePage.objects.live()) == [home.pk]
