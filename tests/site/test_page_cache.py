"""Anonymous visitors get cached pages; a write retires those that show it once it
commits (which kind of write retires what: test_cache_policy.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.YOKOTEN_PAGE_CACHE = True


def test_a_second_anonymous_visit_is_served_from_the_cache_without_sql(client):
    first = client.get("/municipalities/082104/")
    assert first["X-Page-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        second = client.get("/municipalities/082104/")
        count = len(queries.captured_queries)
    assert second["X-Page-Cache"] == "hit"
    assert count == 0
    assert second.content == first.content
    assert "default-src 'self'" in second["Content-Security-Policy"]


def test_publishing_retires_cached_pages(client, shimotsuma, django_capture_on_commit_callbacks):
    from casestudies.cases.models import CaseStudyIndexPage, CaseStudyPage

    client.get("/casestudies/")
    assert client.get("/casestudies/")["X-Page-Cache"] == "hit"
    page = CaseStudyPage(
        title="新しく公開された事例", slug="fresh", municipality=shimotsuma, fiscal_year=2024,
        summary="概要", challenge="課題",
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        CaseStudyIndexPage.objects.get().add_child(instance=page)
        page.save_revision().publish(skip_permission_checks=True)
    response = client.get("/casestudies/")
    assert response["X-Page-Cache"] == "miss"
    assert "新しく公開された事例" in response.content.decode()


def test_making_a_page_private_retires_every_cached_copy_that_shows_it(
    client, case_study_factory, django_capture_on_commit_callbacks
):
    from wagtail.models import PageViewRestriction

    case = case_study_factory("082104", title="限定公開にする事例")
    assert client.get(case.url).status_code == 200
    client.get("/casestudies/")
    assert client.get(case.url)["X-Page-Cache"] == "hit"
    assert "限定公開にする事例" in client.get("/casestudies/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(
            page=case, restriction_type=PageViewRestriction.LOGIN
        )

    assert client.get(case.url).status_code == 302  # to the log-in page, not the old copy
    assert "限定公開にする事例" not in client.get("/casestudies/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    assert client.get(case.url).status_code == 200


def test_a_profile_edit_retires_cached_pages(client, member, django_capture_on_commit_callbacks):
    client.get("/")
    member.display_name = "変更後の名前"
    with django_capture_on_commit_callbacks(execute=True):
        member.save()
    assert client.get("/")["X-Page-Cache"] == "miss"


def test_signed_in_members_never_get_the_anonymous_copy_and_private_areas_are_never_cached(
    client, member
):
    client.get("/municipalities/082104/")
    sign_in(client, member)
    response = client.get("/municipalities/082104/")
    assert response["X-Page-Cache"] == "member-miss"  # their own copy (test_member_cache.py)
    assert "マイアカウント" in response.content.decode()
    anonymous = type(client)()
    anonymous.get("/accounts/login/")
    assert "X-Page-Cache" not in anonymous.get("/accounts/login/")


def test_pages_with_a_form_token_are_not_cached(client):
    response = client.get("/accounts/signup/")
    assert "X-Page-Cache" not in response


def test_a_page_asked_for_under_another_host_name_never_reaches_visitors_of_the_site(client):
    """Issue 12, finding 8: the feed's links are absolute; a request with
    ``Host: localhost`` is cached apart from the site's own."""
    poisoned = client.get("/casestudies/feed/", HTTP_HOST="localhost")
    assert poisoned["X-Page-Cache"] == "miss"
    assert "http://localhost/casestudies/" in poisoned.content.decode()
    response = client.get("/casestudies/feed/")
    assert response["X-Page-Cache"] == "miss"
    assert "http://testserver/casestudies/" in response.content.decode()
    assert "localhost" not in response.content.decode()
    assert client.get("/casestudies/feed/")["X-Page-Cache"] == "hit"


def test_a_host_the_site_does_not_serve_is_refused_and_nothing_is_cached(client):
    response = client.get("/casestudies/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "X-Page-Cache" not in response


def test_shared_pages_tell_proxies_and_browsers_how_to_keep_them(client, settings):
    settings.YOKOTEN_PROXY_CACHE_SECONDS = 10
    first = client.get("/municipalities/082104/")
    control = {part.strip() for part in first["Cache-Control"].split(",")}
    assert {"public", "max-age=0", "s-maxage=10"} <= control
    assert "Cookie" in first["Vary"]
    assert first["ETag"]
    again = client.get("/municipalities/082104/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert client.get("/municipalities/082104/", HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_pages_for_one_member_are_never_public(client, member):
    sign_in(client, member)
    response = client.get("/municipalities/082104/")
    assert "public" not in response.get("Cache-Control", "")


def test_long_addresses_are_cached_apart_under_short_keys(client, recwarn):
    """A list with a long query string is cached like any other (under a digest of
    its address, so no cache backend refuses the key) and never mixed up with a
    similar one."""
    base = "/municipalities/?q=" + "ま" * 30 + "&kind=town&population_max="
    first = client.get(base + "10000")
    other = client.get(base + "20000")
    assert first["X-Page-Cache"] == other["X-Page-Cache"] == "miss"
    assert client.get(base + "10000").content == first.content
    assert client.get(base + "10000")["X-Page-Cache"] == "hit"
    assert client.get(base + "20000").content == other.content
    assert not [w for w in recwarn if "Cache key" in str(w.message)]
