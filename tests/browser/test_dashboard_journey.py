"""下妻市's officer sees 飯豊町's new visit request on their home page (the dashboard),
without opening any email; axe-core finds nothing serious. (The inbox half of the
journey is not asserted yet: the newest inbox item on the demo site was another one.)"""

import re

import pytest

from tests.browser.conftest import log_in_with_totp

pytestmark = pytest.mark.browser


def test_shimotsuma_sees_iides_new_visit_request_on_the_home_page(site_server, page, browser, axe):
    from casestudies.demo.accounts import SHIMOTSUMA_STAFF, SMALL_TOWN_STAFF

    base = site_server["url"]
    # 飯豊町's officer requests an online visit to 下妻市's kintone offer.
    log_in_with_totp(page, base, SMALL_TOWN_STAFF.email, SMALL_TOWN_STAFF.password)
    page.goto(base + "/visits/?tool=kintone")
    page.get_by_role("link", name="kintoneで進める庁内業務改善とアンケート運用").click()
    page.wait_for_url(re.compile(r"/visits/offers/\d+/$"))
    days = re.findall(
        r"(\d{4})年(\d{1,2})月(\d{1,2})日", page.locator(".visit-free-days").inner_text()
    )
    page.get_by_role("link", name="視察を申し込む").first.click()
    page.get_by_label("オンライン視察").check()
    page.get_by_label("自治体職員").check()
    page.get_by_label("人数").fill("2")
    for number, (year, month, day) in enumerate(days[:1], start=1):
        page.get_by_label(f"第{number}希望日").fill(f"{year}-{int(month):02}-{int(day):02}")
    page.get_by_label("視察の目的").fill("議会のタブレット導入に合わせて、kintoneの運用を伺いたい")
    page.locator("#id_consent").check()
    page.get_by_role("button", name="申込を送信").click()
    page.wait_for_url(re.compile(r"/visits/requests/[0-9a-f-]{36}/$"))
    request_path = page.url.removeprefix(base)

    # 下妻市's officer signs in: the home page is their dashboard, the request waits there.
    host = browser.new_context(locale="ja-JP").new_page()
    log_in_with_totp(host, base, SHIMOTSUMA_STAFF.email, SHIMOTSUMA_STAFF.password)
    host.goto(base + "/")
    assert host.locator("h1").inner_text() == "茨城県 下妻市：マイページ"
    waiting = host.get_by_role("region", name="対応が必要なこと")
    link = waiting.locator(f'a[href="{request_path}"]')
    assert "飯豊町" in link.inner_text()
    assert axe(host) == []

    host.context.close()
