"""Error pages speak the reader's language, the demo (DEBUG on) included: a
missing page is the site's 404, a refused form token the site's 403, and the
500 page marks its English line as English."""

import pytest
from django.template.loader import render_to_string
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "language", "text"),
    [
        ("/no-such-page/", "ja", "ページが見つかりません"),
        ("/en/no-such-page/", "en", "Page not found"),
    ],
)
def test_with_debug_on_a_missing_page_is_the_sites_own_404(client, settings, path, language, text):
    settings.DEBUG = True
    response = client.get(path)
    body = response.content.decode()
    assert response.status_code == 404
    assert f'<html lang="{language}">' in body
    assert text in body
    assert "NONE,NOARCHIVE" not in body  # not Django's technical page


def test_technical_pages_come_back_for_debugging(client, settings):
    settings.DEBUG = True
    settings.YOKOTEN_TECHNICAL_ERRORS = True
    assert "NONE,NOARCHIVE" in client.get("/no-such-page/").content.decode()


def test_a_refused_form_token_is_a_japanese_403_page():
    response = Client(enforce_csrf_checks=True).post("/accounts/login/", {"login": "a@b.jp"})
    body = response.content.decode()
    assert response.status_code == 403
    assert '<html lang="ja">' in body
    assert "フォームの有効期限が切れました" in body


def test_the_500_page_marks_its_english_line_as_english():
    body = render_to_string("500.html")
    assert '<html lang="ja">' in body
    assert '<p lang="en">Something went wrong' in body
