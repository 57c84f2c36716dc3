import json
import re

import pytest
from django.urls import reverse

from community.municipalities.filters import prefecture_choices
from community.municipalities.registry import DATA_FILE
from yokoten.cache_policy import retire

pytestmark = pytest.mark.django_db
LIST_URL = reverse("municipalities:list")


def shipped_rows():
    document = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    for prefecture in document["prefectures"]:
        for code, name, _kana, kind, population, _website in prefecture["municipalities"]:
            yield {
                "code": code,
                "name": name,
                "kind": kind,
                "population": population,
                "prefecture": prefecture["code"][:2],
            }


def listed_names(response) -> list[str]:
    return [row.name for row in response.context["page"].object_list]


def test_ibaraki_under_10000_lists_exactly_those_municipalities(client):
    expected = sorted(
        r["name"] for r in shipped_rows() if r["prefecture"] == "08" and r["population"] < 10_000
    )
    response = client.get(LIST_URL, {"prefecture": "08", "population_max": "10000"})
    assert response.status_code == 200
    assert sorted(listed_names(response)) == expected
    assert len(expected) >= 2  # 河内町 and 大子町 or whichever the figures say; never empty


def test_reading_in_hiragana_katakana_or_romaji_finds_shimotsuma(client):
    # Romaji as the English pages name it (and their search box's example says).
    for query in ["しもつま", "シモツマ", "下妻", "ｼﾓﾂﾏ", "Shimotsuma", "shimotsuma"]:
        response = client.get(LIST_URL, {"q": query})
        assert listed_names(response) == ["下妻市"], query


def test_filters_combine_and_stay_in_pagination_links(client):
    response = client.get(
        LIST_URL, {"region": "tohoku", "kind": "village", "population_band": "under_5k"}
    )
    rows = response.context["page"].object_list
    assert rows and all(
        m.kind == "village" and m.population < 5000 and m.prefecture.region == "tohoku"
        for m in rows
    )
    body = response.content.decode()
    if response.context["page"].has_next():
        assert "region=tohoku&amp;kind=village&amp;population_band=under_5k&amp;page=2" in body


def test_population_min_is_inclusive_and_max_exclusive(client):
    response = client.get(LIST_URL, {"population_min": "42071", "population_max": "42072"})
    assert "下妻市" in listed_names(response)
    response = client.get(LIST_URL, {"population_min": "42072", "prefecture": "08"})
    assert "下妻市" not in listed_names(response)


def test_invalid_filters_show_a_translated_error_and_keep_what_was_typed(client):
    response = client.get(
        LIST_URL, {"population_min": "50000", "population_max": "100", "q": "しもつま"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "50,000 から 100 の範囲には何も入りません。上限を下限より大きくしてください。" in body
    assert 'value="しもつま"' in body
    assert not response.context["page"].object_list


def test_an_empty_result_suggests_relaxing_filters(client):
    response = client.get(LIST_URL, {"q": "存在しない町名"})
    assert "人口の範囲を広げるか" in response.content.decode()


def test_list_paginates_all_local_governments(client):
    response = client.get(LIST_URL, {"page": "2"})
    page = response.context["page"]
    assert page.paginator.count == 1788
    assert page.number == 2


def test_list_query_count_does_not_grow_with_rows_or_filters(
    full_renders, client, django_assert_num_queries, settings
):
    # 1 COUNT for the paginator, 2 the page of rows with their prefecture joined in
    # (the prefecture choices of the filter form come from the cache); the facet
    # counts: 3 the population bands, prefectures, regions and kinds in one aggregate
    # (cached until the list is retired: none when warm).
    prefecture_choices()  # cached, as after any earlier visit to a list
    for params in [
        {},
        {"prefecture": "08"},
        {"region": "kanto", "kind": "town", "population_max": "10000", "q": "ま"},
    ]:
        for page_size in [5, 200]:
            settings.YOKOTEN_PAGE_SIZE = page_size
            retire("list:municipalities")
            with django_assert_num_queries(3):
                client.get(LIST_URL, params)
            with django_assert_num_queries(2):
                client.get(LIST_URL, {**params, "page": "1"})


def test_detail_shows_the_facts_of_shimotsuma(client):
    response = client.get("/municipalities/082104/")
    body = response.content.decode()
    assert response.status_code == 200
    assert re.search(r"<h1>\s*茨城県 下妻市\s*</h1>", body)
    assert "42,071人（2025年1月1日現在）" in body
    assert "3万〜5万" in body
    assert "city.shimotsuma.lg.jp" in body


def test_detail_query_count_does_not_grow_with_what_the_municipality_published(
    full_renders, client, django_assert_max_num_queries
):
    # The facts take two queries (municipality with prefecture, official domains);
    # each section other domains add (case studies, visit offers …) takes a fixed few
    # (the activity chart one: a UNION of its five counts; the case studies, app
    # templates and curricula one between them, with the sites for their links).
    from casestudies.cases.models import CaseStudyIndexPage, CaseStudyPage
    from community.municipalities.models import Municipality

    index = CaseStudyIndexPage.objects.get()
    shimotsuma = Municipality.objects.get(code="082104")

    def publish(number):
        page = CaseStudyPage(
            title=f"事例{number}", slug=f"q{number}", municipality=shimotsuma, fiscal_year=2023,
            summary="概要", challenge="課題",
        )  # fmt: skip
        index.add_child(instance=page)

    publish(0)
    client.get("/municipalities/082104/")
    with django_assert_max_num_queries(9) as few:
        client.get("/municipalities/082104/")
    baseline = len(few.captured_queries)
    for number in range(1, 6):
        publish(number)
    client.get("/municipalities/082104/")
    with django_assert_max_num_queries(baseline):
        body = client.get("/municipalities/082104/").content.decode()
    assert "事例5" in body


def test_unknown_or_malformed_code_is_404(client):
    assert client.get("/municipalities/999999/").status_code == 404
    assert client.get("/municipalities/abc/").status_code == 404


def test_english_pages_live_under_en(client):
    response = client.get("/en/municipalities/082104/")
    body = response.content.decode()
    assert '<html lang="en">' in body
    assert "42,071 people (as of" in body
