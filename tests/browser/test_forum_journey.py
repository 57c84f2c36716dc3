"""The Q&A journey in a real browser, on the demo site: a visitor browses and
filters questions; the 五城目町 officer asks a kintone question in the
staff-only 情報セキュリティ board; the 山添村 officer, who follows kintone, sees
it in the header and inbox (and by email), answers; the asker accepts; the
question shows as solved; a visitor cannot open it. axe-core finds nothing
serious on the question list and the question page."""

import re

import pytest

from .conftest import wait_for_mail

pytestmark = pytest.mark.browser

ASKER = ("forum-demo-3@town.gojome.akita.jp", "demo-forum-2026")
PEER = ("forum-demo-1@vill.yamazoe.nara.jp", "demo-forum-2026")
TITLE = "kintone の外部連携サービスを使うとき、情報資産の分類はどう整理しましたか"


def log_in(page, base_url, account):
    page.context.clear_cookies()
    page.goto(base_url + "/accounts/login/")
    page.locator("#id_login").fill(account[0])
    page.locator("#id_password").fill(account[1])
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/$"))


def test_visitor_filters_questions_and_reads_a_solved_one(site_server, page, axe):
    base = site_server["url"]
    page.goto(base + "/")
    page.get_by_role("navigation", name="メインナビゲーション").get_by_role(
        "link", name="Q&A"
    ).click()
    page.wait_for_url(re.compile(r"/forum/$"))
    assert page.locator("h1").count() == 1
    assert axe(page) == []
    listed = page.locator("main").inner_text()
    assert "視察の受け入れ、皆さんはどのくらいの頻度でしていますか" in listed
    assert "生成AI の有償プランを全庁導入した自治体に" not in listed  # a staff-only board

    page.get_by_label("状態").select_option(label="解決済み")
    page.get_by_role("combobox", name="質問者の自治体の人口規模 規模の区分").select_option(
        label="5千人未満"
    )
    page.get_by_role("button", name="この条件で表示").click()
    page.wait_for_url(re.compile(r"status=solved"))
    titles = page.locator(".question-item__title").all_inner_texts()
    assert titles and "スプレッドシートの関数が壊れないように共有する方法はありますか" in titles
    for meta in page.locator(".question-item__meta").all_inner_texts():
        assert "5千人未満" in meta

    page.get_by_role(
        "link", name="スプレッドシートの関数が壊れないように共有する方法はありますか"
    ).click()
    page.wait_for_url(re.compile(r"/forum/questions/\d+/$"))
    assert page.locator("h1").count() == 1
    main = page.locator("main").inner_text()
    assert "解決済み" in main and "承認された回答" in main and "高知県 大川村" in main
    assert axe(page) == []


def test_staff_ask_in_a_staff_board_a_follower_answers_and_it_is_accepted(site_server, page, axe):
    base = site_server["url"]

    # The 山添村 officer follows kintone.
    log_in(page, base, PEER)
    page.goto(base + "/forum/tags/kintone/")
    page.get_by_role("button", name="フォローして新しい質問を受け取る").click()
    assert page.get_by_role("button", name="フォロー中（やめる）").is_visible()

    # The 五城目町 officer asks in the staff-only board.
    log_in(page, base, ASKER)
    page.goto(base + "/forum/ask/")
    assert axe(page) == []
    page.get_by_label("掲示板").select_option(label="情報セキュリティ")
    page.get_by_label("タイトル").fill(TITLE)
    page.get_by_label("質問の内容").fill(
        "外部連携を使う前に、扱う情報の**分類**をどう決めたか知りたいです。"
    )
    page.get_by_label("タグ").fill("kintone、情報資産")
    page.get_by_role("button", name="質問を投稿する").click()
    page.wait_for_url(re.compile(r"/forum/questions/\d+/$"))
    question_url = page.url
    assert "認証済み職員限定" in page.locator("main").inner_text()

    # The worker tells the follower by email, and they see it in the header and the
    # inbox, and answer.
    wait_for_mail(site_server["workdir"] / "mail", PEER[0], "情報資産の分類")
    log_in(page, base, PEER)
    header = page.get_by_role("navigation", name="アカウント")
    assert re.search(r"\d+件未読", header.inner_text())
    header.get_by_role("link", name=re.compile("お知らせ")).click()
    page.get_by_role("link", name=re.compile(re.escape(TITLE))).first.click()
    page.wait_for_url(question_url)
    page.get_by_role("textbox", name="回答 必須").fill(
        "山添村では、住民の個人情報を含むアプリは外部連携の対象外にしています。"
    )
    page.get_by_role("button", name="回答を投稿する").click()
    page.wait_for_url(re.compile(r"#answer-\d+$"))

    # The asker accepts; the question is solved.
    log_in(page, base, ASKER)
    page.goto(question_url)
    page.get_by_role("button", name="この回答を承認する").click()
    page.wait_for_url(re.compile(r"#answer-\d+$"))
    main = page.locator("main").inner_text()
    assert "解決済み" in main and "承認された回答" in main
    assert axe(page) == []

    # A visitor finds nothing.
    page.context.clear_cookies()
    response = page.goto(question_url)
    assert response.status == 404
    page.goto(base + "/forum/?q=情報資産")
    assert TITLE not in page.locator("main").inner_text()


def test_typing_a_title_shows_the_questions_that_may_already_answer_it(site_server, page):
    base = site_server["url"]
    log_in(page, base, PEER)
    page.goto(base + "/forum/ask/")
    page.locator("#id_title").press_sequentially("kintone のアクセス権を課ごとに")

    similar = page.locator("#similar")
    similar.get_by_role(
        "link", name="kintone のアクセス権を課ごとに分けたいのですが、どこで設定するのが定石ですか"
    ).wait_for()
    assert "この質問の答えがすでにあるかもしれません" in similar.inner_text()
