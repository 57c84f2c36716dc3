"""Whole-page cache for anonymous visitors.

Most traffic is anonymous reading of lists and pages that change only when
someone publishes, edits, votes or moderates. A visitor with no session and
no cookies of ours gets the same HTML as every other such visitor, so it is
cached per URL and language. Every write to a Yokoten model bumps one version
number, which retires every cached page at once: nothing stale survives a
publish, an edit, a vote or a moderation decision.

Never cached: anything for a visitor with a session, messages or CSRF cookie;
non-GET requests; the admin, accounts, moderation, notification and visit-request
areas; responses that set cookies, carry a CSRF token, or are not 200.
"""

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.cache import patch_vary_headers

VERSION_KEY = "pagecache:version"
PRIVATE_PREFIXES = (
    "/cms/", "/django-admin/", "/accounts/", "/members/", "/moderation/", "/notifications/",
    "/visits/requests/", "/visits/mine/", "/visits/calendar/", "/documents/", "/app-templates/download/",
)  # fmt: skip
COOKIES_THAT_PERSONALISE = ("sessionid", "messages", "csrftoken")
CACHED_TYPES = ("text/html", "application/json", "application/rss+xml", "application/atom+xml")
WATCHED_APPS = {
    "accounts", "municipalities", "audit", "home", "search", "knowledge", "cases", "apptemplates",
    "curricula", "adoption", "forum", "notifications", "visits", "wagtailcore", "taggit", "wagtaildocs",
    "wagtailimages",
}  # fmt: skip


def current_version() -> int:
    return cache.get_or_set(VERSION_KEY, 1, timeout=None)


def invalidate_all(**kwargs) -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)


def _on_write(sender, **kwargs):
    if sender._meta.app_label in WATCHED_APPS and not kwargs.get("raw"):
        invalidate_all()


post_save.connect(_on_write, dispatch_uid="pagecache.post_save")
post_delete.connect(_on_write, dispatch_uid="pagecache.post_delete")
m2m_changed.connect(_on_write, dispatch_uid="pagecache.m2m_changed")


def _cacheable_request(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not any(name in request.COOKIES for name in COOKIES_THAT_PERSONALISE)
        and not request.path_info.startswith(PRIVATE_PREFIXES)
        and not request.path_info.startswith(tuple(f"/en{prefix}" for prefix in PRIVATE_PREFIXES))
    )


def _cacheable_response(response) -> bool:
    return (
        response.status_code == 200
        and not response.cookies
        and not response.streaming
        and response.get("Content-Type", "").split(";")[0] in CACHED_TYPES
        and b"csrfmiddlewaretoken" not in response.content
        and "no-store" not in response.get("Cache-Control", "")
        and "private" not in response.get("Cache-Control", "")
    )


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.YOKOTEN_PAGE_CACHE or not _cacheable_request(request):
            return self.get_response(request)
        key = f"pagecache:{current_version()}:{request.get_full_path()}"
        cached = cache.get(key)
        if cached is not None:
            cached["X-Page-Cache"] = "hit"
            return cached
        response = self.get_response(request)
        if _cacheable_response(response):
            patch_vary_headers(response, ["Cookie"])
            cache.set(key, response, settings.YOKOTEN_PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
        return response
