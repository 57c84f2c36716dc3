"""A fiscal year or a zero budget in the query becomes the case studies' filter,
shown with a link that undoes it. Before, 令和5年度 and 予算ゼロ were only words."""

import pytest
from django.urls import reverse

from community.search.understanding import understand

URL = reverse("search:results")


@pytest.mark.parametrize(
    "query", ["2023年度 RPA", "令和5年度 RPA", "R5 RPA", "令和5 RPA", "ｒ５ RPA", "RPA 令和５年度"]
)
def test_a_fiscal_year_in_any_form_is_understood(query):
    understood = understand(query)
    assert understood.filters == {"fiscal_year": "2023"}
    assert understood.remaining == "RPA"


@pytest.mark.parametrize("query", ["予算ゼロ 窓口", "0円 窓口", "予算なし 窓口", "窓口 予算0円"])
def test_a_zero_budget_in_any_form_is_understood(query):
    understood = understand(query)
    assert understood.filters == {"budget_band": "zero"}
    assert understood.remaining == "窓口"


@pytest.mark.parametrize("query", ["RPA", "10円 窓口", "COVID-19", "R50", "HR5"])
def test_other_numbers_are_left_as_words(query):
    assert not understand(query)


@pytest.mark.django_db
def test_the_site_search_narrows_case_studies_and_offers_to_undo_it(client, case_study_factory):
    case_study_factory(title="RPAで入力を自動化（令和5年度）", fiscal_year=2023, budget=0)
    case_study_factory(title="RPAで入力を自動化（令和6年度）", fiscal_year=2024, budget=500_000)

    response = client.get(URL, {"q": "令和5年度 RPA", "type": "cases"})

    assert [item["title"] for item in response.context["items"]] == [
        "RPAで入力を自動化（令和5年度）"
    ]
    page = response.content.decode()
    assert "「令和5年度」" in page or "“令和5年度”" in page
    undo = client.get(URL, {"q": "令和5年度 RPA", "type": "cases", "literal": "1"})
    assert undo.context["understood"] is None

    zero = client.get(URL, {"q": "予算ゼロ RPA", "type": "cases"})
    assert [item["title"] for item in zero.context["items"]] == ["RPAで入力を自動化（令和5年度）"]


@pytest.mark.parametrize(
    ("query", "filters", "remaining"),
    [
        ("人口1万人未満 kintone", {"population_max": "10000"}, "kintone"),
        ("人口１万人未満 kintone", {"population_max": "10000"}, "kintone"),
        ("人口一万人未満 kintone", {"population_max": "10000"}, "kintone"),
        ("5千人以下の町 LINE", {"population_max": "5001", "kind": "town"}, "LINE"),
        ("人口5,000人以下の村", {"population_max": "5001", "kind": "village"}, ""),
        ("人口10万人以上 生成AI", {"population_min": "100000"}, "生成AI"),
        ("小規模自治体 LINE", {"population_max": "10000"}, "LINE"),
        ("小さな町 RPA", {"population_max": "10000", "kind": "town"}, "RPA"),
        ("北海道の町", {"prefecture": "01", "kind": "town"}, ""),
        ("沖縄県の事例", {"prefecture": "47"}, ""),
        ("京都府 RPA", {"prefecture": "26"}, "RPA"),
    ],
)
def test_a_population_a_prefecture_and_a_kind_of_town_are_understood(query, filters, remaining):
    understood = understand(query)
    assert understood.filters == filters
    assert understood.remaining == remaining


@pytest.mark.parametrize(
    "query", ["3人以下の研修", "北海道の町民アンケート", "市町村 研修", "東京 RPA"]
)
def test_words_that_only_look_like_a_population_or_a_kind_stay_words(query):
    understood = understand(query)
    assert "population_max" not in understood.filters
    assert "kind" not in understood.filters


@pytest.mark.django_db
def test_the_site_search_reads_a_prefecture_and_a_kind_and_offers_to_undo_it(
    client, case_study_factory
):
    # 上士幌町 (北海道, town), 北見市 (北海道, city), 飯豊町 (山形県, town).
    case_study_factory("016331", title="粗大ごみのLINE受付")
    case_study_factory("012084", title="給与支払報告書のAI-OCR")
    case_study_factory("064033", title="公用車予約のkintone")

    response = client.get(URL, {"q": "北海道の町", "type": "cases"})

    assert [item["title"] for item in response.context["items"]] == ["粗大ごみのLINE受付"]
    page = response.content.decode()
    assert "北海道" in page and "literal=1" in page
    undone = client.get(URL, {"q": "北海道の町", "type": "cases", "literal": "1"})
    assert undone.context["understood"] is None


@pytest.mark.django_db
def test_a_population_phrase_narrows_case_studies_to_towns_of_that_size(client, case_study_factory):
    case_study_factory("064033", title="kintoneで公用車予約（飯豊町）")  # about 6,200 people
    case_study_factory("082104", title="kintoneで健診予約（下妻市）")  # about 42,000 people

    response = client.get(URL, {"q": "人口1万人未満 kintone", "type": "cases"})

    assert [item["title"] for item in response.context["items"]] == [
        "kintoneで公用車予約（飯豊町）"
    ]
    assert "人口1万人未満" in response.content.decode()
