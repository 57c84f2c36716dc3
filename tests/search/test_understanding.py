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
