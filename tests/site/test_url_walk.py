"""Walk the URL resolver: every public page answers 200 in Japanese with one <h1>."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from wagtail.models import Page

from tests.conftest import sign_in

pytestmark = pytest.mark.django_db

# Namespaces and prefixes that are not public HTML pages.
SKIPPED_PREFIXES = ("cms/", "django-admin/", "documents/", "api/", "i18n/", "en/")
# Sample arguments for public pages that take them, by URL name.
SAMPLE_KWARGS = {"municipalities:detail": {"code": "082104"}}
# Pages that act on GET rather than show something, files that are not pages, and
# fragments of a page fetched by its script (the question form's similar questions).
SKIPPED_NAMES = {
    "account_logout",
    "events:feed_ics",
    "events:rss",
    "events:atom",
    "forum:similar_questions",
}
# Files for crawlers and scripts, not pages: answered, in their own type.
FILES = {
    "/sitemap.xml": "application/xml",
    "/robots.txt": "text/plain",
    "/municipalities/suggest/": "application/json",  # the municipality chooser's
}
# Pages for verified staff (and moderators) only: 403 for everyone else.
FOR_VERIFIED_STAFF = {"/events/new/", "/handover/", "/notices/new/"}


def public_url_names(resolver=None, namespace="", prefix=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if route.startswith(SKIPPED_PREFIXES) or route.lstrip("^").startswith(SKIPPED_PREFIXES):
            continue
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from public_url_names(pattern, inner, route)
        elif isinstance(pattern, URLPattern) and pattern.name and pattern.name != "wagtail_serve":
            name = f"{namespace}{pattern.name}"
            takes_arguments = pattern.pattern.regex.groups > 0
            if name not in SKIPPED_NAMES and (name in SAMPLE_KWARGS or not takes_arguments):
                yield name


def public_urls():
    for name in public_url_names():
        yield reverse(name, kwargs=SAMPLE_KWARGS.get(name, {}))


def assert_a_proper_japanese_page(response, url):
    body = response.content.decode()
    assert response.status_code == 200, url
    assert '<html lang="ja">' in body, url
    assert len(re.findall(r"<h1[\s>]", body)) == 1, url


# Pages everyone must be able to open.
MUST_BE_PUBLIC = {
    "/municipalities/",
    "/municipalities/082104/",
    "/privacy/",
    "/accounts/login/",
    "/accounts/signup/",
}


# Pages that do not apply to someone without two-factor authentication set up.
NOT_APPLICABLE_WITHOUT_TOTP = {
    "/accounts/2fa/totp/deactivate/",
    "/accounts/2fa/recovery-codes/",
    "/accounts/2fa/recovery-codes/download/",
}


def walk(client) -> dict[str, int]:
    """GET every named page; each answers 200 as a proper page, redirects to log-in
    or home, refuses with 403 (moderation for non-moderators), takes only a POST (an
    action behind a button), or does not apply."""
    statuses = {}
    for url in public_urls():
        response = client.get(url)
        statuses[url] = response.status_code
        if url in FILES:
            assert response.status_code == 200, url
            assert response["Content-Type"].startswith(FILES[url]), url
        elif response.status_code == 200:
            assert_a_proper_japanese_page(response, url)
        elif response.status_code == 403:
            assert (
                url.startswith("/moderation/")
                or url == "/members/me/second-factor/"
                or url in FOR_VERIFIED_STAFF
            ), url
        elif response.status_code == 405:  # an action behind a button: POST only
            assert response["Allow"] == "POST", url
        elif response.status_code == 404:
            assert url in NOT_APPLICABLE_WITHOUT_TOTP, url
        else:
            assert response.status_code == 302, url
            assert response["Location"].startswith(("/accounts/", "/")), url
    return statuses


def test_every_page_a_visitor_can_open_is_japanese_with_one_h1(client):
    statuses = walk(client)
    assert {url for url, status in statuses.items() if status == 200} >= MUST_BE_PUBLIC
    assert statuses["/members/me/"] == 302


def test_every_page_a_member_can_open_is_japanese_with_one_h1(client, member):
    sign_in(client, member)
    statuses = walk(client)
    assert statuses["/members/me/"] == 200
    assert statuses["/members/me/profile/"] == 200
    assert statuses["/accounts/email/"] == 200
    assert statuses["/moderation/verifications/"] == 403


def test_every_live_wagtail_page_is_200_in_japanese_with_one_h1(client):
    pages = Page.objects.live().filter(depth__gt=1).specific()
    assert pages
    for page in pages:
        url = page.get_url()
        assert_a_proper_japanese_page(client.get(url), url)


def test_an_unknown_page_is_a_japanese_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "ページが見つかりません" in response.content.decode()
