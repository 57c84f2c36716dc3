"""As a DX officer preparing for the 財政課 would: read the impact page and the charts
on a case study, an app template and a curriculum with JavaScript off and every
outside host blocked (each chart drawn, with its title, description and table), drill
into 茨城県, and find axe-core silent and no sideways scrolling at 320 px.

One demo site and one browser for the whole session (tests/browser/conftest.py)."""

import re

import pytest

from tests.browser.conftest import only_the_site

pytestmark = pytest.mark.browser

IMPACT = "/impact/"
CASE = "/casestudies/kamishihoro-line-sodaigomi/"  # 上士幌町: outcomes with numbers
TEMPLATE = "/app-templates/iide-kintone-kenshin-yoyaku-junkai/"  # 飯豊町: a family of three
CURRICULUM = "/curricula/shimotsuma-kintone-kiso/"  # 下妻市: 51 回・531 人 in 令和5年度
CHART_PAGES = (IMPACT, f"{IMPACT}?prefecture=08&measure=adoptions", CASE, TEMPLATE, CURRICULUM)


@pytest.fixture
def offline(browser, site_server):
    """A page with JavaScript off that may reach no host but the site's own."""
    base = site_server["url"]
    context = browser.new_context(locale="ja-JP", java_script_enabled=False)
    outside = only_the_site(context, base)
    yield context.new_page()
    context.close()
    assert outside == []


def chart_names(page) -> list[str]:
    """Each chart's title, after checking that it is drawn (not collapsed) and that
    its title and description are what a screen reader announces."""
    names = []
    charts = page.locator("svg.chart")
    for index in range(charts.count()):
        chart = charts.nth(index)
        box = chart.bounding_box()
        assert box is not None and box["width"] > 150 and box["height"] > 40
        title = chart.locator("title").first.text_content().strip()
        description = chart.locator("desc").first.text_content().strip()
        assert title and description
        if chart.get_attribute("role") == "img":  # named by its title and description
            assert page.get_by_role("img", name=f"{title} {description}").count() == 1
        names.append(title)
    return names


def test_impact_page_renders_its_charts_without_javascript_or_outside_hosts(site_server, offline):
    page = offline
    page.goto(site_server["url"] + "/")
    page.get_by_role("navigation", name="メインナビゲーション").get_by_role(
        "link", name="インパクト"
    ).click()
    page.wait_for_url(re.compile(r"/impact/$"))
    assert page.locator("h1").count() == 1
    assert len(chart_names(page)) == 4
    assert page.locator("svg.chart--map path.chart-area").count() == 47
    assert page.get_by_role("table", name="都道府県別の数値").count() == 1

    page.get_by_role("link", name="茨城県", exact=True).first.click()
    page.wait_for_url(re.compile(r"prefecture=08"))
    assert page.get_by_role("heading", name="茨城県の市区町村").count() == 1
    assert page.get_by_role("row", name=re.compile("^下妻市")).count() == 1
    page.get_by_role("link", name="タイル").click()
    assert page.locator(".tile-grid .tile").count() > 40


def test_detail_pages_draw_their_charts_without_javascript_or_outside_hosts(site_server, offline):
    page = offline
    base = site_server["url"]

    page.goto(base + CASE)
    assert chart_names(page) == ["導入前と導入後の成果"]
    outcomes = page.locator("svg.chart--bars")
    assert "導入前 610 件/年" in outcomes.text_content()
    assert "導入後 256 件/年" in outcomes.text_content()

    page.goto(base + TEMPLATE)
    names = chart_names(page)
    assert "導入した自治体の人口規模" in names
    assert any(name.startswith("「") and name.endswith("の系譜") for name in names)
    lineage = page.locator("svg.chart--tree")
    assert lineage.locator("circle").count() == 3  # 下妻市's, 飯豊町's and 日南町's
    assert page.get_by_role("table", name="人口規模別の導入自治体数").count() == 1

    page.goto(base + CURRICULUM)
    names = chart_names(page)
    assert names[:2] == ["年度別の開催回数", "年度別の参加者数"]
    sessions, participants = (page.locator("svg.chart--columns").nth(i) for i in (0, 1))
    columns = sessions.locator("text").all_text_contents()
    assert "2023年度" in columns and "51" in columns
    assert "531" in participants.locator("text").all_text_contents()
    assert page.get_by_role("table", name="年度ごとの合計").count() == 1


def test_pages_with_charts_pass_axe_and_do_not_scroll_sideways_at_320px(site_server, page, axe):
    for path in CHART_PAGES:
        page.set_viewport_size({"width": 1280, "height": 800})
        page.goto(site_server["url"] + path)
        assert page.locator("svg.chart").count() >= 1, path
        assert axe(page) == [], path
        page.set_viewport_size({"width": 320, "height": 640})
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, path  # the charts scale down; wide tables scroll in a region
