"""The site-visit journey in a real browser, on the demo site: 飯豊町's officer
finds 下妻市's kintone offer, requests an onsite visit for 4 people with three
dates; 下妻市's officer confirms the second one; the visitor downloads the
calendar file; after the visit the host marks it done and the visitor
publishes a report. axe-core finds nothing serious on /visits/, the offer page
and the request page; an anonymous visitor cannot open the request."""

import datetime
import re
import sqlite3

import pytest

from tests.browser.conftest import log_in_with_totp

pytestmark = pytest.mark.browser

DAY = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")


def log_in(page, base: str, account) -> None:
    """Demo staff have two-factor authentication set up."""
    log_in_with_totp(page, base, account.email, account.password)


def free_days(page) -> list[datetime.date]:
    return [
        datetime.date(*map(int, DAY.search(text).groups()))
        for text in page.locator(".visit-free-days li").all_inner_texts()
    ]


def test_a_small_town_requests_a_visit_to_shimotsuma_and_reports_back(
    site_server, page, browser, axe
):
    from icalendar import Calendar

    from casestudies.demo.accounts import SHIMOTSUMA_STAFF, SMALL_TOWN_STAFF

    base = site_server["url"]

    # Anyone can browse the hosts; axe finds nothing serious.
    page.goto(base + "/")
    page.get_by_role("navigation", name="メインナビゲーション").get_by_role(
        "link", name="視察"
    ).click()
    page.wait_for_url(re.compile(r"/visits/$"))
    assert page.locator("h1").count() == 1
    assert axe(page) == []

    # 飯豊町's officer logs in and filters to kintone hosts.
    log_in(page, base, SMALL_TOWN_STAFF)
    page.goto(base + "/visits/")
    page.get_by_label("ツール").select_option(label="kintone")
    page.get_by_label("費用0円").check()
    page.get_by_role("button", name="この条件で表示").click()
    page.wait_for_url(re.compile(r"tool=kintone"))
    page.get_by_role("link", name="kintoneで進める庁内業務改善とアンケート運用").click()
    page.wait_for_url(re.compile(r"/visits/offers/\d+/$"))
    assert "茨城県 下妻市" in page.locator("main").inner_text()
    assert axe(page) == []
    days = free_days(page)
    assert len(days) == 5

    # The request: onsite, 4 people, three preferred dates, consent.
    page.get_by_role("link", name="視察を申し込む").first.click()
    page.get_by_label("現地視察").check()
    page.get_by_label("自治体職員").check()
    page.get_by_label("人数").fill("4")
    page.get_by_label("第1希望日").fill(days[0].isoformat())
    page.get_by_label("第2希望日").fill(days[1].isoformat())
    page.get_by_label("第3希望日").fill(days[2].isoformat())
    page.get_by_label("視察の目的").fill("kintoneによる庁内アンケートの運用を拝見したい")
    page.get_by_label("連絡先電話番号").fill("0238-72-0000")
    page.locator("#id_consent").check()
    page.get_by_role("button", name="申込を送信").click()
    page.wait_for_url(re.compile(r"/visits/requests/[0-9a-f-]{36}/$"))
    request_url = page.url
    assert "申請中" in page.locator(".visit-status").inner_text()
    assert page.locator("h1").count() == 1
    assert axe(page) == []

    # An anonymous visitor learns nothing about it.
    anonymous = browser.new_context(locale="ja-JP").new_page()
    anonymous.goto(request_url)
    assert "/accounts/login/" in anonymous.url
    assert "拝見したい" not in anonymous.content()
    anonymous.context.close()

    # 下妻市's officer confirms the second date with an agenda.
    host_context = browser.new_context(locale="ja-JP")
    host = host_context.new_page()
    log_in(host, base, SHIMOTSUMA_STAFF)
    host.goto(request_url)
    assert "0238-72-0000" in host.locator("main").inner_text()
    host.get_by_label(re.compile("第2希望")).check()
    host.get_by_label("当日の次第").fill("10:00 挨拶\n10:20 アプリ実演\n11:00 意見交換")
    host.get_by_role("button", name="この日程で確定").click()
    host.wait_for_url(request_url)
    assert "確定" in host.locator(".visit-status").inner_text()

    # The visitor sees the date and takes the calendar file.
    page.goto(request_url)
    assert "確定" in page.locator(".visit-status").inner_text()
    with page.expect_download() as download:
        page.get_by_role("link", name="カレンダーに追加（.ics）").click()
    calendar = Calendar.from_ical(open(download.value.path(), "rb").read())  # noqa: SIM115
    (event,) = calendar.walk("VEVENT")
    assert event.decoded("DTSTART").date() == days[1]
    assert str(event["LOCATION"]) == "茨城県 下妻市"

    # The day passes (moved into the past in the database) and the host marks it done.
    visit_id = request_url.rstrip("/").rsplit("/", 1)[1].replace("-", "")
    with sqlite3.connect(site_server["workdir"] / "db.sqlite3") as db:
        db.execute(
            "UPDATE visits_visitrequest SET starts_at = datetime(starts_at, '-120 days'), "
            "ends_at = datetime(ends_at, '-120 days') WHERE id = ?",
            (visit_id,),
        )
    host.goto(request_url)
    host.get_by_role("button", name="実施済みにする").click()
    host.wait_for_url(request_url)
    assert "実施済" in host.locator(".visit-status").inner_text()
    host_context.close()

    # The visitor writes the report; it is public.
    page.goto(request_url)
    page.get_by_role("link", name="視察報告を書く").click()
    page.get_by_label("報告のタイトル").fill("下妻市のkintoneアンケートを視察して")
    page.get_by_label("視察で見たこと").fill("紙のアンケートがすべてkintoneに移っていました。")
    page.get_by_label("自分たちで試すこと").fill("来年度の職員アンケートから試します。")
    page.get_by_role("button", name="視察報告を公開する").click()
    page.wait_for_url(re.compile(r"/visits/reports/\d+/$"))
    assert page.locator("h1").inner_text() == "下妻市のkintoneアンケートを視察して"
    assert "山形県 飯豊町が茨城県 下妻市を視察しました" in page.locator("main").inner_text()
