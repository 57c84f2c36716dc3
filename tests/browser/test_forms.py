"""Each main form, submitted empty, answers as the Digital Agency design system
asks: the page title starts with 「エラー：」, an error summary takes the focus
and links to each field in error (a link moves the focus to its field), every
label says 必須 or 任意, and axe-core finds nothing serious."""

import re

import pytest

from tests.browser.site_pages import staff_pages, visitor_pages

pytestmark = pytest.mark.browser

# (form, page name in site_pages, the form's CSS selector)
VISITOR_FORMS = [
    ("sign up", "sign up", "main form"),
    ("log in", "log in", "main form"),
    ("password reset", "password reset", "main form"),
]
STAFF_FORMS = [
    ("question", "ask form", "main form[method=post]"),
    ("answer", "question", "main form:has(#id_body)"),
    ("visit request", "visit request form", "main form[method=post]"),
    ("visit offer", "visit offer form", "main form:has(#id_title)"),
    ("profile", "profile form", "main form[method=post]"),
    ("adoption", "adoption form", "main form[method=post]"),
    ("delivery", "delivery form", "main form[method=post]"),
    ("report to moderators", "flag form", "main form[method=post]"),
]

EMPTIED = "input[type=text], input[type=email], input[type=tel], input[type=number], input[type=date], input[type=url], input:not([type]), textarea"


def submit_empty(page, selector: str) -> None:
    form = page.locator(selector).first
    for field in form.locator(EMPTIED).all():
        if field.is_visible() and field.is_editable():
            field.fill("")
    # The form's own submit button, not a look-first button (the ask form's
    # 「先に似た質問を確認する」 posts nothing and asks for nothing).
    form.locator("button[type=submit]:not([name=check])").last.click()
    page.wait_for_load_state()


def assert_the_form_explains_itself(page, axe, name: str) -> None:
    assert page.title().startswith("エラー："), name
    summary = page.locator("[data-error-summary]")
    assert summary.count() == 1, name
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')"), name
    links = summary.get_by_role("link").all()
    assert links, name
    for link in links:
        target = link.get_attribute("href").removeprefix("#")
        assert page.locator(f"[id='{target}']").count() == 1, f"{name}: {target}"
    assert page.locator("main form .requirement--required").count() >= 1, name
    described = page.locator("[aria-invalid=true]").first.evaluate(
        "(input) => input.closest('[aria-describedby]')?.getAttribute('aria-describedby')"
    )
    assert re.search(r"_error\b", described or ""), name  # the error is read with the field
    assert axe(page) == [], name

    links[0].click()
    target = links[0].get_attribute("href").removeprefix("#")
    assert page.evaluate("document.activeElement.id") == target, name


@pytest.mark.parametrize(("name", "page_name", "selector"), VISITOR_FORMS)
def test_a_visitor_form_submitted_empty_says_what_to_correct(
    site_server, page, axe, name, page_name, selector
):
    database = site_server["workdir"] / "db.sqlite3"
    page.goto(site_server["url"] + visitor_pages(database)[page_name])
    submit_empty(page, selector)
    assert_the_form_explains_itself(page, axe, name)


@pytest.fixture(scope="module")
def staff_page(browser, signed_in_state):
    from casestudies.demo.accounts import SHIMOTSUMA_STAFF

    context = browser.new_context(locale="ja-JP", storage_state=signed_in_state(SHIMOTSUMA_STAFF))
    yield context.new_page()
    context.close()


@pytest.mark.parametrize(("name", "page_name", "selector"), STAFF_FORMS)
def test_a_member_form_submitted_empty_says_what_to_correct(
    site_server, staff_page, axe, name, page_name, selector
):
    database = site_server["workdir"] / "db.sqlite3"
    pages = {**visitor_pages(database), **staff_pages(database)}
    staff_page.goto(site_server["url"] + pages[page_name])
    submit_empty(staff_page, selector)
    assert_the_form_explains_itself(staff_page, axe, name)


def test_every_label_of_a_form_with_required_fields_says_required_or_optional(
    site_server, staff_page
):
    database = site_server["workdir"] / "db.sqlite3"
    staff_page.goto(site_server["url"] + staff_pages(database)["visit request form"])
    form = staff_page.locator("main form[method=post]")
    unmarked = form.evaluate("""(form) => [...form.querySelectorAll("label, legend")]
      .filter((label) => label.tagName === "LEGEND" || !label.closest("fieldset.field"))  // not a choice
      .filter((label) => !label.querySelector(".requirement"))
      .map((label) => label.textContent.trim())""")
    assert unmarked == []
    assert form.get_by_text("任意", exact=True).count() >= 1
    phone = form.get_by_label("連絡先電話番号")
    assert phone.get_attribute("type") == "tel"
    assert phone.get_attribute("autocomplete") == "tel"
    assert form.get_by_label("連絡先メールアドレス").get_attribute("autocomplete") == "email"


def test_a_filter_form_marks_nothing_and_has_no_error_summary(site_server, page):
    page.goto(site_server["url"] + "/visits/")
    assert page.locator(".requirement").count() == 0
    assert page.locator("[data-error-summary]").count() == 0
    assert not page.title().startswith("エラー：")
