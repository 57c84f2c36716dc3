"""Whole-page cache for anonymous visitors (signed-in members: member_cache.py).

Most traffic is anonymous reading of lists and pages that change only when
someone publishes, edits, votes or moderates. A visitor with no session and
no cookies of ours gets the same HTML as every other such visitor, so it is
cached per URL and language. Every write to a Yokoten model bumps one version
number, which retires every cached page at once: nothing stale survives a
publish, an edit, a vote or a moderation decision.

Never cached: anything for a visitor with a session, messages or CSRF cookie
(except the open API under /api/, which reads no session and is the same for all);
non-GET requests; the admin, accounts, moderation, notification and visit-request
areas; responses that set cookies, carry a CSRF token, or are not 200.

Signed-in members share cached pages through ``yokoten.member_cache``, keyed
on the same version.
"""

from asgiref.local import Local
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.core.signals import request_finished, request_started
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)

VERSION_KEY = "pagecache:version"
PRIVATE_PREFIXES = (
    "/cms/", "/django-admin/", "/accounts/", "/members/", "/moderation/", "/notifications/",
    "/visits/requests/", "/visits/mine/", "/visits/calendar/", "/documents/", "/app-templates/download/",
    "/bench/",  # make bench's yardstick must render every time
)  # fmt: skip
COOKIES_THAT_PERSONALISE = ("sessionid", "messages", "csrftoken")
SAME_FOR_EVERYONE_PREFIXES = ("/api/",)
CACHED_TYPES = ("text/html", "application/json", "application/rss+xml", "application/atom+xml")
WATCHED_APPS = {
    "accounts", "municipalities", "audit", "home", "search", "knowledge", "cases", "apptemplates",
    "curricula", "adoption", "forum", "notifications", "visits", "wagtailcore", "taggit", "wagtaildocs",
    "wagtailimages", "auth",
}  # fmt: skip


# A web request reads the version once (the page key, the member's audience, their
# permissions and unread count all carry it); a write in the request forgets it.
# Outside requests (commands, the shell) every call asks the cache.
_request = Local()


def current_version() -> int:
    version = getattr(_request, "version", None)
    if version is None:
        version = cache.get_or_set(VERSION_KEY, 1, timeout=None)
        if getattr(_request, "active", False):
            _request.version = version
    return version


def _forget_version(**kwargs) -> None:
    _request.version = None


def _request_started(**kwargs) -> None:
    _request.active, _request.version = True, None


def _request_finished(**kwargs) -> None:
    _request.active, _request.version = False, None


def invalidate_all(**kwargs) -> None:
    _forget_version()
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)


# Saves that change nothing any page shows: a member signing in.
UNSEEN_UPDATES = (frozenset({"last_login"}),)


def _on_write(sender, **kwargs):
    if sender._meta.app_label not in WATCHED_APPS or kwargs.get("raw"):
        return
    if kwargs.get("update_fields") and frozenset(kwargs["update_fields"]) in UNSEEN_UPDATES:
        return
    invalidate_all()
    # And again once the write is committed: a request that read the old rows
    # before the commit may have cached them under the new version meanwhile.
    transaction.on_commit(invalidate_all)


request_started.connect(_request_started, dispatch_uid="pagecache.request_started")
request_finished.connect(_request_finished, dispatch_uid="pagecache.request_finished")
post_save.connect(_on_write, dispatch_uid="pagecache.post_save")
post_delete.connect(_on_write, dispatch_uid="pagecache.post_delete")
m2m_changed.connect(_on_write, dispatch_uid="pagecache.m2m_changed")


def private_path(path: str) -> bool:
    return path.startswith(PRIVATE_PREFIXES) or path.startswith(
        tuple(f"/en{prefix}" for prefix in PRIVATE_PREFIXES)
    )


def _same_for_everyone(path: str) -> bool:
    """The open API reads no session: everyone, signed in or not, gets the same JSON."""
    return path.startswith(SAME_FOR_EVERYONE_PREFIXES)


def _cacheable_request(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not private_path(request.path_info)
        and (
            _same_for_everyone(request.path_info)
            or not any(
                name in request.COOKIES
                # The session and CSRF cookies by their names here ("__Host-…" in production).
                for name in (
                    *COOKIES_THAT_PERSONALISE,
                    settings.SESSION_COOKIE_NAME,
                    settings.CSRF_COOKIE_NAME,
                )
            )
        )
    )


def storable_response(response) -> bool:
    return (
        response.status_code == 200
        and not response.cookies
        and not response.streaming
        and response.get("Content-Type", "").split(";")[0] in CACHED_TYPES
        and "no-store" not in response.get("Cache-Control", "")
        and "private" not in response.get("Cache-Control", "")
    )


def _cacheable_response(response) -> bool:
    return storable_response(response) and b"csrfmiddlewaretoken" not in response.content


def page_key(request, version) -> str | None:
    """The scheme and host are part of the key: a page with absolute links (a feed,
    a canonical link) asked for under another host name is cached apart and never
    served to those who use the site's own name. None for a host not allowed."""
    try:
        address = request.build_absolute_uri(request.get_full_path())
    except DisallowedHost:
        return None
    return f"pagecache:{version}:{address}"


def share_headers(response) -> None:
    """What a proxy or browser in front may do with a page every visitor shares:
    keep it for ``YOKOTEN_PROXY_CACHE_SECONDS`` (s-maxage; browsers revalidate each
    time), told apart by the cookies sent; its ETag lets a revalidation end in 304."""
    patch_vary_headers(response, ["Cookie"])
    patch_cache_control(
        response, public=True, max_age=0, s_maxage=settings.YOKOTEN_PROXY_CACHE_SECONDS
    )
    set_response_etag(response)


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.YOKOTEN_PAGE_CACHE or not _cacheable_request(request):
            return self.get_response(request)
        key = page_key(request, current_version())
        if key is None:
            return self.get_response(request)
        cached = cache.get(key)
        if cached is not None:
            cached["X-Page-Cache"] = "hit"
            return get_conditional_response(request, etag=cached["ETag"], response=cached)
        response = self.get_response(request)
        if _cacheable_response(response):
            share_headers(response)
            cache.set(key, response, settings.YOKOTEN_PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
            return get_conditional_response(request, etag=response["ETag"], response=response)
        return response
