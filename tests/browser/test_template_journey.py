"""As a new user would: the DX officer of 飯豊町 (about 6,200 people) finds a kintone
template that towns under 10,000 people use, downloads version 1.1, records that
the town adopted it, and sees the adopter count and the town's page show it."""

import re

import pytest

from .test_case_study_journey import log_in

pytestmark = pytest.mark.browser

TEMPLATE = "庁内アンケート集計アプリ（kintone）"


def downloads_of(page, version: str) -> int:
    heading = page.get_by_role("heading", name=re.compile(f"バージョン {re.escape(version)}"))
    return int(
        re.search(r"ダウンロード\s*([\d,]+)\s*回", heading.inner_text()).group(1).replace(",", "")
    )


def test_small_town_staff_find_download_and_adopt_a_kintone_template(site_server, browser, axe):
    from casestudies.demo.accounts import SMALL_TOWN_STAFF

    base = site_server["url"]
    page = browser.new_context(locale="ja-JP").new_page()
    log_in(page, base, SMALL_TOWN_STAFF.email, SMALL_TOWN_STAFF.password)

    page.goto(base + "/")
    page.get_by_role("navigation", name="メインナビゲーション").get_by_role(
        "link", name="アプリテンプレート"
    ).click()
    page.wait_for_url(re.compile(r"/app-templates/$"))
    assert page.locator("h1").count() == 1
    assert axe(page) == []

    page.get_by_label("ツール").select_option(label="kintone")
    page.get_by_label("横展開した自治体の人口規模").select_option(label="人口1万人未満")
    page.get_by_role("button", name="この条件で表示").click()
    page.wait_for_url(re.compile(r"adopted_band=under_10k"))
    assert "tool=kintone" in page.url
    assert axe(page) == []
    page.get_by_role("link", name=TEMPLATE).click()

    assert page.locator("h1").inner_text() == TEMPLATE
    assert axe(page) == []
    adopters_before = page.locator("#adoption table tbody tr").count()
    downloads_before = downloads_of(page, "1.1")
    version = page.locator("article.version").filter(
        has=page.get_by_role("heading", name=re.compile("バージョン 1.1"))
    )
    with page.expect_download() as download:
        version.get_by_role("link", name="アプリパッケージ").click()
    assert download.value.suggested_filename.endswith("-v1.1.zip")

    adoption = page.locator("#adoption")
    assert adoption.get_by_label("導入したバージョン").input_value() == "1.1"
    adoption.get_by_label(re.compile("^成果")).first.fill("アンケートの集計時間")
    adoption.get_by_label(re.compile("^導入後")).first.fill("1回あたり10分")
    adoption.get_by_role("button", name="「導入した」と記録する").click()
    page.wait_for_url(re.compile(r"#adoption$"))

    assert "山形県 飯豊町が導入したことを記録しました" in page.locator("main").inner_text()
    assert page.locator("#adoption table tbody tr").count() == adopters_before + 1
    assert "山形県 飯豊町" in page.locator("#adoption table").inner_text()
    assert downloads_of(page, "1.1") == downloads_before + 1
    assert f"{adopters_before + 1}自治体" in page.locator(".case-facts").inner_text()
    assert axe(page) == []

    page.goto(base + "/municipalities/064033/")
    adopted = page.locator("section", has=page.get_by_role("heading", name=re.compile("横展開")))
    assert adopted.get_by_role("link", name=TEMPLATE).count() == 1
    page.context.close()
