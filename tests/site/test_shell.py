import pytest
from django.utils import translation

pytestmark = pytest.mark.django_db


def test_home_page_is_japanese_with_navigation_and_attribution(client):
    body = client.get("/").content.decode()
    assert '<html lang="ja">' in body
    assert "自治体DX" in body
    assert 'href="/municipalities/"' in body
    assert "出典：デジタル庁 Japan Dashboard" in body
    assert 'href="/en/"' in body  # the language switcher


def test_english_home_page_switches_back_to_japanese(client):
    body = client.get("/en/").content.decode()
    assert '<html lang="en">' in body
    assert "Source: Digital Agency" in body
    assert 'href="/"' in body and "日本語" in body


def test_compiled_catalogue_resolves_a_known_japanese_string():
    with translation.override("ja"):
        assert translation.gettext("Municipalities") == "自治体"
        assert translation.pgettext("population band", "Under 5,000") == "5千人未満"


def test_security_headers_are_sent(client):
    response = client.get("/municipalities/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_the_wagtail_admin_lives_at_cms_and_django_admin_elsewhere(client):
    assert client.get("/cms/").status_code == 302
    assert (
        client.get("/cms/login/", follow=True).redirect_chain[-1][0].startswith("/accounts/login/")
    )
    assert (
        client.get("/django-admin/login/", follow=True)
        .redirect_chain[-1][0]
        .startswith("/accounts/login/")
    )
