import csv
import io
import xml.etree.ElementTree as ET

import pytest
from django.utils import translation
from django.utils.html import escape

from casestudies.knowledge.fiscal import fiscal_year_label

pytestmark = pytest.mark.django_db


def test_fiscal_years_read_as_japanese_readers_expect():
    with translation.override("ja"):
        assert fiscal_year_label(2023) == "令和5年度（2023年度）"
        assert fiscal_year_label(2019) == "令和元年度（2019年度）"
        assert fiscal_year_label(2018) == "平成30年度（2018年度）"
    with translation.override("en"):
        assert fiscal_year_label(2023) == "FY2023 (Reiwa 5)"


def test_detail_shows_facts_beside_the_story_and_metrics_as_a_table(client, case_study_factory):
    case = case_study_factory("082104", budget=0, fiscal_year=2023, metrics=2)
    body = client.get(case.url).content.decode()
    assert "令和5年度（2023年度）" in body
    assert "0円（予算なし）" in body
    assert "42,071人" in body and "3万〜5万" in body
    assert body.count("<tr>") >= 3 and "年 100 時間" in body and "年 20 時間" in body


def test_similar_cases_prefer_the_same_population_band(client, case_study_factory):
    case = case_study_factory("064033", tools=["kintone"])  # 5千〜1万
    case_study_factory("082104", title="下妻市の似た事例", tools=["kintone"])
    case_study_factory("064025", title="白鷹町の似た事例", tools=["kintone"])  # 12,222: 1万〜3万
    case_study_factory("063215", title="同じ規模の似た事例", tools=["kintone"])
    case_study_factory("064033", title="関係ない事例", tools=["RPA"], categories=["窓口DX"])
    similar = [c.title for c in client.get(case.url).context["similar"]]
    assert "関係ない事例" not in similar
    assert set(similar) == {"下妻市の似た事例", "白鷹町の似た事例", "同じ規模の似た事例"}


def test_similar_cases_rank_the_same_band_then_the_most_shared(client, case_study_factory):
    case = case_study_factory("064033", tools=["kintone"], categories=["窓口DX"])
    case_study_factory(
        "082104", title="別の規模で二つ共通", tools=["kintone"], categories=["窓口DX"]
    )
    case_study_factory("064033", title="同じ規模で一つ共通", tools=["kintone"])
    case_study_factory(
        "064033", title="同じ規模で二つ共通", tools=["kintone"], categories=["窓口DX"]
    )
    similar = [c.title for c in client.get(case.url).context["similar"]]
    assert similar == ["同じ規模で二つ共通", "同じ規模で一つ共通", "別の規模で二つ共通"]


def test_detail_query_count_does_not_grow_with_metrics_or_similar_cases(
    full_renders, client, case_study_factory, django_assert_max_num_queries
):
    case = case_study_factory("082104", metrics=1)
    client.get(case.url)
    with django_assert_max_num_queries(11) as few:
        client.get(case.url)
    baseline = len(few.captured_queries)
    many = case_study_factory("082104", metrics=12)
    for _ in range(6):
        case_study_factory("064033")
    client.get(many.url)
    # Full renders (no page cache). Routing: the sites with the home page, the list page,
    # the case with its municipality, each with whether it is private (3); credit (the
    # owner, named authors and first predecessor in one query); in one query its tools,
    # categories, the replication kit's funding, tags, metrics (the before/after chart is
    # drawn from them), follow-ups, attachments and the app templates and curricula that
    # name it; similar cases (towns of the same size, then, while they have fewer than
    # four, the others: two queries here, one on a full site); the official notices it
    # cites; the visit offer button, the adopters panel, visit reports.
    with django_assert_max_num_queries(baseline):
        client.get(many.url)


def test_search_in_japanese_normalises_and_ranks_titles_first(client, case_study_factory):
    body_only = case_study_factory(
        title="窓口の業務改善", summary="スマートフォンから申請できるようにしました。"
    )
    in_title = case_study_factory(
        title="スマートフォン申請の導入", summary="窓口での受付を減らしました。"
    )
    case_study_factory(
        title="関係のない事例", summary="防災無線の更新。", challenge="老朽化していました。"
    )
    results = [
        c.pk
        for c in client.get("/casestudies/", {"q": "スマホ 申請"}).context["results"].object_list
    ]
    assert results == [in_title.pk, body_only.pk]


def test_search_with_synonyms_finds_other_wording(client, case_study_factory):
    case = case_study_factory(
        title="電子申請の拡大", summary="オンライン申請の対象手続を増やしました。"
    )
    results = client.get("/casestudies/", {"q": "電子手続"}).context["results"].object_list
    assert [c.pk for c in results] == [case.pk]


@pytest.mark.parametrize(
    "query", ["！？。、・…", "あ" * 1000, "' OR 1=1 --", "NEAR(kintone", '"unclosed']
)
def test_odd_queries_answer_safely(
    full_renders, client, case_study_factory, query, django_assert_max_num_queries
):
    """Punctuation, a very long word, SQL and FTS syntax: a list like any other (how
    fast is make bench's to measure, not a timed test's), the query kept as typed."""
    case_study_factory(title="kintoneの事例")
    client.get("/casestudies/")
    with django_assert_max_num_queries(12):
        response = client.get("/casestudies/", {"q": query[:200]})
    assert response.status_code == 200
    assert escape(query[:200]) in response.content.decode()


def test_rss_and_tag_feed_list_new_cases(client, case_study_factory):
    case_study_factory(title="kintoneの事例", tags=["kintone"])
    case_study_factory(title="RPAの事例", tags=["RPA"], tools=["RPA"])
    rss = ET.fromstring(client.get("/casestudies/feed/").content)
    assert {item.findtext("title").split("（")[0] for item in rss.iter("item")} == {
        "kintoneの事例",
        "RPAの事例",
    }
    tagged = ET.fromstring(client.get("/casestudies/tags/RPA/feed/").content)
    assert [item.findtext("title").split("（")[0] for item in tagged.iter("item")] == ["RPAの事例"]
    assert client.get("/casestudies/feed/atom/")["Content-Type"].startswith("application/atom+xml")


def test_csv_export_is_the_filtered_list_as_open_data(client, case_study_factory):
    case_study_factory("064033", title="飯豊町の事例", budget=0)
    case_study_factory("082104", title="下妻市の事例", budget=300_000)
    response = client.get("/casestudies/export/", {"budget_max": "0"})
    assert 'rel="license"' in response["Link"] and "by/4.0" in response["Link"]
    rows = list(
        csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")))
    )
    assert [row["title"] for row in rows] == ["飯豊町の事例"]
    assert rows[0]["municipality_code"] == "064033" and rows[0]["population_band"] == "5k_10k"
    assert rows[0]["licence"] == "CC BY 4.0"


def test_csv_export_cells_that_a_spreadsheet_would_run_are_neutralised(client, case_study_factory):
    case_study_factory("064033", title='=HYPERLINK("http://evil.example","請求書")', tags=["-1+1"])
    response = client.get("/casestudies/export/")
    rows = list(
        csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")))
    )
    assert rows[0]["title"] == '\'=HYPERLINK("http://evil.example","請求書")'
    assert rows[0]["tags"] == "'-1+1"
    assert rows[0]["population"] == "6203"  # numbers stay numbers


def test_api_detail_includes_metrics_and_unknown_ids_are_404(client, case_study_factory):
    case = case_study_factory("082104", metrics=2)
    data = client.get(f"/api/v1/casestudies/{case.pk}").json()
    assert data["municipality"] == {
        "code": "082104", "name": "下妻市", "prefecture": "茨城県", "population": 42071, "population_band": "30k_50k",
    }  # fmt: skip
    assert [metric["metric"] for metric in data["metrics"]] == ["指標0", "指標1"]
    assert client.get("/api/v1/casestudies/999999").status_code == 404
    assert client.get("/api/v1/casestudies", {"budget_band": "huge"}).status_code == 422


def test_api_list_query_count_is_constant(
    client, case_study_factory, django_assert_max_num_queries
):
    case_study_factory()
    with django_assert_max_num_queries(8) as few:
        client.get("/api/v1/casestudies")
    baseline = len(few.captured_queries)
    for _ in range(10):
        case_study_factory()
    with django_assert_max_num_queries(baseline):
        client.get("/api/v1/casestudies")


def test_the_feeds_and_the_csv_read_the_same_filters_as_the_page(client, case_study_factory):
    case_study_factory("064033", title="飯豊町のkintone", budget=0, tools=["kintone"])
    case_study_factory("082104", title="下妻市のRPA", budget=300_000, tools=["RPA"])
    feed = ET.fromstring(client.get("/casestudies/feed/", {"population_band": "5k_10k"}).content)
    assert [item.findtext("title").split("（")[0] for item in feed.iter("item")] == [
        "飯豊町のkintone"
    ]
    bad = client.get("/casestudies/export/", {"tool": "そろばん"})
    assert bad.status_code == 400
    assert "「そろばん」は選択肢にありません。" in bad.content.decode()
    assert client.get("/casestudies/feed/", {"tool": "そろばん"}).status_code == 404
