"""/app-templates/: the case-study filters plus department and licence, facets,
"adopted by towns of this size", sorting, search, empty state, feeds, API, and
query counts that do not grow with the rows."""

import datetime
import xml.etree.ElementTree as ET

import pytest

from casestudies.adoption.services import adopt
from community.municipalities.models import Municipality
from tests.facets import shown_facets

pytestmark = pytest.mark.django_db
URL = "/app-templates/"


def titles(response) -> list[str]:
    return [template.title for template in response.context["results"].object_list]


def adopt_by(template, *codes):
    for code in codes:
        adopt(
            template,
            Municipality.objects.get(code=code),
            actor=None,
            adopted_on=datetime.date(2025, 4, 1),
        )


def test_a_small_town_finds_kintone_templates_used_by_towns_under_10000(client, template_factory):
    used_by_villages = template_factory(
        "082104", title="村で使われているkintone", tools=["kintone"]
    )
    used_by_a_city = template_factory("082104", title="市で使われているkintone", tools=["kintone"])
    excel = template_factory("082104", title="村で使われているExcel", tools=["Excel"])
    adopt_by(used_by_villages, "063657")  # 大蔵村, 2,760 people
    adopt_by(used_by_a_city, "331007")  # 岡山市
    adopt_by(excel, "063657")
    response = client.get(URL, {"tool": "kintone", "adopted_band": "under_10k"})
    assert titles(response) == ["村で使われているkintone"]
    api = client.get("/api/v1/app-templates", {"tool": "kintone", "adopted_band": "under_10k"})
    assert [item["title"] for item in api.json()["items"]] == ["村で使われているkintone"]
    assert api.json()["items"][0]["adoption_count"] == 1


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"used_by": "counter"}, {"窓口"}),
        ({"licence": "cc0-1.0"}, {"健診"}),
        ({"population_band": "5k_10k"}, {"健診"}),
        ({"prefecture": "08"}, {"窓口"}),
        ({"category": "paperless"}, {"健診"}),
        ({"tag": "予約"}, {"健診"}),
        ({"tool": "logoform"}, {"窓口"}),
    ],
)
def test_each_filter(client, template_factory, params, expected):
    template_factory(
        "082104", title="窓口", used_by=["counter"], tools=["LoGoフォーム"], tags=["窓口"]
    )
    template_factory(
        "064033", title="健診", used_by=["health_welfare"], licence="cc0-1.0",
        categories=["ペーパーレス"], tags=["予約"],
    )  # fmt: skip
    assert set(titles(client.get(URL, params))) == expected


def test_drafts_never_appear_anywhere(client, template_factory):
    template_factory(title="公開中のテンプレート")
    template_factory(title="まだ下書きのテンプレート", live=False)
    for url in (URL, "/api/v1/app-templates", "/app-templates/feed/", "/app-templates/feed/atom/"):
        assert "まだ下書きのテンプレート" not in client.get(url).content.decode(), url


def test_sort_by_most_adopted(client, template_factory):
    few = template_factory(title="1自治体")
    many = template_factory(title="3自治体")
    template_factory(title="0自治体")
    adopt_by(few, "064033")
    adopt_by(many, "064033", "063657", "085219")
    assert titles(client.get(URL, {"sort": "most_adopted"})) == ["3自治体", "1自治体", "0自治体"]


def test_search_in_japanese_finds_other_wording(client, template_factory):
    template_factory(title="スマートフォンから申請できる予約アプリ")
    template_factory(title="公用車の予約台帳")
    response = client.get(URL, {"q": "スマホ 申請"})
    assert titles(response) == ["スマートフォンから申請できる予約アプリ"]
    assert "<mark>" in response.content.decode()


def test_facets_count_per_value_under_the_current_filters(client, template_factory):
    first = template_factory("064033", tools=["kintone"], licence="cc0-1.0")
    template_factory("064033", tools=["kintone", "LINE"])
    template_factory("082104", tools=["LINE"])
    adopt_by(first, "063657")
    facets = shown_facets(client.get(URL, {"tool": "kintone"}))
    assert facets["population:5k_10k"] == 2 and facets["population:30k_50k"] == 0
    assert facets["tool:kintone"] == 2 and facets["tool:line"] == 1
    assert facets["licence:cc0-1.0"] == 1 and facets["adopted_band:under_10k"] == 1
    assert facets["prefecture:06"] == 2 and facets["kind:town"] == 2


def test_an_empty_result_suggests_removing_each_filter(client, template_factory):
    template_factory("082104", tools=["kintone"])
    body = client.get(URL, {"tool": "excel", "prefecture": "08"}).content.decode()
    assert "絞り込み条件をすべて満たすアプリテンプレートはまだありません" in body
    assert "「都道府県」を外す" in body and "「ツール」を外す" in body


def test_an_empty_site_says_so(client):
    body = client.get(URL).content.decode()
    assert "絞り込み条件をすべて満たすアプリテンプレートはまだありません" in body
    assert body.count("<h1") == 1


def test_the_list_pages_through_results(client, template_factory):
    for _ in range(21):
        template_factory()
    first = client.get(URL)
    assert (
        len(first.context["results"].object_list) == 20 and 'rel="next"' in first.content.decode()
    )
    assert len(client.get(URL, {"page": 2}).context["results"].object_list) == 1


def test_feeds_list_new_templates_and_tag_feeds_one_tag(client, template_factory):
    template_factory(title="健診予約", tags=["健診"])
    template_factory(title="公用車予約", tags=["公用車"])
    rss = ET.fromstring(client.get("/app-templates/feed/").content)
    assert {item.findtext("title").split("（")[0] for item in rss.iter("item")} == {
        "健診予約",
        "公用車予約",
    }
    tagged = ET.fromstring(client.get("/app-templates/tags/健診/feed/").content)
    assert [item.findtext("title").split("（")[0] for item in tagged.iter("item")] == ["健診予約"]


def test_api_rejects_unknown_filter_values(client):
    assert client.get("/api/v1/app-templates", {"adopted_band": "huge"}).status_code == 422
    assert client.get("/api/v1/app-templates", {"licence": "gpl"}).status_code == 422
    assert client.get("/api/v1/app-templates/999999").status_code == 404


def test_list_query_count_does_not_grow_with_cards_or_filters(
    client, full_renders, template_factory, django_assert_max_num_queries
):
    for _ in range(2):
        adopt_by(
            template_factory("064033", tools=["kintone", "LINE"], versions=["1.0", "1.1"]), "063657"
        )
    client.get(URL)  # warm the choices and facets caches
    with django_assert_max_num_queries(12) as few:
        client.get(URL)
    baseline = len(few.captured_queries)
    parent = template_factory("082104")
    for _ in range(12):
        child = template_factory(
            "082104", tools=["kintone", "RPA"], versions=["1.0", "1.1", "1.2"], derived_from=parent
        )
        adopt_by(child, "063657", "064033")
    for params in [{}, {"tool": "kintone", "adopted_band": "under_10k", "sort": "most_adopted"}]:
        client.get(URL, params)
        # Wagtail routing with whether the pages are private (2), count (1), rows with municipality,
        # parent template, latest version and downloads (1), tools and categories (2);
        # facets and form choices come from the cache when warm.
        with django_assert_max_num_queries(baseline):
            client.get(URL, params)


def test_api_list_query_count_is_constant(client, template_factory, django_assert_max_num_queries):
    template_factory()
    with django_assert_max_num_queries(8) as few:
        client.get("/api/v1/app-templates")
    baseline = len(few.captured_queries)
    for _ in range(10):
        template_factory(versions=["1.0", "1.1"])
    with django_assert_max_num_queries(baseline):
        client.get("/api/v1/app-templates")
