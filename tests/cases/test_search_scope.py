"""The case list and the site search, searched with no other filter, match the index
alone (it holds exactly the live pages without a view restriction); with a filter,
or on a part of the list, the matches are looked up among the list's pages."""

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import PageViewRestriction

from casestudies.cases.models import CaseStudyPage

pytestmark = pytest.mark.django_db

SEARCH = reverse("search:results")
LIST = "/casestudies/"


@pytest.fixture(autouse=True)
def _full_renders(full_renders):
    pass


def case_statements(client, url, **params) -> list[str]:
    """The statements of one request that matched case studies in the index."""
    cases = ContentType.objects.get_for_model(CaseStudyPage).pk
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"q": "窓口予約", **params})
    assert response.status_code == 200
    pattern = rf"content_type_id( \+ 0)? = {cases}\b"
    return [
        query["sql"]
        for query in queries.captured_queries
        if "search_searchentry e" in query["sql"] and re.search(pattern, query["sql"])
    ]


def test_an_unfiltered_search_of_cases_reads_the_index_alone(client, case_study_factory):
    case_study_factory("082104", title="窓口予約をkintoneで受け付けた事例")
    case_study_factory("064033", title="窓口予約をLINEで受け付けた事例")

    for url in (SEARCH, LIST):
        (statement,) = case_statements(client, url)
        assert "wagtailcore_page" not in statement, url
    (statement,) = case_statements(client, LIST, prefecture="06")
    assert "wagtailcore_page" in statement
    page = client.get(LIST, {"q": "窓口予約", "prefecture": "06"}).content.decode()
    assert "窓口予約をLINEで受け付けた事例" in page
    assert "窓口予約をkintoneで受け付けた事例" not in page


def cases_found(client) -> tuple[int, str]:
    response = client.get(SEARCH, {"q": "窓口予約"})
    (cases,) = [group for group in response.context["groups"] if group.slug == "cases"]
    return cases.count, response.content.decode()


def test_a_case_made_private_leaves_the_unfiltered_search_and_comes_back(
    client, case_study_factory, django_capture_on_commit_callbacks
):
    """Re-indexed by a task once the change commits (the test settings run tasks at once)."""
    case_study_factory("082104", title="窓口予約をkintoneで受け付けた事例")
    private = case_study_factory("064033", title="窓口予約をLINEで受け付けた事例")
    with django_capture_on_commit_callbacks(execute=True) as queued:
        restriction = PageViewRestriction.objects.create(
            page=private, restriction_type=PageViewRestriction.LOGIN
        )
    assert queued  # the pages are re-indexed after the commit, not in the editor's request

    count, page = cases_found(client)
    assert count == 1 and "窓口予約をLINEで受け付けた事例" not in page
    assert (
        "窓口予約をLINEで受け付けた事例" not in client.get(LIST, {"q": "窓口予約"}).content.decode()
    )

    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    count, page = cases_found(client)
    assert count == 2 and "窓口予約をLINEで受け付けた事例" in page


def test_a_list_made_private_takes_every_case_under_it_out_of_the_search(
    client, case_study_factory, index_page, django_capture_on_commit_callbacks
):
    case_study_factory("082104", title="窓口予約をkintoneで受け付けた事例")
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=index_page, restriction_type=PageViewRestriction.LOGIN
        )
    assert cases_found(client)[0] == 0


def test_a_deleted_case_leaves_the_search(client, case_study_factory):
    case_study_factory("082104", title="窓口予約をkintoneで受け付けた事例")
    deleted = case_study_factory("064033", title="窓口予約をLINEで受け付けた事例")
    deleted.delete()
    assert cases_found(client)[0] == 1
