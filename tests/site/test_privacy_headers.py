"""Headers that keep members' pages and the browser's powers to the site (issue 12,
finding 10): Permissions-Policy everywhere, no-store on every personal page, and
the API docs from our own static files under the site's CSP."""

import re

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db

PERSONAL_PAGES = [
    "/",  # a signed-in member's dashboard
    "/members/me/",
    "/members/me/profile/",
    "/notifications/",
    "/notifications/settings/",
    "/visits/mine/",
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/2fa/",
]


def test_every_page_forbids_the_browser_features_the_site_never_uses(client_for, member):
    for client in (client_for(None), client_for(member)):
        for url in ("/", "/municipalities/082104/", "/api/v1/municipalities?prefecture=08"):
            policy = client.get(url)["Permissions-Policy"]
            for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
                assert feature in policy, (url, policy)


@pytest.mark.parametrize("url", PERSONAL_PAGES)
def test_a_personal_page_is_never_stored_by_the_browser_or_a_proxy(client_for, member, url):
    response = client_for(member).get(url)
    assert response.status_code == 200, url
    control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"no-store", "private"} <= control


def test_every_page_a_member_reads_is_not_stored_either(client_for, member):
    """The header's account menu (name, unread count, log-out token) is theirs."""
    response = client_for(member).get("/municipalities/082104/")
    assert "no-store" in response["Cache-Control"]


def test_the_account_pages_are_not_stored_for_visitors_either(client):
    for url in ("/accounts/login/", "/accounts/password/reset/"):
        assert "no-store" in client.get(url)["Cache-Control"], url


def test_a_public_page_for_a_visitor_may_still_be_cached(client):
    assert "no-store" not in client.get("/municipalities/082104/").get("Cache-Control", "")


def test_the_api_docs_come_from_our_static_files_under_the_csp(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "cdn." not in html and "https://" not in html and "http://" not in html
    for source in re.findall(r'(?:src|href)="/static/([^"]+)"', html):
        assert finders.find(source), source
    assert "swagger-ui-bundle.js" in html
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "Permissions-Policy" in response


def test_the_content_security_policy_is_the_settings_one_with_each_response_s_nonce(rf, settings):
    """The header is built once (yokoten/middleware.py), yet says what django-csp would:
    the settings' policy, the nonce a page used, a changed setting at once."""
    from csp.utils import build_policy
    from django.http import HttpResponse

    from yokoten.middleware import SiteContentSecurityPolicyMiddleware

    plain = SiteContentSecurityPolicyMiddleware(lambda request: HttpResponse("ok"))
    header = plain(rf.get("/"))["Content-Security-Policy"]
    assert set(header.split("; ")) == set(build_policy().split("; "))
    assert "nonce-" not in header

    nonced = SiteContentSecurityPolicyMiddleware(lambda request: HttpResponse(request.csp_nonce))
    first, second = nonced(rf.get("/")), nonced(rf.get("/"))
    assert first.content != second.content
    for response in (first, second):
        assert f"'nonce-{response.content.decode()}'" in response["Content-Security-Policy"]

    assert "Content-Security-Policy" not in plain(rf.get("/cms/pages/"))
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'none'"]}}
    assert plain(rf.get("/"))["Content-Security-Policy"] == "default-src 'none'"
