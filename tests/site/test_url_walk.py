"""Walk the URL resolver: every public page answers 200 in Japanese with one <h1>."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from wagtail.models import Page

pytestmark = pytest.mark.django_db

# Namespaces and prefixes that are not public HTML pages.
SKIPPED_PREFIXES = ("cms/", "django-admin/", "documents/", "api/", "i18n/", "en/")
# Sample arguments for public pages that take them, by URL name.
SAMPLE_KWARGS = {"municipalities:detail": {"code": "082104"}}


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
            if name in SAMPLE_KWARGS or not takes_arguments:
                yield name


def public_urls():
    for name in public_url_names():
        yield reverse(name, kwargs=SAMPLE_KWARGS.get(name, {}))


def assert_a_proper_japanese_page(response, url):
    body = response.content.decode()
    assert response.status_code == 200, url
    assert '<html lang="ja">' in body, url
    assert len(re.findall(r"<h1[\s>]", body)) == 1, url


def test_every_public_page_is_200_in_japanese_with_one_h1(client):
    urls = list(public_urls())
    assert "/municipalities/" in urls and "/municipalities/082104/" in urls
    for url in urls:
        assert_a_proper_japanese_page(client.get(url), url)


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
