"""The API docs work as a developer at a municipality opens them: Swagger UI from the
site's own static files, every outside host blocked, the site's CSP on, and not one
CSP violation while it lists the operations (issue 12, finding 10)."""

import pytest

from tests.browser.conftest import only_the_site

pytestmark = pytest.mark.browser


def test_swagger_ui_lists_the_operations_under_the_csp_with_no_outside_host(browser, site_server):
    base = site_server["url"]
    context = browser.new_context(locale="ja-JP")
    outside, violations = only_the_site(context, base), []
    page = context.new_page()
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    response = page.goto(f"{base}/api/v1/docs")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_selector(".opblock", timeout=30_000)
    assert page.locator(".opblock").count() >= 10
    assert page.get_by_text("/api/v1/municipalities").first.is_visible()
    context.close()
    assert outside == []
    assert violations == []
