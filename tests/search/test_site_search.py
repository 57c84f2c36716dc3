"""/search/: one box for everything a reader may see, counted and filtered by kind."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = pytest.mark.django_db

URL = reverse("search:results")
QUERIES = 12


def groups(response) -> dict[str, int]:
    return {group.slug: group.count for group in response.context["groups"]}


def titles(response) -> list[str]:
    if response.context.get("items") is not None:
        return [item["title"] for item in response.context["items"]]
    return [item["title"] for group in response.context["groups"] for item in group.items]


def test_one_query_finds_every_kind_with_counts(
    client, case_study_factory, question_factory, offer_factory, shimotsuma_staff
):
    case_study_factory(title="窓口予約をkintoneで受け付けた事例")
    question_factory(shimotsuma_staff, title="窓口予約の受付をkintoneでできますか")
    offer_factory(shimotsuma_staff, title="窓口予約アプリの視察受け入れ")

    response = client.get(URL, {"q": "窓口予約"})

    assert response.status_code == 200
    counts = groups(response)
    assert counts["cases"] == 1 and counts["questions"] == 1 and counts["visits"] == 1
    assert counts["templates"] == 0 and counts["curricula"] == 0
    page = response.content.decode()
    assert "<mark>窓口</mark>" in page or "<mark>窓口予約</mark>" in page
    assert "窓口予約をkintoneで受け付けた事例" in page
    assert 'href="?q=%E7%AA%93%E5%8F%A3%E4%BA%88%E7%B4%84&amp;type=cases"' in page


def test_each_kind_shows_its_best_three_and_counts_them_all(client, case_study_factory):
    for number in range(5):
        case_study_factory(title=f"RPAで入力を自動化 {number}")

    response = client.get(URL, {"q": "RPA"})

    (cases,) = [group for group in response.context["groups"] if group.slug == "cases"]
    assert cases.count == 5 and len(cases.items) == 3
    assert "RPA" in cases.items[0]["title"]
    page = response.content.decode()
    assert "type=cases" in page and "5" in page


def test_a_preview_in_another_order_than_the_rank_still_counts_every_result(rf, case_study_factory):
    from django.contrib.auth.models import AnonymousUser
    from django.http import QueryDict

    from community.search.site import kind_for, search_kind

    for number in range(5):
        case_study_factory(title=f"RPAで入力を自動化 {number}")
    request = rf.get(URL)
    request.user = AnonymousUser()
    data = QueryDict("sort=newest", mutable=True)

    results = search_kind(request, kind_for("cases"), "RPA", data, limit=3)

    assert results.count == 5 and len(results.first(3)) == 3


def test_a_municipality_is_found_by_its_reading(client):
    response = client.get(URL, {"q": "しもつま"})
    assert groups(response)["municipalities"] == 1
    assert "茨城県 下妻市" in titles(response)


def test_staff_only_questions_reach_staff_alone(
    client, client_for, question_factory, shimotsuma_staff, member, staff_board
):
    question_factory(shimotsuma_staff, board=staff_board, title="三層分離の例外運用について")
    assert groups(client.get(URL, {"q": "例外運用"}))["questions"] == 0
    assert groups(client_for(member).get(URL, {"q": "例外運用"}))["questions"] == 0
    staff = client_for(shimotsuma_staff).get(URL, {"q": "例外運用"})
    assert groups(staff)["questions"] == 1


def test_a_chosen_kind_pages_its_results_and_brings_its_filters(client, case_study_factory):
    for number in range(3):
        case_study_factory("082104", title=f"RPAで入力を自動化（下妻 {number}）")
    case_study_factory("064033", title="RPAで入力を自動化（飯豊）")

    response = client.get(URL, {"q": "RPA", "type": "cases", "prefecture": "06"})

    assert titles(response) == ["RPAで入力を自動化（飯豊）"]
    page = response.content.decode()
    assert 'name="budget"' in page or 'name="budget_band"' in page  # the case list's filters
    chip = next(
        chip for chip in response.context["filters"].chips() if chip["name"] == "prefecture"
    )
    assert "type=cases" in chip["url"] and "prefecture" not in chip["url"]


def test_an_unknown_kind_shows_every_kind_and_says_so(client, case_study_factory):
    case_study_factory(title="RPAで入力を自動化")
    response = client.get(URL, {"q": "RPA", "type": "nonsense"})
    assert response.status_code == 200
    assert groups(response)["cases"] == 1
    assert "nonsense" in response.context["problem"]


def test_no_query_shows_the_box_and_no_results(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["groups"] == []


def test_every_page_has_the_search_box_in_both_languages(client):
    for path, label in (("/privacy/", "サイト内を検索"), ("/en/privacy/", "Search the site")):
        page = client.get(path).content.decode()
        assert 'role="search"' in page and 'name="q"' in page
        assert label in page
        assert 'action="/search/"' in page or 'action="/en/search/"' in page


def test_the_query_count_does_not_grow_with_results(
    client, case_study_factory, django_assert_max_num_queries
):
    case_study_factory(title="RPAで入力を自動化 1")
    client.get(URL, {"q": "RPA"})  # the per-process caches (content types, synonyms)
    # Every cache emptied (else the page cache answers): the synonyms, the tool names
    # (what the query is understood as), the match of each kind the index ranks (6),
    # the municipalities' first three (counted apart only when three are found), the
    # best three of the kind found,
    # their snippets' texts (one query for every kind), the sites.
    cache.clear()
    with django_assert_max_num_queries(QUERIES):
        client.get(URL, {"q": "RPA"})
    for number in range(2, 8):
        case_study_factory(title=f"RPAで入力を自動化 {number}")
    cache.clear()
    with django_assert_max_num_queries(QUERIES):
        client.get(URL, {"q": "RPA"})
    cache.clear()
    # The chosen kind: its page of results and its count, and its filters' choices.
    with django_assert_max_num_queries(QUERIES + 3):
        client.get(URL, {"q": "RPA", "type": "cases"})


API = "/api/v1/search"


def test_the_api_counts_every_kind_and_pages_one(client, case_study_factory):
    for number in range(3):
        case_study_factory(title=f"入力の自動化 {number}", summary="RPAで入力を自動化しました。")
    everything = client.get(API, {"q": "RPA"}).json()
    assert {row["kind"]: row["count"] for row in everything["counts"]}["cases"] == 3
    assert len(everything["items"]) == 3
    cases = client.get(API, {"q": "RPA", "kind": "cases"}).json()
    assert cases["count"] == 3 and {item["kind"] for item in cases["items"]} == {"cases"}
    assert "<mark>rpa</mark>" in cases["items"][0]["snippet"].lower()


def test_the_api_refuses_a_blank_query_and_an_unknown_kind(client):
    for params in ({}, {"q": "   "}, {"q": "RPA", "kind": "nonsense"}, {"q": "x" * 101}):
        response = client.get(API, params)
        assert response.status_code == 422, params
        assert response.json()["errors"]


def test_the_api_never_lists_staff_only_questions(
    client_for, question_factory, shimotsuma_staff, staff_board
):
    question_factory(shimotsuma_staff, board=staff_board, title="三層分離の例外運用について")
    counts = client_for(shimotsuma_staff).get(API, {"q": "例外運用"}).json()["counts"]
    assert {row["kind"]: row["count"] for row in counts}["questions"] == 0


def test_a_sentence_shows_how_many_of_its_words_each_result_matches(client, case_study_factory):
    case_study_factory(title="粗大ごみの申込受付", summary="粗大ごみの申込をLINEで受け付けました。")

    response = client.get(URL, {"q": "粗大ごみの申込を電話なしで受け付けたい"})

    assert groups(response)["cases"] == 1
    assert "語中" in response.content.decode() and "語に一致" in response.content.decode()


def test_the_overview_builds_no_filters_of_the_kinds_it_lists(
    client, case_study_factory, question_factory, shimotsuma_staff
):
    case_study_factory(title="RPAで入力を自動化")
    question_factory(shimotsuma_staff, title="RPAの研修はどこで", tags=["rpa"])
    client.get(URL, {"q": "RPA"})
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, {"q": "RPA"})
    assert groups(response)["cases"] == 1 and groups(response)["questions"] == 1
    read = " ".join(query["sql"] for query in queries.captured_queries)
    # The forum's boards are a choice of its filter form, which no kind shows here; a
    # result shows no tags.
    assert 'FROM "forum_board"' not in read and "forum_taggedquestion" not in read
    assert all(
        group.filters.form.fields.keys() <= {"q", "sort"} for group in response.context["groups"]
    )
    # The chosen kind shows its filters, every one of them.
    chosen = client.get(URL, {"q": "RPA", "type": "questions"}).context["form"]
    assert {"board", "status", "tag", "population"} <= chosen.fields.keys()


def test_the_overview_shows_the_best_three_of_a_kind_in_the_order_of_its_page(
    client, case_study_factory
):
    case_study_factory(title="窓口の案内", summary="RPAで窓口の入力を自動化。RPAの研修も。")
    case_study_factory(title="RPAで入力を自動化")
    case_study_factory(title="会議の記録", summary="RPAを試した。")
    case_study_factory(title="RPAとAI-OCRの導入")
    overview = client.get(URL, {"q": "RPA"}).context["groups"]
    shown = [item["title"] for item in next(g for g in overview if g.slug == "cases").items]
    page = client.get(URL, {"q": "RPA", "type": "cases"}).context["items"]
    assert shown == [item["title"] for item in page][:3]
    assert len(page) == 4


def test_a_kind_with_fewer_results_than_shown_is_not_counted_apart(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, {"q": "しもつま"})
    assert groups(response)["municipalities"] == 1
    assert "茨城県 下妻市" in titles(response)
    read = [q["sql"] for q in queries.captured_queries if "municipalities_municipality" in q["sql"]]
    # The first three read, one found: that is the count.
    assert len(read) == 1 and "COUNT(" not in read[0]
