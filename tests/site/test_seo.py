"""What search engines and link previews read: robots.txt, sitemap.xml (Wagtail's
pages and the lists outside Wagtail, at SITE_URL), the favicon, and each page's
canonical address and OpenGraph tags."""

import re

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_robots_txt_keeps_crawlers_out_of_member_pages_and_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Disallow: /cms/" in lines
    assert "Disallow: /en/accounts/" in lines
    assert "Disallow: /casestudies/" not in lines
    assert f"Sitemap: {settings.SITE_URL}/sitemap.xml" in lines


def test_the_sitemap_lists_pages_and_lists_at_the_public_address(
    client, django_assert_max_num_queries
):
    # Site, root page and its live public pages, municipalities, boards and
    # questions, offers, reports: a fixed number, whatever the rows.
    with django_assert_max_num_queries(20):
        response = client.get("/sitemap.xml", HTTP_HOST="localhost")
    assert response.status_code == 200
    locations = re.findall(r"<loc>([^<]+)</loc>", response.content.decode())
    assert f"{settings.SITE_URL}/" in locations
    assert f"{settings.SITE_URL}/casestudies/" in locations
    assert f"{settings.SITE_URL}/municipalities/082104/" in locations
    assert f"{settings.SITE_URL}/forum/boards/kintone-nocode/" in locations
    assert f"{settings.SITE_URL}/forum/boards/security/" not in locations  # staff only
    assert f"{settings.SITE_URL}/impact/" in locations
    assert all(location.startswith(settings.SITE_URL) for location in locations)


def test_the_old_favicon_address_leads_to_the_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("/img/favicon.svg")


def test_every_page_names_its_canonical_address_and_its_preview(client):
    html = client.get("/municipalities/082104/").content.decode()
    canonical = f"{settings.SITE_URL}/municipalities/082104/"
    assert f'<link rel="canonical" href="{canonical}">' in html
    assert f'<meta property="og:url" content="{canonical}">' in html
    assert '<meta property="og:title" content="茨城県 下妻市">' in html
    assert '<meta property="og:locale" content="ja_JP">' in html
    assert 'rel="icon"' in html
    english = client.get("/en/municipalities/082104/?page=2").content.decode()
    assert f'<link rel="canonical" href="{settings.SITE_URL}/en/municipalities/082104/">' in english
    assert '<meta property="og:title" content="Shimotsuma City, Ibaraki">' in english
