"""Nothing loaded from outside the site (closed networks such as LGWAN reach no
CDN): with every other host blocked, each public page type loads completely, in
Japanese and in English, signed out, asking no outside host for anything, with
its stylesheet applied and its favicon served by the site."""

import pytest

from tests.browser.conftest import only_the_site
from tests.browser.site_pages import in_english, visitor_pages

pytestmark = pytest.mark.browser

# site.css hides the skip link off-screen until it takes the focus.
STYLED = "() => getComputedStyle(document.querySelector('.skip-link')).position === 'absolute'"


def test_every_public_page_renders_with_every_outside_host_blocked(site_server, browser):
    base = site_server["url"]
    context = browser.new_context(locale="ja-JP")
    outside = only_the_site(context, base)
    page = context.new_page()
    failures = []
    for name, path in visitor_pages(site_server["workdir"] / "db.sqlite3").items():
        for url in (path, in_english(path)):
            response = page.goto(base + url, wait_until="load")
            if response.status >= 400 or not page.evaluate(STYLED):
                failures.append(f"{name} {url}: {response.status}")
    icon = page.evaluate("() => document.querySelector('link[rel=icon]').href")
    assert icon.startswith(base)
    assert context.request.get(icon).status == 200
    context.close()
    assert failures == []
    assert outside == []
