"""/curricula/: filters (audience, level and the shared ones), the detail page with
its modules and its delivery log as data ("51 sessions, 531 participants"), the
API and feeds, and query counts that do not grow with the rows."""

import datetime
import xml.etree.ElementTree as ET

import pytest

from casestudies.adoption.services import adopt
from casestudies.curricula.models import CurriculumRelatedTemplate
from community.municipalities.models import Municipality

pytestmark = pytest.mark.django_db
URL = "/curricula/"
# 下妻市's kintone basic course in 令和5年度: 51 sessions, 531 participants.
SHIMOTSUMA_FY2023 = [
    ("082104", "2023-05-22", 12, 138, "2.1", "3.9"),
    ("082104", "2023-07-10", 9, 97, "2.2", "4.0"),
    ("082104", "2023-10-16", 10, 104, "2.3", "4.0"),
    ("082104", "2023-12-11", 8, 79, "2.4", "4.1"),
    ("082104", "2024-02-05", 12, 113, "2.5", "4.1"),
]


def titles(response) -> list[str]:
    return [item.title for item in response.context["results"].object_list]


def test_the_delivery_log_is_data_per_fiscal_year(client, curriculum_factory):
    curriculum = curriculum_factory(
        deliveries=[
            *SHIMOTSUMA_FY2023,
            ("082104", "2024-05-13", 6, 61),
            ("064033", "2024-06-10", 4, 38),
        ]
    )
    response = client.get(curriculum.url)
    summary = response.context["summary"]
    by_year = dict(summary.by_fiscal_year)
    assert (by_year[2023].sessions, by_year[2023].participants) == (51, 531)
    assert (by_year[2024].sessions, by_year[2024].participants) == (10, 99)
    assert summary.total.municipality_count == 2 and summary.total.deliveries == 7
    assert float(by_year[2023].survey_before) == pytest.approx(2.3, abs=0.05)
    body = response.content.decode()
    assert "令和5年度（2023年度）" in body and ">531<" in body


def test_modules_are_rows_with_minutes_and_a_total(client, curriculum_factory):
    curriculum = curriculum_factory(modules=3)
    response = client.get(curriculum.url)
    assert [m.title for m in response.context["modules"]] == [
        "モジュール1",
        "モジュール2",
        "モジュール3",
    ]
    assert response.context["module_minutes"] == 90


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"audience": "new_staff"}, {"新任"}),
        ({"level": "advanced"}, {"応用"}),
        ({"tool": "generative-ai"}, {"応用"}),
        ({"population_band": "5k_10k"}, {"応用"}),
        ({"adopted_band": "under_10k"}, {"新任"}),
    ],
)
def test_each_filter(client, curriculum_factory, params, expected):
    first = curriculum_factory("082104", title="新任", audience="new_staff")
    curriculum_factory("064033", title="応用", level="advanced", tools=["生成AI"])
    adopt(
        first,
        Municipality.objects.get(code="063657"),
        actor=None,
        adopted_on=datetime.date(2025, 4, 1),
    )
    assert set(titles(client.get(URL, params))) == expected


def test_drafts_never_appear_anywhere(client, curriculum_factory):
    curriculum_factory(title="公開中の研修")
    curriculum_factory(title="まだ下書きの研修", live=False)
    for url in (URL, "/api/v1/curricula", "/curricula/feed/", "/curricula/feed/atom/"):
        assert "まだ下書きの研修" not in client.get(url).content.decode(), url


def test_search_finds_modules_text(client, curriculum_factory):
    curriculum_factory(title="kintone基礎研修")
    curriculum_factory(title="管理職研修", tools=[])
    response = client.get(URL, {"q": "練習用アプリ kintone"})
    # What has every word comes first; what misses one of them (kintone) follows,
    # saying how much of the query it matches.
    assert titles(response) == ["kintone基礎研修", "管理職研修"]
    cards = response.content.decode().split('class="card curriculum-card"')[1:]
    assert "語に一致" not in cards[0]
    assert "3語中2語に一致" in cards[1]  # 練習 and アプリ, not kintone


def test_an_empty_result_suggests_removing_each_filter(client, curriculum_factory):
    curriculum_factory(audience="all_staff")
    body = client.get(URL, {"audience": "managers"}).content.decode()
    assert "絞り込み条件をすべて満たす研修カリキュラムはまだありません" in body
    assert "「対象」を外す" in body


def test_feeds_list_new_curricula(client, curriculum_factory):
    curriculum_factory(title="kintone基礎研修", tags=["kintone"])
    rss = ET.fromstring(client.get("/curricula/feed/").content)
    assert [item.findtext("title").split("（")[0] for item in rss.iter("item")] == [
        "kintone基礎研修"
    ]
    assert client.get("/curricula/tags/kintone/feed/").status_code == 200


def test_api_lists_totals_and_details_modules_deliveries_and_adopters(client, curriculum_factory):
    curriculum = curriculum_factory(deliveries=SHIMOTSUMA_FY2023)
    adopt(
        curriculum,
        Municipality.objects.get(code="064033"),
        actor=None,
        adopted_on=datetime.date(2025, 4, 1),
    )
    [item] = client.get("/api/v1/curricula", {"level": "basic"}).json()["items"]
    assert (item["total_sessions"], item["total_participants"], item["adoption_count"]) == (
        51,
        531,
        1,
    )
    detail = client.get(f"/api/v1/curricula/{curriculum.pk}").json()
    assert len(detail["modules"]) == 2 and len(detail["deliveries"]) == 5
    assert detail["adopters"][0]["municipality"]["name"] == "飯豊町"
    assert client.get("/api/v1/curricula", {"level": "expert"}).status_code == 422
    assert client.get("/api/v1/curricula/999999").status_code == 404


def test_related_templates_link_both_ways(client, curriculum_factory, template_factory):
    template = template_factory(title="健診予約アプリ")
    curriculum = curriculum_factory(title="kintone基礎研修")
    CurriculumRelatedTemplate.objects.create(page=curriculum, template=template)
    assert "健診予約アプリ" in client.get(curriculum.url).content.decode()
    assert "kintone基礎研修" in client.get(template.url).content.decode()


def test_list_query_count_does_not_grow(
    client, full_renders, curriculum_factory, django_assert_max_num_queries
):
    curriculum_factory(deliveries=SHIMOTSUMA_FY2023[:1])
    client.get(URL)
    with django_assert_max_num_queries(12) as few:
        client.get(URL)
    baseline = len(few.captured_queries)
    for _ in range(12):
        curriculum_factory(deliveries=SHIMOTSUMA_FY2023, modules=4)
    for params in [{}, {"level": "basic", "tool": "kintone", "sort": "most_adopted"}]:
        client.get(URL, params)
        # Wagtail routing with whether the pages are private (2), count (1), rows with municipality and
        # delivery totals (1), tools and categories (2); facets and choices are cached.
        with django_assert_max_num_queries(baseline):
            client.get(URL, params)


def test_detail_query_count_does_not_grow(
    client, full_renders, curriculum_factory, django_assert_max_num_queries
):
    small = curriculum_factory(deliveries=SHIMOTSUMA_FY2023[:1], modules=1)
    adopt(
        small,
        Municipality.objects.get(code="064033"),
        actor=None,
        adopted_on=datetime.date(2025, 4, 1),
    )
    client.get(small.url)
    with django_assert_max_num_queries(25) as few:
        client.get(small.url)
    baseline = len(few.captured_queries)
    big = curriculum_factory(deliveries=SHIMOTSUMA_FY2023 * 4, modules=6)
    for code in ("064033", "063657", "085219", "314013"):
        adopt(
            big,
            Municipality.objects.get(code=code),
            actor=None,
            adopted_on=datetime.date(2025, 4, 1),
        )
    client.get(big.url)
    # Routing (site, pages, with whether they are private), deliveries with their municipalities
    # (the per-年度 charts are drawn from them), modules, municipality, authors, tools,
    # categories, tags, materials, related templates and case studies, adopters per
    # population band (one aggregate), the adopters panel.
    with django_assert_max_num_queries(baseline):
        client.get(big.url)


def test_api_list_query_count_is_constant(
    client, curriculum_factory, django_assert_max_num_queries
):
    curriculum_factory(deliveries=SHIMOTSUMA_FY2023[:1])
    with django_assert_max_num_queries(8) as few:
        client.get("/api/v1/curricula")
    baseline = len(few.captured_queries)
    for _ in range(8):
        curriculum_factory(deliveries=SHIMOTSUMA_FY2023)
    with django_assert_max_num_queries(baseline):
        client.get("/api/v1/curricula")
