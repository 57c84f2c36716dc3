"""People and events in a real browser, on the demo site.

- A member (an officer of 五城目町) searches the people finder for 研修 in towns of
  3万〜5万, finds 下妻市's officer and asks her a question, which reaches her inbox.
- 下妻市's officer organises an online 勉強会 for two; three members sign up (the third
  waits), one cancels, the one waiting moves up and is told; after the event the
  minutes appear and the archive lists it."""

import datetime
import re
import sqlite3
import time

import pytest

pytestmark = pytest.mark.browser

ASKER = ("forum-demo-3@town.gojome.akita.jp", "demo-forum-2026")
PEER = ("forum-demo-1@vill.yamazoe.nara.jp", "demo-forum-2026")


def with_password(browser, base: str, account):
    context = browser.new_context(locale="ja-JP")
    page = context.new_page()
    page.goto(base + "/accounts/login/")
    page.locator("#id_login").fill(account[0])
    page.locator("#id_password").fill(account[1])
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/$"))
    return page


def as_demo_staff(browser, signed_in_state, account):
    return browser.new_context(locale="ja-JP", storage_state=signed_in_state(account)).new_page()


def inbox_shows(page, base: str, text: str, timeout: float = 20) -> bool:
    """The task worker tells members a moment after the request."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        page.goto(base + "/notifications/")
        if text in page.locator("main").inner_text():
            return True
        time.sleep(0.5)
    return False


def test_a_member_finds_the_officer_who_ran_training_and_asks_her(
    site_server, browser, signed_in_state
):
    from casestudies.demo.accounts import SHIMOTSUMA_STAFF

    base = site_server["url"]
    page = with_password(browser, base, ASKER)
    page.goto(base + "/members/")
    page.get_by_label("キーワード").fill("研修")
    page.locator("select[name=population_band]").select_option("30k_50k")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"population_band=30k_50k"))
    assert "石塚 美咲" in page.locator("main").inner_text()
    page.get_by_role("link", name="石塚 美咲さんに質問する").click()
    page.get_by_label("掲示板").select_option(label="研修・人材育成")
    page.get_by_label("タイトル").fill("kintone研修の受講者はどう集めましたか")
    page.get_by_label("質問の内容").fill(
        "下妻市の研修の募集方法と、業務時間内に受講する調整を教えてください。"
    )
    page.get_by_role("button", name="質問を投稿する").click()
    page.wait_for_url(re.compile(r"/forum/questions/\d+/"))
    assert page.locator("h1").inner_text() == "kintone研修の受講者はどう集めましたか"

    officer = as_demo_staff(browser, signed_in_state, SHIMOTSUMA_STAFF)
    assert inbox_shows(officer, base, "kintone研修の受講者はどう集めましたか")


def test_a_study_session_for_two_with_a_waiting_list_then_its_minutes(
    site_server, browser, signed_in_state
):
    from casestudies.demo.accounts import MEMBER, SHIMOTSUMA_STAFF

    base = site_server["url"]
    title = "ブラウザで確かめる kintone 勉強会"
    organiser = as_demo_staff(browser, signed_in_state, SHIMOTSUMA_STAFF)
    organiser.goto(base + "/events/new/")
    organiser.get_by_label("タイトル").fill(title)
    organiser.get_by_label("内容").fill("定員2名の小さな勉強会です。")
    day = datetime.date.today() + datetime.timedelta(days=10)
    organiser.get_by_label("日付").fill(day.isoformat())
    organiser.get_by_label("開始時刻（日本時間）").fill("14:00")
    organiser.get_by_label("終了時刻（日本時間）").fill("15:00")
    organiser.get_by_label("定員").fill("2")
    organiser.get_by_role("button", name="イベントを公開する").click()
    organiser.wait_for_url(re.compile(r"/events/\d+/$"))
    event_url = organiser.url

    first = with_password(browser, base, (MEMBER.email, MEMBER.password))
    second = with_password(browser, base, PEER)
    third = with_password(browser, base, ASKER)
    for attendee in (first, second):
        attendee.goto(event_url)
        attendee.get_by_role("button", name="参加する").click()
        assert "参加予定です" in attendee.locator("main").inner_text()
    third.goto(event_url)
    third.get_by_role("button", name="キャンセル待ちに申し込む").click()
    assert "キャンセル待ち（1番目）" in third.locator("main").inner_text()

    first.goto(event_url)
    first.get_by_role("button", name="参加を取り消す").click()
    assert inbox_shows(third, base, f"空きが出ました：「{title}」に参加できます")
    third.goto(event_url)
    assert "参加予定です" in third.locator("main").inner_text()

    # The event took place: it moved to the archive, and the organiser adds the minutes.
    pk = int(re.search(r"/events/(\d+)/$", event_url).group(1))
    with sqlite3.connect(site_server["workdir"] / "db.sqlite3") as db:
        db.execute(
            "UPDATE events_event SET starts_at = datetime('now', '-2 days'), "
            "ends_at = datetime('now', '-2 days', '+1 hour') WHERE id = ?",
            (pk,),
        )
    organiser.goto(event_url + "record/")
    organiser.get_by_label("議事録").fill("参加3名。受講者募集のコツを共有した。")
    organiser.get_by_role("button", name="保存する").click()
    organiser.wait_for_url(event_url)
    assert "参加3名。受講者募集のコツを共有した。" in organiser.locator("main").inner_text()
    organiser.goto(base + "/events/archive/")
    assert title in organiser.locator("main").inner_text()
