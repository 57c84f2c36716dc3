"""/impact/: every number behind the map, the time chart, the band chart and the
practices chart equals what the database holds; filters narrow them; the page and
its CSV are open to everyone; its query count stays constant as rows grow."""

import csv
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casestudies.adoption.models import Adoption
from casestudies.cases.models import CaseStudyPage
from community.visits.models import VisitRequest
from community.visits.states import Status
from yokoten import cache_policy

pytestmark = pytest.mark.django_db
URL = reverse("impact:page")


def rows_of(response, table: str) -> list[dict]:
    text = b"".join(response.streaming_content if response.streaming else [response.content])
    return list(csv.DictReader(io.StringIO(text.decode("utf-8-sig"))))


@pytest.fixture
def national(case_study_factory, template_factory, curriculum_factory, adopt_as):
    """下妻市 (茨城県, 42,071 people) publishes two cases and a template; 飯豊町 (山形県,
    about 6,200) publishes one case and adopts 下妻市's first case and its template;
    a draft case counts nowhere."""
    first = case_study_factory("082104", title="下妻市の事例A", tools=("kintone",))
    case_study_factory(
        "082104", title="下妻市の事例B", tools=("LINE",), categories=("ペーパーレス",)
    )
    case_study_factory("064033", title="飯豊町の事例")
    case_study_factory("082104", title="下書き", live=False)
    template = template_factory("082104", title="下妻市のテンプレート")
    curriculum_factory("064033", title="飯豊町の研修")
    adopt_as("064033", first, on="2024-03-31")  # 令和5年度
    adopt_as("064033", template, on="2024-04-01")  # 令和6年度
    return {"case": first, "template": template}


def test_everyone_may_read_the_impact_page_and_nobody_may_post_to_it(client_for, member, national):
    for user in (None, member):
        assert client_for(user).get(URL).status_code == 200
    assert client_for(None).post(URL).status_code == 405


def test_counts_by_prefecture_are_those_of_the_database(client, national):
    response = client.get(URL)
    numbers = response.context["numbers"]
    for code in ("08", "06", "13"):
        place = numbers.prefectures[code]
        live = CaseStudyPage.objects.live().filter(municipality__prefecture__code=code)
        assert place.cases == live.count()
        assert (
            place.adoptions == Adoption.objects.filter(municipality__prefecture__code=code).count()
        )
    assert numbers.prefectures["08"].cases == 2  # the draft is not counted
    assert numbers.prefectures["08"].content == 3  # two cases and a template
    assert numbers.prefectures["06"].content == 2  # a case and a curriculum
    assert numbers.prefectures["06"].adoptions == 2
    assert numbers.prefectures["13"].content == 0
    assert len(numbers.prefectures) == 47

    body = response.content.decode()
    # The map names each prefecture with its numbers, and the table beside it shows them.
    assert "<title>茨城県：事例 2件、公開 計3件、横展開 0件、視察受入 0件</title>" in body
    ibaraki_row = re.search(
        r"prefecture=08#drill-down\"[^>]*>茨城県</a></th>(.*?)</tr>", body, re.S
    )
    assert [int(n) for n in re.findall(r">(\d+)</td>", ibaraki_row.group(1))] == [2, 3, 0, 0]


def test_visits_held_count_for_the_host_prefecture_only_once_done(
    client, offer_factory, request_factory, shimotsuma_staff, other_town_staff
):
    offer = offer_factory(shimotsuma_staff)
    request_factory(offer, other_town_staff, status=Status.DONE)
    request_factory(offer, other_town_staff, status=Status.CONFIRMED)
    numbers = client.get(URL).context["numbers"]
    assert (
        numbers.prefectures["08"].visits
        == 1
        == VisitRequest.objects.filter(status=Status.DONE).count()
    )
    assert numbers.prefectures["06"].visits == 0


def test_counts_by_population_band_and_the_small_town_share(client, national):
    numbers = client.get(URL).context["numbers"]
    bands = {row.band.slug: row for row in numbers.bands}
    # 下妻市 (30,000–50,000) published 3; 飯豊町 (5,000–10,000) published 2 and adopted 2.
    assert (bands["30k_50k"].content, bands["30k_50k"].adoptions) == (3, 0)
    assert (bands["5k_10k"].content, bands["5k_10k"].adoptions) == (2, 2)
    assert sum(row.content for row in numbers.bands) == 5
    assert numbers.small_town_share == 1.0  # both towns are under 50,000


def test_adoptions_fall_in_their_fiscal_year(client, national):
    numbers = client.get(URL).context["numbers"]
    assert numbers.adoptions_by_year == {2023: 1, 2024: 1}
    body = client.get(URL).content.decode()
    assert "令和5年度（2023年度）" in body and "令和6年度（2024年度）" in body


def test_filters_narrow_every_number(client, national):
    by_tool = client.get(URL, {"tool": "line"}).context["numbers"]
    assert by_tool.totals.cases == 1 and by_tool.totals.adoptions == 0
    by_category = client.get(URL, {"category": national["case"].categories.first().slug})
    assert by_category.context["numbers"].totals.content == 3  # not case B, not the curriculum
    small = client.get(URL, {"population_band": "5k_10k"}).context["numbers"]
    assert small.prefectures["08"].content == 0 and small.prefectures["06"].content == 2
    assert small.totals.adoptions == 2  # adopters of that size


def test_a_bad_filter_is_reported_and_ignored(client, national):
    response = client.get(URL, {"tool": "no-such-tool", "population_band": "huge"})
    assert response.status_code == 200
    assert response.context["numbers"].totals.cases == 3
    assert 'role="alert"' in response.content.decode()


def test_drill_down_lists_the_prefectures_municipalities_as_a_list_or_tiles(client, national):
    from community.municipalities.models import Municipality

    response = client.get(URL, {"prefecture": "08"})
    places = response.context["numbers"].municipalities
    assert len(places) == Municipality.objects.municipalities_only().in_prefecture("08").count()
    shimotsuma = next(place for place in places if place.code == "082104")
    assert (shimotsuma.cases, shimotsuma.content) == (2, 3)
    assert "茨城県" in response.content.decode()
    tiles = client.get(URL, {"prefecture": "08", "view": "tiles"}).content.decode()
    assert re.search(
        r'class="tile tile--4">\s*<a href="/municipalities/082104/">下妻市</a>\s*<strong>2</strong>',
        tiles,
    )


def test_top_practices_carry_their_template_lineage(client, template_factory, adopt_as):
    root = template_factory("082104", title="元のテンプレート")
    child = template_factory("064033", title="派生テンプレート", derived_from=root)
    template_factory("082201", title="孫テンプレート", derived_from=child)
    adopt_as("064033", root)
    adopt_as("082201", root)
    adopt_as("082104", child)
    practices = client.get(URL).context["numbers"].practices
    top = practices[0]
    assert (top.title, top.adoptions, top.derived, top.family_adoptions) == (
        "元のテンプレート",
        2,
        2,
        3,
    )
    assert top.url == root.url


def test_every_chart_has_a_title_a_description_and_a_table(client, national):
    body = client.get(URL, {"prefecture": "08"}).content.decode()
    charts = re.findall(r"<svg class=\"chart chart--[^\"]*\"[^>]*>.*?</svg>", body, re.S)
    assert len(charts) == 4  # map, years, bands, practices
    for svg in charts:
        labelled = re.search(r'aria-labelledby="([\w-]+)-title \1-desc"', svg)
        assert labelled, svg[:200]
        assert re.search(rf'<title id="{labelled.group(1)}-title">\S', svg)
        assert re.search(rf'<desc id="{labelled.group(1)}-desc">\S', svg)
        assert "style=" not in svg and "<script" not in svg and "<style" not in svg
    assert body.count("<caption") >= 5


def test_query_count_stays_the_same_as_rows_grow(
    client,
    full_renders,
    django_assert_max_num_queries,
    case_study_factory,
    template_factory,
    adopt_as,
):
    """Pages and visits per municipality (one UNION); adoptions
    per page, municipality and 年度; the prefecture's municipalities (drill-down); the
    top practices' titles; their template family."""
    url = f"{URL}?prefecture=08"
    client.get(url)  # tools, categories and prefectures are cached after the first request

    def count() -> int:
        client.get(url)  # Wagtail's site root paths, cached again after a publish
        cache_policy.retire("impact")  # the numbers counted again, as after an adoption
        with django_assert_max_num_queries(5) as captured:
            client.get(url)
        assert numbers_read(captured)
        return len(captured.captured_queries)

    template = template_factory("082104")
    adopt_as("064033", template)
    few = count()
    for code in ("082201", "082015", "064025", "012157"):
        case = case_study_factory(code)
        derived = template_factory(code, derived_from=template)
        adopt_as("064033", case)
        adopt_as("082104", derived)
    assert count() == few


def numbers_read(captured) -> bool:
    """Whether the impact numbers were counted (their adoptions read) in ``captured``."""
    return any("adoption_adoption" in query["sql"] for query in captured.captured_queries)


def test_the_numbers_are_counted_once_for_every_way_of_drawing_them(client, full_renders, national):
    """The measure and the view change the drawing, not the numbers: one count serves
    them all, and the CSV."""
    with CaptureQueriesContext(connection) as first:
        cases = client.get(URL, {"measure": "cases"}).content.decode()
    with CaptureQueriesContext(connection) as again:
        adoptions = client.get(URL, {"measure": "adoptions"}).content.decode()
        csv_rows = rows_of(client.get(reverse("impact:csv", args=["prefectures"])), "prefectures")
    assert numbers_read(first) and not numbers_read(again)
    assert "<title>茨城県：事例 2件、公開 計3件、横展開 0件、視察受入 0件</title>" in cases
    assert "<title>山形県：事例 1件、公開 計2件、横展開 2件、視察受入 0件</title>" in adoptions
    yamagata = next(row for row in csv_rows if row["prefecture_code"] == "06")
    assert (yamagata["case_studies"], yamagata["adoptions"]) == ("1", "2")
    # Other filters are other numbers, counted for themselves.
    with CaptureQueriesContext(connection) as filtered:
        by_tool = client.get(URL, {"tool": "line"}).context["numbers"]
    assert numbers_read(filtered) and by_tool.totals.cases == 1


def test_counted_numbers_show_the_next_adoption_and_restriction(
    client, full_renders, national, case_study_factory, adopt_as
):
    from wagtail.models import PageViewRestriction

    assert client.get(URL).context["numbers"].totals.adoptions == 2
    adopt_as("082104", national["template"], on="2024-06-01")
    assert client.get(URL).context["numbers"].totals.adoptions == 3
    hidden = case_study_factory("082104", title="後で非公開にする事例")
    assert client.get(URL).context["numbers"].prefectures["08"].cases == 3
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.LOGIN)
    assert client.get(URL).context["numbers"].prefectures["08"].cases == 2


def test_csv_of_each_table_has_the_same_numbers(client, national):
    prefectures = rows_of(client.get(reverse("impact:csv", args=["prefectures"])), "prefectures")
    ibaraki = next(row for row in prefectures if row["prefecture_code"] == "08")
    assert (ibaraki["case_studies"], ibaraki["app_templates"], ibaraki["adoptions"]) == (
        "2",
        "1",
        "0",
    )
    bands = {
        row["population_band"]: row
        for row in rows_of(client.get(reverse("impact:csv", args=["bands"])), "")
    }
    assert bands["5k_10k"]["published"] == "2" and bands["5k_10k"]["adopted"] == "2"
    years = rows_of(client.get(reverse("impact:csv", args=["years"])), "")
    assert [(row["fiscal_year"], row["adoptions"]) for row in years] == [
        ("2023", "1"),
        ("2024", "1"),
    ]
    towns = rows_of(
        client.get(reverse("impact:csv", args=["municipalities"]), {"prefecture": "06"}), ""
    )
    assert next(row for row in towns if row["municipality_code"] == "064033")["adoptions"] == "2"
    filtered = rows_of(
        client.get(reverse("impact:csv", args=["prefectures"]), {"tool": "line"}), ""
    )
    assert next(row for row in filtered if row["prefecture_code"] == "08")["case_studies"] == "1"


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(
    client, case_study_factory, adopt_as
):
    for title in ('=HYPERLINK("http://evil.example")', "+1+1", "-2", "@SUM(A1)"):
        adopt_as("064033", case_study_factory("082104", title=title))
    rows = rows_of(client.get(reverse("impact:csv", args=["practices"])), "")
    titles = sorted(row["title"] for row in rows)
    assert titles == sorted(['\'=HYPERLINK("http://evil.example")', "'+1+1", "'-2", "'@SUM(A1)"])
    assert all(row["adoptions"] == "1" for row in rows)  # numbers stay numbers


def test_unknown_csv_tables_are_not_found(client):
    assert client.get(reverse("impact:csv", args=["secrets"])).status_code == 404
    assert client.get(reverse("impact:csv", args=["municipalities"])).status_code == 404


def test_the_header_links_to_the_impact_page(client):
    assert f'href="{URL}"' in client.get("/").content.decode()


def test_pages_behind_a_view_restriction_count_nowhere(client, case_study_factory, adopt_as):
    from wagtail.models import PageViewRestriction

    hidden = case_study_factory("082104", title="非公開の事例")
    adopt_as("064033", hidden)
    case_study_factory("082104", title="公開の事例")
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.LOGIN)
    numbers = client.get(URL).context["numbers"]
    assert numbers.prefectures["08"].cases == 1
    assert numbers.totals.adoptions == 0
    assert numbers.practices == []
