"""Questions cite published pages (case studies, app templates, curricula)
by pasting their address; only live, public pages are ever shown."""

from urllib.parse import urlsplit

from django.conf import settings
from wagtail.models import Page, Site


def page_for_url(url: str) -> Page | None:
    """The live, public page at ``url`` (absolute or a path, with or without /en/)."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("", "http", "https"):
        return None
    path = parts.path or "/"
    for code, _name in settings.LANGUAGES:
        if path.startswith(f"/{code}/"):
            path = path[len(code) + 1 :]
    path = path if path.endswith("/") else f"{path}/"
    for site in Site.objects.select_related("root_page").order_by("-is_default_site"):
        url_path = site.root_page.url_path + path.lstrip("/")
        page = Page.objects.live().public().filter(url_path=url_path).first()
        if page is not None:
            return page
    return None


def cited_pages(question) -> list[Page]:
    """The live, public pages a question cites, in the asker's order, as their specific
    types (one query, plus one per page type)."""
    return list(
        Page.objects.live()
        .public()
        .filter(forum_citations__question=question)
        .order_by("forum_citations__position")
        .specific()
    )
