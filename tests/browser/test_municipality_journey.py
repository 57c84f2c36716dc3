"""A visitor opens the home page, goes to the municipalities, filters to
茨城県 towns under 10,000 people, opens one; axe-core finds nothing serious."""

import re

import pytest

pytestmark = pytest.mark.browser


def test_visitor_filters_to_small_ibaraki_towns_and_opens_one(site_server, page, axe):
    page.goto(site_server["url"] + "/")
    assert page.locator("html").get_attribute("lang") == "ja"
    assert page.locator("h1").count() == 1
    assert axe(page) == []

    page.get_by_role("navigation", name="メインナビゲーション").get_by_role(
        "link", name="自治体"
    ).click()
    page.wait_for_url(re.compile(r"/municipalities/$"))
    assert axe(page) == []

    page.get_by_label("都道府県").select_option(label="茨城県")
    page.locator("select[name=kind]").select_option(label="町")
    page.get_by_label("（人）未満").fill("10000")
    page.get_by_role("button", name="この条件で表示").click()
    page.wait_for_url(re.compile(r"prefecture=08"))
    assert "population_max=10000" in page.url and "kind=town" in page.url

    rows = page.locator("tbody tr")
    assert rows.count() >= 1
    for population in rows.locator("td.number").all_inner_texts():
        assert int(population.replace(",", "")) < 10_000
    assert axe(page) == []

    first = rows.first.locator("th a")
    name = first.inner_text()
    first.click()
    page.wait_for_url(re.compile(r"/municipalities/08\d{4}/$"))
    assert page.locator("h1").inner_text() == f"茨城県 {name}"
    assert "人（2025年1月1日現在）" in page.locator("main").inner_text()
    assert axe(page) == []


def test_keyboard_user_can_skip_to_main_content(site_server, page):
    page.goto(site_server["url"] + "/municipalities/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="本文へスキップ")
    assert skip.evaluate("element => element === document.activeElement")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_a_visitor_finds_towns_like_theirs_by_typing_its_reading(site_server, page, axe):
    """The chooser on the home page suggests 下妻市 for 「しもつま」 as the visitor
    types; Enter shows the case studies of towns like it, under a chip that names it."""
    page.goto(site_server["url"] + "/")
    chooser = page.get_by_role("combobox", name="似た自治体はどう取り組んだ？ 自分の自治体名を入力")
    chooser.press_sequentially("しもつま", delay=50)
    # The suggestions follow the typing, asked 200 ms after the last key: on a loaded
    # machine those for 「し」 or 「しも」 can show first, so wait for 「しもつま」's.
    suggestion = page.locator('#home-similar-to-options option[value="茨城県 下妻市"]')
    suggestion.wait_for(state="attached")
    assert "しもつま" in suggestion.inner_text()
    chooser.fill("茨城県 下妻市")  # what picking the suggestion puts in the input
    chooser.press("Enter")
    page.wait_for_url(re.compile(r"/casestudies/\?similar_to="))
    chips = page.get_by_role("list", name="使用中の絞り込み条件")
    assert "下妻市に似た自治体" in chips.inner_text()
    assert page.locator("#id_similar_to").input_value() == "茨城県 下妻市"
    assert axe(page) == []
