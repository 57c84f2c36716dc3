"""Anonymous visitors get cached pages; any write retires them at once."""

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


def test_publishing_retires_cached_pages(client, shimotsuma):
    from casestudies.cases.models import CaseStudyIndexPage, CaseStudyPage

    client.get("/casestudies/")
    assert client.get("/casestudies/")["X-Page-Cache"] == "hit"
    page = CaseStudyPage(
        title="新しく公開された事例", slug="fresh", municipality=shimotsuma, fiscal_year=2024,
        summary="概要", challenge="課題",
    )  # fmt: skip
    CaseStudyIndexPage.objects.get().add_child(instance=page)
    page.save_revision().publish(skip_permission_checks=True)
    response = client.get("/casestudies/")
    assert response["X-Page-Cache"] == "miss"
    assert "新しく公開された事例" in response.content.decode()


def test_a_profile_edit_retires_cached_pages(client, member):
    client.get("/")
    member.display_name = "変更後の名前"
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
