"""An anonymous visitor on the demo site's home page finds a ¥0 case study of a town
under 10,000 people in two clicks; axe-core finds nothing serious on the way."""

import re

import pytest

pytestmark = pytest.mark.browser


def test_visitor_reaches_a_zero_yen_case_of_a_small_town_in_two_clicks(site_server, page, axe):
    page.goto(site_server["url"] + "/")
    assert page.locator("h1").count() == 1
    for heading in [
        "新着の事例",
        "横展開の多いアプリテンプレート",
        "回答を待っている質問",
        "受入中の視察",
    ]:
        assert page.get_by_role("heading", name=heading).is_visible()
    assert axe(page) == []

    page.get_by_role("link", name="人口1万人未満の町村の0円事例").click()  # click 1
    page.wait_for_url(re.compile(r"/casestudies/\?"))
    assert "budget_band=zero" in page.url and "population_max=10000" in page.url
    cards = page.locator(".case-card")
    assert cards.count() >= 3
    assert axe(page) == []

    first = cards.first.locator("h3 a")
    title = first.inner_text()
    first.click()  # click 2
    page.wait_for_url(re.compile(r"/casestudies/[^?]+/$"))
    assert page.locator("h1").inner_text() == title
    facts = page.locator("main").inner_text()
    assert "0円" in facts
