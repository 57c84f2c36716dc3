"""The case-study list's facet counts, counted with SQL built once per process
(yokoten.filtering.CompiledCounts), match the ORM's own aggregate for every filter."""

import pytest
from django.test import RequestFactory

from casestudies.cases.listing import CaseStudyFilterSet
from casestudies.cases.models import CaseStudyPage
from tests.facets import shown_facets

URL = "/casestudies/"


def counted(params, *, compiled: bool) -> dict[str, int]:
    request = RequestFactory().get(URL, params)
    filters = CaseStudyFilterSet(request.GET, CaseStudyPage.objects.live(), request=request)
    filters.compiled_counts = compiled
    assert filters.is_valid(), filters.errors
    rows, _snippets = filters.results()
    return filters.facet_counts(rows)


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"tool": "kintone"},
        {"population_max": "50000", "budget_band": "zero", "tool": "kintone"},
        {"prefecture": "06", "fiscal_year": "2023"},
        {"q": "申請"},
        {"tool": "rpa", "prefecture": "47"},  # nothing matches
    ],
)
def test_compiled_counts_are_the_orms(case_study_factory, params):
    case_study_factory("082104", tools=["kintone", "LINE"], budget=0)
    case_study_factory("064033", tools=["kintone"], budget=300_000, fiscal_year=2024)
    case_study_factory("063657", tools=["RPA"], budget=0)
    case_study_factory("131016", tools=["kintone"], budget=0, live=False)
    compiled = counted(params, compiled=True)
    assert compiled == counted(params, compiled=False)
    if not params:
        # Counts a reader can see: the draft is not among them.
        assert compiled["population_band:under_5k"] == 1 and compiled["budget_band:zero"] == 2


def test_a_new_filter_combination_counts_in_two_queries(
    client, case_study_factory, django_assert_max_num_queries
):
    case_study_factory("082104", tools=["kintone", "LINE"])
    case_study_factory("063657", tools=["RPA"])
    client.get(URL, {"tool": "kintone"})  # the counts' SQL is built
    facets = shown_facets(client.get(URL, {"tool": "rpa"}))
    assert facets["population:under_5k"] == 1 and facets["tool:rpa"] == 1
    # Another combination, its counts not yet cached: the conditional counts (1) and the
    # UNION of the GROUP BY counts (1) beside the page's own queries.
    with django_assert_max_num_queries(10):
        response = client.get(URL, {"tool": "line", "population_band": "under_5k"})
    assert shown_facets(response)["tool:line"] == 0


@pytest.mark.parametrize("params", [{"tool": "kintone"}, {"q": "申請", "budget_band": "zero"}])
def test_a_list_of_joined_or_searched_rows_counts_every_facet_in_one_statement(
    case_study_factory, django_assert_num_queries, params
):
    """Its rows read once (FACET_ROWS): the conditional counts (bands, total) come with
    the GROUP BY counts (tools, categories …), not in a query of their own."""
    case_study_factory("082104", tools=["kintone", "LINE"], budget=0)
    case_study_factory("064033", tools=["kintone"], budget=300_000)
    case_study_factory("063657", tools=["RPA"], budget=0)
    request = RequestFactory().get(URL, params)
    filters = CaseStudyFilterSet(request.GET, CaseStudyPage.objects.live(), request=request)
    assert filters.is_valid(), filters.errors
    rows, _snippets = filters.results()
    list(rows)  # the search, if any, before the counts
    with django_assert_num_queries(1):
        counts = filters.facet_counts(rows)
    assert counts == counted(params, compiled=False)
    assert counts["__total__"] == len(rows) > 0


def test_the_facets_union_compiled_once_counts_every_combination(case_study_factory):
    """The GROUP BY parts of the facets (tools, categories, tags, adopters' sizes) are
    compiled by the first filtered list a process shows and read every filter after:
    each combination counts as it does with the parts built for it alone."""
    from yokoten import filtering

    case_study_factory("082104", tools=["kintone", "LINE"], budget=0)
    case_study_factory("064033", tools=["kintone"], budget=300_000, fiscal_year=2024)
    case_study_factory("063657", tools=["RPA"], budget=0)
    combinations = [
        {"tool": "kintone"},
        {"tool": "rpa", "budget_band": "zero"},
        {"q": "申請"},
        {"prefecture": "06"},
    ]
    alone = []
    for params in combinations:
        filtering._UNIONS.clear()
        alone.append(counted(params, compiled=True))
    filtering._UNIONS.clear()
    assert [counted(params, compiled=True) for params in combinations] == alone
    assert len(filtering._UNIONS) == 1  # one compiled union read by all four
    # Counts of values the rows carry (a value none carries is not counted at all).
    assert alone[0]["tool:line"] == 1 and "tool:kintone" not in alone[1]
    assert alone[1]["tool:rpa"] == 1
    assert alone[3]["tool:kintone"] == 1 and alone[3]["tool:rpa"] == 1
