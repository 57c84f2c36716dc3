"""As officers would: 飯豊町's officer builds a 予算要求 evidence pack from two 0円
kintone cases and downloads its PDF and xlsx; 下妻市's verified officer takes over
the draft her predecessor left behind (人事異動) and edits it in the CMS."""

import io
import re
import sqlite3

import pytest

from tests.browser.conftest import log_in_with_totp

pytestmark = pytest.mark.browser
KINTONE_ZERO = {
    "shimotsuma-kintone-dx": "予算0円から始めたkintone活用",
    "nichinan-kintone-mimamori": "高齢者の見守り訪問記録をkintoneに",
}


def test_iide_officer_builds_an_evidence_pack_and_downloads_pdf_and_xlsx(site_server, browser, axe):
    from openpyxl import load_workbook
    from pypdf import PdfReader

    from casestudies.demo.accounts import SMALL_TOWN_STAFF

    base = site_server["url"]
    officer = browser.new_context(locale="ja-JP", accept_downloads=True).new_page()
    log_in_with_totp(officer, base, SMALL_TOWN_STAFF.email, SMALL_TOWN_STAFF.password)
    officer.goto(f"{base}/casestudies/?budget_band=zero&tool=kintone")
    for title in KINTONE_ZERO.values():
        officer.get_by_role("link", name=re.compile(title)).first.click()
        officer.get_by_role("heading", name="再現キット").wait_for()
        officer.get_by_role("button", name="予算要求資料に追加").click()
        officer.get_by_role("button", name="予算要求資料から外す").wait_for()
        officer.goto(f"{base}/casestudies/?budget_band=zero&tool=kintone")
    officer.goto(f"{base}/evidence/")
    officer.get_by_role("button", name="資料を作成する").click()
    officer.wait_for_url(re.compile(r"/evidence/pack/"))
    assert (
        officer.get_by_role("heading", level=1).inner_text()
        == "予算要求の根拠資料：先行自治体の事例"
    )
    assert axe(officer) == []
    share_url = officer.url

    with officer.expect_download() as pdf_download:
        officer.get_by_role("link", name="PDFをダウンロード").click()
    pdf = PdfReader(io.BytesIO(pdf_download.value.path().read_bytes()))
    text = "".join("".join(page.extract_text() for page in pdf.pages).split())
    for expected in [
        *KINTONE_ZERO.values(),
        "飯豊町",
        "1,080,000円",
        "990,000円",
        "自団体の見込み",
        "CCBY4.0",
    ]:
        assert expected in text, expected

    with officer.expect_download() as xlsx_download:
        officer.get_by_role("link", name="xlsxをダウンロード").click()
    sheet = load_workbook(io.BytesIO(xlsx_download.value.path().read_bytes())).active
    rows = {
        row[0].value: [c.value for c in row[1:]]
        for row in sheet.iter_rows(min_row=4)
        if row[0].value
    }
    assert rows["無償期間終了後の年間運用費（円）"][:2] == [1_080_000, 990_000]
    assert rows["予算（円）"][:2] == [0, 0]

    colleague = browser.new_context(locale="ja-JP").new_page()  # not a member
    colleague.goto(share_url)
    assert "990,000円" in colleague.content()


def test_shimotsuma_officer_takes_over_the_predecessor_s_draft_and_edits_it(site_server, browser):
    from casestudies.demo.accounts import SHIMOTSUMA_STAFF
    from casestudies.demo.handover import DRAFT_SLUG

    base = site_server["url"]
    with sqlite3.connect(site_server["workdir"] / "db.sqlite3") as db:
        (draft_id,) = db.execute(
            "SELECT id FROM wagtailcore_page WHERE slug = ?", (DRAFT_SLUG,)
        ).fetchone()
    officer = browser.new_context(locale="ja-JP").new_page()
    log_in_with_totp(officer, base, SHIMOTSUMA_STAFF.email, SHIMOTSUMA_STAFF.password)
    officer.goto(f"{base}/handover/")
    officer.get_by_role("button", name="田中 一郎さんから引き継ぐ").click()
    officer.get_by_role("heading", name="引き継ぎの確認").wait_for()
    officer.get_by_role("button", name="引き継ぎの確認").click()
    officer.get_by_text("田中 一郎さんから石塚 美咲さんへ1件を引き継ぎました。").wait_for()

    officer.goto(f"{base}/cms/pages/{draft_id}/edit/")
    assert "アクセス権がありません" not in officer.content()
    officer.locator("#id_title").fill("窓口の予約をkintoneとフォームで受け付け、混雑を平準化")
    officer.locator("footer button.action-save").first.click()  # 下書き保存
    officer.wait_for_load_state("networkidle")
    assert "アクセス権がありません" not in officer.content()
    with sqlite3.connect(site_server["workdir"] / "db.sqlite3") as db:
        owner_email, draft_title = db.execute(
            "SELECT u.email, p.draft_title FROM wagtailcore_page p JOIN accounts_user u ON u.id = p.owner_id WHERE p.id = ?",
            (draft_id,),
        ).fetchone()
    assert owner_email == SHIMOTSUMA_STAFF.email
    assert draft_title == "窓口の予約をkintoneとフォームで受け付け、混雑を平準化"
