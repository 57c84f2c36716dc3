"""A DX officer signs up with an official address, confirms by the emailed
code (not the link: their mail gateway mangles links) and sees the badge."""

import re

import pytest

from .conftest import wait_for_mail

pytestmark = pytest.mark.browser


def latest_code(mail_dir, address: str) -> str:
    wait_for_mail(mail_dir, address)
    messages = sorted(mail_dir.glob("*.log"), key=lambda path: path.stat().st_mtime)
    for path in reversed(messages):
        text = path.read_text(encoding="utf-8", errors="replace")
        if address in text:
            return re.search(r"^\s{4}(\S+)$", text, re.MULTILINE).group(1)
    raise AssertionError(f"no email to {address}")


def test_officer_signs_up_with_official_address_confirms_by_code_and_sees_badge(
    site_server, page, axe
):
    address = "browser-journey@city.shimotsuma.lg.jp"
    page.goto(site_server["url"] + "/accounts/signup/")
    assert page.locator("h1").count() == 1
    assert axe(page) == []
    page.get_by_label("Eメール").fill(address)
    page.locator("#id_password1").fill("kintone-is-great-42")
    page.get_by_label("パスワード (再入力)").fill("kintone-is-great-42")
    page.get_by_role("button", name="会員登録").click()

    page.wait_for_url(re.compile(r"/accounts/confirm-email/$"))
    assert axe(page) == []
    code = latest_code(site_server["workdir"] / "mail", address)
    page.get_by_label("コード").fill(code)
    page.get_by_role("button", name="確認").click()

    page.goto(site_server["url"] + "/members/me/")
    assert "✓ 下妻市 職員" in page.locator("main").inner_text()
    assert axe(page) == []
