"""Reflow (WCAG 1.4.10): every page type reads at 320 CSS px without scrolling
sideways, on a phone (320×640) and on a desktop at 400% zoom (1280×800 at 400%
is a 320×200 CSS px viewport with four device pixels to each CSS pixel), signed
out and signed in, in Japanese and in English. On a narrow screen list results
come before the folded filters, and a case's facts come right after its summary."""

import pytest

from tests.browser.site_pages import (
    in_english,
    moderator_pages,
    staff_pages,
    visitor_pages,
)

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 320, "height": 640}}
ZOOMED_DESKTOP = {"viewport": {"width": 320, "height": 200}, "device_scale_factor": 4}
SCREENS = {"phone 320×640": PHONE, "1280×800 at 400%": ZOOMED_DESKTOP}

OVERFLOW = """() => {
  const root = document.documentElement;
  if (root.scrollWidth <= root.clientWidth) return null;
  const wide = [...document.body.querySelectorAll("*")].filter(
    (el) => el.getBoundingClientRect().right > root.clientWidth + 0.5
      && ![...el.children].some((child) => child.getBoundingClientRect().right > root.clientWidth + 0.5)
  );
  return `${root.scrollWidth} px wide: ` + wide.slice(0, 3).map((el) => el.tagName.toLowerCase()
    + (el.className ? "." + String(el.className).split(" ")[0] : "")).join(", ");
}"""


def sideways_scrolling(context, base: str, paths: dict[str, str]) -> list[str]:
    """The pages among ``paths`` (in both languages) that scroll sideways."""
    page = context.new_page()
    failures = []
    for name, path in paths.items():
        for url in (path, in_english(path)):
            response = page.goto(base + url)
            assert response.status < 400, f"{name}: {url} answered {response.status}"
            if (overflow := page.evaluate(OVERFLOW)) is not None:
                failures.append(f"{name} {url}: {overflow}")
    page.close()
    return failures


@pytest.mark.parametrize("screen", SCREENS)
def test_no_public_page_scrolls_sideways_at_320_css_px(site_server, browser, screen):
    database = site_server["workdir"] / "db.sqlite3"
    context = browser.new_context(locale="ja-JP", **SCREENS[screen])
    failures = sideways_scrolling(context, site_server["url"], visitor_pages(database))
    context.close()
    assert failures == []


@pytest.mark.parametrize("screen", SCREENS)
def test_no_page_scrolls_sideways_at_320_css_px_signed_in(
    site_server, browser, signed_in_state, screen
):
    from casestudies.demo.accounts import MODERATOR, SHIMOTSUMA_STAFF

    database = site_server["workdir"] / "db.sqlite3"
    staff = browser.new_context(
        locale="ja-JP", storage_state=signed_in_state(SHIMOTSUMA_STAFF), **SCREENS[screen]
    )
    failures = sideways_scrolling(
        staff, site_server["url"], {**visitor_pages(database), **staff_pages(database)}
    )
    staff.close()
    moderator = browser.new_context(
        locale="ja-JP", storage_state=signed_in_state(MODERATOR), **SCREENS[screen]
    )
    failures += sideways_scrolling(moderator, site_server["url"], moderator_pages(database))
    moderator.close()
    assert failures == []


def test_on_a_phone_results_come_before_the_folded_filters(site_server, browser):
    context = browser.new_context(locale="ja-JP", **PHONE)
    page = context.new_page()
    page.goto(site_server["url"] + "/casestudies/?tool=kintone&budget_band=zero")
    toggle = page.get_by_text("絞り込み（2）")
    assert toggle.is_visible()
    assert not page.get_by_role("button", name="この条件で表示").is_visible()
    results = page.locator("#results-heading")
    assert results.bounding_box()["y"] < 640  # on the first screen
    assert page.locator(".card-list a").first.is_visible()

    toggle.click()
    assert page.get_by_role("button", name="この条件で表示").is_visible()
    context.close()


def test_on_a_wide_screen_the_filters_stay_open_beside_the_results(site_server, page):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(site_server["url"] + "/casestudies/")
    assert page.get_by_role("button", name="この条件で表示").is_visible()
    assert not page.locator("summary", has_text="絞り込み").is_visible()


def test_on_a_phone_a_case_shows_its_facts_and_visit_button_right_after_the_summary(
    site_server, browser
):
    database = site_server["workdir"] / "db.sqlite3"
    context = browser.new_context(locale="ja-JP", **PHONE)
    page = context.new_page()
    page.goto(site_server["url"] + visitor_pages(database)["case"])

    def top(locator) -> float:
        return locator.bounding_box()["y"]

    summary = page.locator("main .lead").first
    facts = page.get_by_role("heading", name="概要")
    visit_button = page.locator(".visit-offer-box .button").first
    challenge = page.get_by_role("heading", name="課題")
    assert top(summary) < top(facts) < top(visit_button) < top(challenge)
    context.close()
