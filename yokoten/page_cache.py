"""Whole-page cache for anonymous visitors (signed-in members: member_cache.py).

Most traffic is anonymous reading of lists and pages that change only when
someone publishes, edits, votes or moderates. A visitor with no session and
no cookies of ours gets the same HTML as every other such visitor, so it is
cached per scheme, host and URL (the language is in the URL). Each copy is
filed under the tags its view named and served only while none of them was
retired since its render started (``yokoten/cache_policy.py``): a vote retires
its question and the forum lists, not the case studies.

Never cached: anything for a visitor with a session, messages or CSRF cookie
(except the open API under /api/, which reads no session and is the same for all);
non-GET requests; the admin, accounts, moderation, notification and visit-request
areas; responses that set cookies, carry a CSRF token, or are not 200.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)

from . import cache_policy

PRIVATE_PREFIXES = (
    "/cms/", "/django-admin/", "/accounts/", "/members/", "/moderation/", "/notifications/",
    "/visits/requests/", "/visits/mine/", "/visits/calendar/", "/documents/", "/app-templates/download/",
    "/bench/",  # make bench's yardstick must render every time
)  # fmt: skip
COOKIES_THAT_PERSONALISE = ("sessionid", "messages", "csrftoken")
SAME_FOR_EVERYONE_PREFIXES = ("/api/",)
CACHED_TYPES = ("text/html", "application/json", "application/rss+xml", "application/atom+xml")


_PRIVATE_IN_EITHER_LANGUAGE = PRIVATE_PREFIXES + tuple(
    f"/en{prefix}" for prefix in PRIVATE_PREFIXES
)


def private_path(path: str) -> bool:
    return path.startswith(_PRIVATE_IN_EITHER_LANGUAGE)


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


def page_key(request) -> str | None:
    """The scheme and host are part of the key: a page with absolute links (a feed,
    a canonical link) asked for under another host name is cached apart and never
    served to those who use the site's own name. None for a host not allowed."""
    try:
        address = request.build_absolute_uri(request.get_full_path())
    except DisallowedHost:
        return None
    return f"pagecache:{bounded(address)}"


def bounded(address: str, limit: int = 200) -> str:
    """The address itself when short (readable in the cache), else its digest: a
    key stays within memcached's 250 characters and Redis holds no long keys made
    of whatever query string a visitor sends."""
    if len(address) <= limit:
        return address
    return "sha256:" + hashlib.sha256(address.encode()).hexdigest()


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
        key = page_key(request)
        if key is None:
            return self.get_response(request)
        cached = cache.get(key)
        if cached is not None and cache_policy.still_fresh(cached["tags"], cached["started"]):
            response = cached["response"]
            response["X-Page-Cache"] = "hit"
            return get_conditional_response(request, etag=response["ETag"], response=response)
        started = cache_policy.now()
        response = self.get_response(request)
        if _cacheable_response(response):
            share_headers(response)
            tags = cache_policy.tags_of(request)
            cache_policy.file_under(tags, started)
            entry = {"response": response, "tags": tags, "started": started}
            cache.set(key, entry, settings.YOKOTEN_PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
            return get_conditional_response(request, etag=response["ETag"], response=response)
        return response
