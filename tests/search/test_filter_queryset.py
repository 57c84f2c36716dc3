"""filter_queryset(): search as one filter among a list view's others."""

import pytest
from django.core.paginator import Paginator

from community.municipalities.models import Municipality
from community.search.index import filter_queryset, search

pytestmark = pytest.mark.django_db


def test_results_come_in_rank_order_and_take_further_filters(document_factory):
    body_only = document_factory("議会の記録", "RPAで入力作業を自動化しました。")
    in_title = document_factory("RPA導入の手引き", "手順をまとめました。")
    unrelated = document_factory("防災訓練", "避難所を開設しました。")
    Municipality.objects.filter(pk=body_only.pk).update(population=50_000)

    ranked, snippets = filter_queryset(Municipality.objects.all(), "RPA")

    assert list(ranked) == [in_title, body_only]
    assert list(ranked.filter(population__gte=20_000)) == [body_only]
    assert unrelated.pk not in snippets
    assert "<mark>RPA</mark>" in snippets[body_only.pk]


def test_the_view_s_own_filters_narrow_the_search(document_factory):
    small = document_factory("", "窓口のキャッシュレス化")
    large = document_factory("", "窓口のキャッシュレス化")
    Municipality.objects.filter(pk=large.pk).update(population=300_000)

    ranked, _ = filter_queryset(Municipality.objects.filter(population__lt=100_000), "窓口")

    assert list(ranked) == [small]


def test_pages_of_results_keep_the_rank_order(document_factory):
    body_only = [document_factory(f"記録{n}", "職員研修を行いました。") for n in range(5)]
    in_title = [document_factory(f"研修の記録{n}", "") for n in range(5)]
    ranked, _ = filter_queryset(Municipality.objects.all(), "研修")

    paginator = Paginator(ranked, 4)
    pages = [list(paginator.page(number)) for number in paginator.page_range]

    assert paginator.count == 10
    assert [len(page) for page in pages] == [4, 4, 2]
    assert set(pages[0]) < set(in_title)  # title matches first, though created last
    assert [town.pk for page in pages for town in page] == [
        hit.object_id for hit in search("研修", model=Municipality)
    ]
    assert set(pages[2]) < set(body_only)


def test_the_first_page_s_snippets_come_with_the_search_and_a_later_page_s_in_one_query(
    document_factory, django_assert_num_queries
):
    for number in range(50):
        document_factory(f"勉強会 第{number}回", f"第{number}回の勉強会では生成AIを扱いました。")
    ranked, snippets = filter_queryset(Municipality.objects.all(), "勉強会")
    paginator = Paginator(ranked, 20)
    first, second = list(paginator.page(1)), list(paginator.page(2))

    # The search read the texts of its best 20 with the matches: no query of their own.
    with django_assert_num_queries(0):
        made = [snippets[municipality.pk] for municipality in first]
    # 1. the stored titles and bodies of ranks 21–70, for every snippet on the page
    with django_assert_num_queries(1):
        made += [snippets[municipality.pk] for municipality in second]

    assert len(made) == 40
    assert all("<mark>勉強会</mark>" in snippet for snippet in made)
    # The same snippets as when every text is read as it is shown.
    _ranked, unread = filter_queryset(Municipality.objects.all(), "勉強会")
    unread._texts.clear()
    assert made == [unread[municipality.pk] for municipality in first + second]


def test_a_blank_query_leaves_the_list_as_it_was(document_factory):
    document_factory("窓口", "")
    everything = Municipality.objects.all()

    ranked, snippets = filter_queryset(everything, "  ")

    assert ranked is everything
    assert len(snippets) == 0


def test_a_query_of_punctuation_matches_nothing(document_factory):
    document_factory("窓口", "")

    ranked, snippets = filter_queryset(Municipality.objects.all(), "！？。、")

    assert list(ranked) == []
    assert len(snippets) == 0


def test_a_preview_reads_the_best_few_and_counts_them_all(document_factory):
    for n in range(5):
        document_factory(f"記録{n}", "職員研修を行いました。")
        document_factory(f"研修の記録{n}", "")
    everything, all_snippets = filter_queryset(Municipality.objects.all(), "研修")

    best, snippets = filter_queryset(Municipality.objects.all(), "研修", limit=3)

    assert list(best) == list(everything)[:3]
    assert list(snippets) == list(all_snippets)[:3]
    assert snippets.total == all_snippets.total == 10


def test_a_preview_of_a_sentence_counts_what_misses_one_word_too(document_factory):
    document_factory("粗大ごみの申込をスマホで受付", "")
    for n in range(4):
        document_factory(f"粗大ごみの申込を電話で受付 {n}", "")
    document_factory("粗大ごみの収集日", "")
    sentence = "粗大ごみの申込をスマホで受け付けたい"
    everything, all_snippets = filter_queryset(Municipality.objects.all(), sentence)

    best, snippets = filter_queryset(Municipality.objects.all(), sentence, limit=2)

    assert list(best) == list(everything)[:2]
    assert snippets.total == all_snippets.total == len(everything)
