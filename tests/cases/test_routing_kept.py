"""The process keeps the sites and the index pages it routes every request through
(casestudies/home/routing.py) until a page is published, unpublished, moved or
deleted, or a site or a view restriction changes: each of those shows on the next
read."""

import pytest
from django.test import RequestFactory
from wagtail.models import PageViewRestriction, Site

from casestudies.home.routing import load_sites

pytestmark = pytest.mark.django_db
URL = "/casestudies/"


def test_a_list_rendered_again_routes_without_a_query(
    full_renders, client, case_study_factory, django_assert_num_queries
):
    case_study_factory(title="kintoneで申請受付")
    client.get(URL)
    with django_assert_num_queries(0):  # the sites, the list page and its fragment kept
        assert "kintoneで申請受付" in client.get(URL).content.decode()


def test_a_published_intro_shows_on_the_next_read(full_renders, client, index_page):
    client.get(URL)
    index_page.intro = "小規模自治体の事例を集めました。"
    index_page.save_revision().publish()
    assert "小規模自治体の事例を集めました。" in client.get(URL).content.decode()


def test_a_restriction_added_or_removed_applies_to_the_next_request(
    full_renders, client, index_page
):
    assert client.get(URL).status_code == 200
    restriction = PageViewRestriction.objects.create(
        page=index_page, restriction_type=PageViewRestriction.LOGIN
    )
    response = client.get(URL)
    assert response.status_code == 302 and "login" in response["Location"]
    restriction.delete()
    assert client.get(URL).status_code == 200


def test_an_unpublished_list_is_gone_at_once(full_renders, client, index_page):
    assert client.get(URL).status_code == 200
    index_page.unpublish()
    assert client.get(URL).status_code == 404


def test_a_site_moved_to_another_host_no_longer_answers_the_old_one(full_renders, client, settings):
    settings.ALLOWED_HOSTS = ["testserver", "yokoten.example.jp"]
    assert client.get(URL).status_code == 200
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.is_default_site = "yokoten.example.jp", False
    site.save()
    assert client.get(URL).status_code == 404
    assert client.get(URL, HTTP_HOST="yokoten.example.jp").status_code == 200


def test_each_request_has_its_own_copy_of_a_kept_page(rf: RequestFactory):
    first, second = rf.get("/"), rf.get("/")
    load_sites(first)
    load_sites(second)
    a, b = first._wagtail_site.root_page, second._wagtail_site.root_page
    assert a.pk == b.pk and a is not b
    a.set_by_a_view = True
    assert not hasattr(b, "set_by_a_view")


def test_a_url_that_finds_no_page_is_not_kept(client):
    from casestudies.home import routing

    for number in range(5):
        assert client.get(f"/no-such-page-{number}/").status_code == 404
    kept = routing._kept()
    assert not any(slug.startswith("no-such-page") for _pk, slug in kept._children)
