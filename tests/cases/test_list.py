"""/casestudies/: filters in the URL, facets, sorting, empty state, query counts."""

import pytest

from casestudies.cases.models import CaseStudyPage
from tests.facets import shown_facets

pytestmark = pytest.mark.django_db
URL = "/casestudies/"


def titles(response) -> set[str]:
    return {case.title for case in response.context["results"].object_list}


def page(client, params):
    """The list for ``params``, following the redirect of an old bookmark."""
    return client.get(URL, params, follow=True)


def test_population_band_and_zero_budget_return_exactly_the_matching_published_cases(
    client, case_study_factory
):
    small_zero = case_study_factory("064033", title="飯豊町の0円事例", budget=0)  # 6,203 people
    case_study_factory("064033", title="飯豊町の有償事例", budget=500_000)
    case_study_factory("082104", title="下妻市の0円事例", budget=0)  # 42,071 people
    case_study_factory("064033", title="飯豊町の下書き", budget=0, live=False)
    case_study_factory("064033", title="飯豊町の非公開予算", budget=None)

    response = page(client, {"population_band": "5k_10k", "budget_band": "zero"})
    assert titles(response) == {small_zero.title}
    api = client.get("/api/v1/casestudies", {"population_band": "5k_10k", "budget_max": "0"}).json()
    assert api["count"] == 1 and api["items"][0]["title"] == small_zero.title


def test_drafts_never_appear_anywhere(client, case_study_factory):
    case_study_factory(title="公開中の事例")
    case_study_factory(title="まだ下書きの事例", live=False)
    assert "まだ下書きの事例" not in client.get(URL).content.decode()
    assert "まだ下書きの事例" not in client.get("/api/v1/casestudies").content.decode()
    assert "まだ下書きの事例" not in client.get("/casestudies/feed/").content.decode()
    assert (
        "まだ下書きの事例"
        not in b"".join(client.get("/casestudies/export/").streaming_content).decode()
    )


def test_the_journey_url_finds_small_zero_budget_kintone_cases(client, case_study_factory):
    case_study_factory("082104", title="下妻市のkintone", budget=0, tools=["kintone"])
    case_study_factory("082104", title="下妻市のLoGoフォーム", budget=0, tools=["LoGoフォーム"])
    case_study_factory(
        "131016", title="千代田区のkintone", budget=0, tools=["kintone"]
    )  # 68,835 people
    response = page(client, {"population_max": "50000", "budget_band": "zero", "tool": "kintone"})
    assert titles(response) == {"下妻市のkintone"}


def test_an_old_bookmark_still_means_what_it_meant(client, case_study_factory):
    case_study_factory("082104", title="下妻市の0円事例", budget=0)
    case_study_factory("082104", title="下妻市の有償事例", budget=50_000)
    case_study_factory("131016", title="千代田区の0円事例", budget=0)  # 68,835 people
    old = client.get(URL, {"population_max": "50000", "budget_max": "0"})
    assert old.status_code == 301
    assert old["Location"] == f"{URL}?population_max=50000&budget_band=zero"
    assert titles(client.get(old["Location"])) == {"下妻市の0円事例"}
    # An upper bound that is no band is still understood as it was: up to and including.
    assert titles(client.get(URL, {"budget_max": "50000"})) == {
        "下妻市の0円事例",
        "下妻市の有償事例",
        "千代田区の0円事例",
    }
    assert titles(client.get(URL, {"budget_max": "49999"})) == {
        "下妻市の0円事例",
        "千代田区の0円事例",
    }


def test_one_filter_for_population_and_one_for_budget_with_chips_that_show_their_values(
    client, case_study_factory
):
    case_study_factory("082104", budget=0)
    body = client.get(
        URL, {"population_max": "50000", "budget_band": "zero", "tool": "kintone"}
    ).content.decode()
    chips = body.split('class="chips"')[1].split("</ul>")[0]
    assert "人口規模: 50,000人未満" in chips
    assert "予算規模: 0円" in chips
    assert "ツール: kintone" in chips
    # One fieldset each: the band and the range of population, the band of budget.
    form = body.split('class="filters"')[1].split("</form>")[0]
    assert form.count("<fieldset") >= 2
    assert 'name="population_band"' in form and 'name="population_min"' in form
    assert 'name="budget_band"' in form and 'name="budget_max"' not in form
    # Removing the population chip drops all three of its parameters.
    assert "?budget_band=zero&amp;tool=kintone" in chips


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"tool": "nosuchtool"}, "「nosuchtool」"),
        ({"population_min": "-5"}, "-5"),
        ({"population_max": "たくさん"}, "「たくさん」"),
        ({"budget_band": "free"}, "「free」"),
        ({"fiscal_year": "1850"}, "「1850」"),
    ],
)
def test_an_invalid_filter_value_is_named_in_a_translated_message(
    client, case_study_factory, params, named
):
    case_study_factory()
    response = client.get(URL, params)
    problems = response.content.decode().split('class="errorlist filter-problems"')[1]
    problems = problems.split("</div>")[0]
    assert named in problems
    assert "外す" in problems  # and a link that drops it
    assert response.context["results"].paginator.count == 0


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"prefecture": "08"}, {"下妻"}),
        ({"region": "tohoku"}, {"飯豊"}),
        ({"kind": "town"}, {"飯豊"}),
        ({"municipality": "082104"}, {"下妻"}),
        ({"category": "paperless"}, {"飯豊"}),
        ({"tag": "窓口"}, {"下妻"}),
        ({"fiscal_year": "2022"}, {"飯豊"}),
        ({"one_person": "on"}, {"飯豊"}),
        ({"budget_band": "upto_1m"}, {"下妻"}),
        ({"population_min": "10000"}, {"下妻"}),
    ],
)
def test_each_filter(client, case_study_factory, params, expected):
    case_study_factory("082104", title="下妻", budget=800_000, tags=["窓口"], fiscal_year=2023)
    case_study_factory(
        "064033",
        title="飯豊",
        budget=0,
        categories=["ペーパーレス"],
        fiscal_year=2022,
        one_person=True,
        tags=["会議"],
    )
    assert titles(client.get(URL, params)) == expected


def test_sort_by_oldest_and_most_adopted(client, case_study_factory):
    first = case_study_factory(title="古い事例")
    second = case_study_factory(title="新しい事例")
    CaseStudyPage.objects.filter(pk=first.pk).update(
        first_published_at="2023-01-01T00:00:00Z", adoption_count=5
    )
    CaseStudyPage.objects.filter(pk=second.pk).update(first_published_at="2024-01-01T00:00:00Z")

    def order(sort):
        return [c.title for c in client.get(URL, {"sort": sort}).context["results"].object_list]

    assert order("newest") == ["新しい事例", "古い事例"]
    assert order("oldest") == ["古い事例", "新しい事例"]
    assert order("most_adopted") == ["古い事例", "新しい事例"]


def test_facets_count_per_value_under_the_current_filters(client, case_study_factory):
    case_study_factory("064033", budget=0, tools=["kintone"])
    case_study_factory("064033", budget=0, tools=["kintone", "LINE"])
    case_study_factory("082104", budget=2_000_000, tools=["LINE"])
    facets = shown_facets(client.get(URL, {"tool": "kintone"}))
    assert facets["population:5k_10k"] == 2
    assert facets["population:30k_50k"] == 0
    assert facets["tool:kintone"] == 2 and facets["tool:line"] == 1
    assert facets["budget:zero"] == 2
    # Every filter is counted: prefecture, kind, fiscal year and tag too.
    assert facets["prefecture:06"] == 2 and "prefecture:08" not in facets  # only those found
    assert facets["kind:town"] == 2 and facets["kind:city"] == 0
    assert facets["fiscal_year:2023"] == 2
    assert facets["tag:kintone"] == 2


def test_an_empty_result_suggests_removing_each_filter(client, case_study_factory):
    case_study_factory("082104", budget=800_000)
    body = client.get(URL, {"budget_band": "zero", "prefecture": "08"}).content.decode()
    assert "絞り込み条件をすべて満たす事例はまだありません" in body
    assert "「都道府県」を外す" in body and "「予算規模」を外す" in body


def test_invalid_filters_keep_what_was_typed_and_explain(client, case_study_factory):
    body = client.get(URL, {"population_min": "たくさん", "q": "スマホ"}).content.decode()
    assert 'value="スマホ"' in body and 'value="たくさん"' in body
    assert "「たくさん」は整数ではありません。" in body


def test_list_query_count_does_not_grow_with_cards_or_filters(
    full_renders, client, case_study_factory, django_assert_max_num_queries
):
    for _ in range(2):
        case_study_factory("064033", tools=["kintone", "LINE"], metrics=3)
    client.get(URL)  # warm the choices and facets caches
    with django_assert_max_num_queries(2) as few:
        client.get(URL)
    baseline = len(few.captured_queries)
    for _ in range(12):
        case_study_factory("082104", tools=["kintone", "RPA"], metrics=4)
    for params in [{}, {"population_max": "50000", "budget_band": "zero", "tool": "kintone"}]:
        client.get(URL, params)
        # Full renders, the list fragment warm: the sites with the home page, the list
        # page as its own type, each with whether it is private (2); the count, the
        # filters, facets and cards come from the fragment cache.
        with django_assert_max_num_queries(baseline):
            client.get(URL, params)


def test_a_list_served_from_its_fragment_neither_searches_nor_counts(
    full_renders, client, case_study_factory, monkeypatch, django_assert_max_num_queries
):
    from casestudies.knowledge import filters

    case_study_factory("064033", title="kintoneで申請受付", tools=["kintone"])
    params = {"q": "kintone 申請", "population_max": "50000"}
    first = client.get(URL, params).content.decode()
    searched = []
    real = filters.filter_queryset
    monkeypatch.setattr(
        filters, "filter_queryset", lambda *a, **k: searched.append(a) or real(*a, **k)
    )
    with django_assert_max_num_queries(2) as queries:  # routing only
        again = client.get(URL, params).content.decode()
    assert again == first and "kintoneで申請受付" in again
    assert searched == []
    assert not any("COUNT(" in query["sql"] for query in queries.captured_queries)


def test_the_rendered_list_is_reused_until_a_case_study_is_published(client, case_study_factory):
    case_study_factory(title="最初の事例")
    first = client.get("/casestudies/?tool=kintone").content.decode()
    assert "最初の事例" in first
    again = client.get("/casestudies/?tool=kintone").content.decode()
    assert again == first
    case_study_factory(title="あとから公開された事例")
    fresh = client.get("/casestudies/?tool=kintone").content.decode()
    assert "あとから公開された事例" in fresh


def test_a_filter_set_takes_values_understood_elsewhere_and_the_url_wins(case_study_factory):
    """What search hands over (「令和4年度」 read as fiscal_year=2022) filters like a URL
    value; a value the reader put in the URL is never overridden."""
    from django.http import QueryDict

    from casestudies.cases.listing import CASE_STUDIES, CaseStudyFilterSet

    case_study_factory(title="2022年度のkintone", fiscal_year=2022, tools=["kintone"])
    case_study_factory(title="2023年度のkintone", fiscal_year=2023, tools=["kintone"])
    case_study_factory(title="2022年度のRPA", fiscal_year=2022, tools=["RPA"])
    filters = CaseStudyFilterSet(
        QueryDict("tool=kintone"),
        CASE_STUDIES.published(),
        understood={"fiscal_year": 2022, "tool": "rpa"},
    )
    results, _snippets = filters.results()
    assert [case.title for case in results] == ["2022年度のkintone"]
    assert [chip["name"] for chip in filters.chips()] == ["tool", "fiscal_year"]


def test_the_results_are_counted_with_their_facets_not_by_a_query_of_their_own(
    full_renders, client, case_study_factory, django_assert_max_num_queries
):
    for code in ("064033", "082104", "082104"):
        case_study_factory(code, tools=["kintone"])
    case_study_factory("082104", tools=["RPA"])
    with django_assert_max_num_queries(20) as queries:
        response = client.get(URL, {"tool": "kintone"})

    assert response.context["results"].paginator.count == 3
    assert "3 件の事例" in response.content.decode()
    assert not any('COUNT(*) AS "__count"' in query["sql"] for query in queries.captured_queries)
