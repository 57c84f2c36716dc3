"""A page behind a view restriction, its own or a page's above it, asks who reads it:
routing reads the restrictions only where it found some (casestudies/home/routing.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _full_renders(full_renders):
    pass


def _restrict(page) -> PageViewRestriction:
    return PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)


def test_a_case_study_made_private_asks_an_anonymous_reader_to_sign_in(client, case_study_factory):
    case = case_study_factory("082104", title="限定公開の事例")
    _restrict(case)
    response = client.get(case.url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_private_case_study_list_keeps_every_case_under_it_private(
    client, case_study_factory, index_page
):
    case = case_study_factory("082104", title="限定公開の一覧の事例")
    _restrict(index_page)
    assert client.get(case.url).status_code == 302
    assert client.get(index_page.url).status_code == 302


def test_a_private_home_page_keeps_the_whole_site_private(client, case_study_factory):
    case = case_study_factory("082104")
    home = Page.objects.get(depth=2)
    _restrict(home)
    assert client.get("/").status_code == 302
    assert client.get(case.url).status_code == 302


def test_a_member_may_read_a_case_study_private_to_members(client, case_study_factory, member):
    case = case_study_factory("082104", title="会員限定の事例")
    _restrict(case)
    sign_in(client, member)
    response = client.get(case.url)
    assert response.status_code == 200 and "会員限定の事例" in response.content.decode()


def test_a_public_case_study_reads_no_restrictions(client, case_study_factory):
    case = case_study_factory("082104")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(case.url).status_code == 200
    assert not any(
        query["sql"].startswith('SELECT DISTINCT "wagtailcore_pageviewrestriction"')
        for query in queries.captured_queries
    )
