"""Shared cached pages for signed-in members, with their personal parts filled in.

A member reading a case-study list sees the same HTML as every other member
of their *audience* (unverified members; verified staff of one municipality),
apart from a few parts that are theirs alone: the account menu with its unread
count and logout token, the adoption form of a case study. So:

- A view whose HTML depends only on the URL, the language and the audience says
  so with ``share_with_members(request)``. Nothing else is ever shared.
- The parts that belong to one member are rendered in the template with
  ``{% personal "name" arg=value %}`` (yokoten/templatetags/personal.py), by a
  function registered here with ``register_personal_part``. It takes the
  request and plain arguments (ids), so it can render again without the page.
- ``MemberPageCacheMiddleware`` keeps the page with a placeholder in place of each
  personal part, keyed on the audience, the language and the URL, and filed under
  the tags its view named (``yokoten/cache_policy.py``: a write retires the pages
  that show what it changed); each hit renders only the personal parts
  for the member asking.
- A page whose forms are the same for every member of the audience except for
  the form token (the question page: vote, comment and answer forms) says so
  with ``share_with_members(request, forms=True, reader_check=(name, arguments))``:
  the shared copy keeps a token placeholder that each hit fills with the reader's
  own token. Such a page is shared only between readers the page treats alike,
  and the registered ``reader_check`` decides on each hit whether the reader is
  one of them (on the question page: not the asker, not an author of a post, has
  not voted and does not follow); anyone else gets the page rendered for them.

Never shared: moderators and administrators (they see controls nobody else
does), members with flash messages waiting, private areas, non-GET requests, and
any page with a form token outside a personal part (a form for this member that
nobody declared personal, unless the view declared ``forms=True``): such a page
is simply not stored.

The reader's token goes only into the ``value`` of a ``csrfmiddlewaretoken``
field, never wherever the placeholder's text appears: members' own text (which
is escaped and sanitised, so it cannot hold such a field) could otherwise carry
the placeholder into a link and leak each reader's token.
"""

import re
from collections.abc import Callable
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from . import cache_policy
from .page_cache import private_path, storable_response

SHARE_FLAG = "_yokoten_share_with_members"
TOKEN_RE = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
TOKEN_PLACEHOLDER = "yk-csrf-token"  # noqa: S105 - a placeholder, filled per reader
TOKEN_FIELD = f'name="csrfmiddlewaretoken" value="{TOKEN_PLACEHOLDER}"'
MARKING_FLAG = "_yokoten_marking_personal_parts"
MENU_FLAG = "_yokoten_account_menu"
NAME = r"[a-z_]+"
ARGUMENTS = r"[\w=&%.-]*"
PERSONAL_RE = re.compile(
    rf"<!--yk-personal:({NAME})\?({ARGUMENTS})-->(.*?)<!--/yk-personal-->", re.S
)
PLACEHOLDER_RE = re.compile(rf"<!--yk-personal:({NAME})\?({ARGUMENTS})-->")

# name -> render(request, arguments: dict[str, str], context: Context | None) -> str
_PERSONAL_PARTS: dict[str, Callable] = {}
# name -> check(request, arguments: dict[str, str]) -> bool
_READER_CHECKS: dict[str, Callable] = {}


def register_personal_part(name: str, render: Callable) -> None:
    """``render(request, arguments, context)`` returns the part's HTML for
    ``request.user``. ``arguments`` are strings (ids); ``context`` is the page's
    template context when the whole page is being rendered, None on a cache hit."""
    if not re.fullmatch(NAME, name):
        raise ValueError(f"Personal part names are lower-case words: {name!r}")
    _PERSONAL_PARTS[name] = render


def render_personal_part(request, name: str, arguments: dict, context=None) -> str:
    try:
        render = _PERSONAL_PARTS[name]
    except KeyError:
        raise LookupError(f"No personal part is registered as {name!r}.") from None
    arguments = {key: str(value) for key, value in arguments.items()}
    html = render(request, arguments, context)
    if getattr(request, MARKING_FLAG, False):
        placeholder = f"<!--yk-personal:{name}?{urlencode(sorted(arguments.items()))}-->"
        # html is rendered template output; the placeholder holds a registered name
        # and url-encoded arguments.
        return mark_safe(f"{placeholder}{html}<!--/yk-personal-->")  # noqa: S308
    return html


def register_reader_check(name: str, check: Callable) -> None:
    """``check(request, arguments)``: whether this reader may be served a page shared
    under this check (they would see exactly what its other readers see)."""
    _READER_CHECKS[name] = check


def share_with_members(request, *, forms: bool = False, reader_check=None) -> None:
    """The view promises its HTML depends only on URL, language and audience
    (apart from ``{% personal %}`` parts), so members may share a cached copy.

    ``forms=True``: its forms too are the same for every such reader but for the
    form token. ``reader_check=(name, arguments)`` names a registered check that
    every later reader must pass to be served the copy."""
    if reader_check is not None and reader_check[0] not in _READER_CHECKS:
        raise LookupError(f"No reader check is registered as {reader_check[0]!r}.")
    setattr(request, SHARE_FLAG, {"forms": forms, "reader_check": reader_check})


# Rules (registered by the apps that own them) for members who see controls nobody
# else does, and so are never served a shared page.
_NEVER_SHARE: list[Callable] = []


def never_share_with(rule: Callable) -> None:
    """``rule(user) -> bool``: members it is true for always get their own render."""
    _NEVER_SHARE.append(rule)


def _is_privileged(user) -> bool:
    return bool(user.is_staff or user.is_superuser or any(rule(user) for rule in _NEVER_SHARE))


def audience(user) -> str | None:
    """Whom a shared page is rendered for; None for members who never share.
    (The member's permissions come cached with their row: no query, no extra read.)"""
    if _is_privileged(user):
        return None
    if user.is_verified_staff:
        return f"staff-{user.staff_municipality_id}"
    return "member"


def _has_waiting_messages(request) -> bool:
    return "messages" in request.COOKIES or "_messages" in request.session


def _fill(request, html: str) -> str:
    def render(match):
        name, arguments = match.group(1), dict(parse_qsl(match.group(2)))
        return render_personal_part(request, name, arguments)

    html = PLACEHOLDER_RE.sub(render, html)
    if TOKEN_FIELD in html:
        from django.middleware.csrf import get_token

        html = html.replace(TOKEN_FIELD, f'name="csrfmiddlewaretoken" value="{get_token(request)}"')
    return html


def _shareable(html: str, *, forms: bool) -> str | None:
    """The page with each personal part replaced by its placeholder, or None if
    a form token would remain in the shared copy (unless its forms are shared)."""
    shared = PERSONAL_RE.sub(lambda match: f"<!--yk-personal:{match[1]}?{match[2]}-->", html)
    if forms:
        return TOKEN_RE.sub(rf"\g<1>{TOKEN_PLACEHOLDER}\g<2>", shared)
    return None if "csrfmiddlewaretoken" in shared else shared


def _reader_passes(request, check) -> bool:
    if check is None:
        return True
    name, arguments = check
    return _READER_CHECKS[name](request, arguments)


def _unmarked(response):
    if not response.streaming and b"<!--yk-personal:" in response.content:
        html = response.content.decode(response.charset)
        response.content = PERSONAL_RE.sub(lambda match: match[3], html)
    return response


class MemberPageCacheMiddleware:
    """Last in MIDDLEWARE: a hit still passes every header-setting middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = self._key(request)
        if key is None:
            return self.get_response(request)
        # One round trip for the page and the member's menu, which every page shows.
        menu_key = _menu_key(request)
        found = cache.get_many([key, menu_key])
        cached = found.get(key)
        if menu_key in found:
            setattr(request, MENU_FLAG, found[menu_key])
        if (
            cached is not None
            and cache_policy.still_fresh(cached["tags"], cached["started"])
            and _reader_passes(request, cached["reader_check"])
        ):
            response = HttpResponse(_fill(request, cached["html"]), content_type=cached["type"])
            response["X-Page-Cache"] = "member-hit"
            patch_cache_control(response, private=True)
            return response
        setattr(request, MARKING_FLAG, True)
        started = cache_policy.now()
        response = self.get_response(request)
        shared_as = getattr(request, SHARE_FLAG, None)
        if shared_as and storable_response(response):
            html = response.content.decode(response.charset)
            shared = _shareable(html, forms=shared_as["forms"])
            if shared is not None:
                tags = cache_policy.tags_of(request)
                cache_policy.file_under(tags, started)
                cache.set(
                    key,
                    {
                        "html": shared,
                        "type": response["Content-Type"],
                        "reader_check": shared_as["reader_check"],
                        "tags": tags,
                        "started": started,
                    },
                    settings.YOKOTEN_PAGE_CACHE_SECONDS,
                )
                response["X-Page-Cache"] = "member-miss"
                patch_cache_control(response, private=True)
        return _unmarked(response)

    @staticmethod
    def _key(request) -> str | None:
        user = getattr(request, "user", None)
        if (
            not settings.YOKOTEN_PAGE_CACHE
            or request.method not in ("GET", "HEAD")
            or user is None
            or not user.is_authenticated
            or private_path(request.path_info)
            or _has_waiting_messages(request)
        ):
            return None
        who = audience(user)
        if who is None:
            return None
        partial = "hx" if request.headers.get("HX-Request") else "page"
        path = request.get_full_path()
        return f"pagecache:member:{who}:{get_language()}:{partial}:{path}"


def member_tag(member_id) -> str:
    """What a member's own cached parts are filed under: their row and permissions
    (community/accounts/backends.py), unread count and account menu."""
    return f"member:{member_id}"


def _menu_key(request) -> str:
    version = cache_policy.version(member_tag(request.user.pk))
    return f"pagecache:menu:{request.user.pk}:{get_language()}:{version}"


def forget_menus(member_ids) -> None:
    """The unread count of these members changed without a save (a bulk insert, an
    update): their cached count and menu are retired when the transaction commits."""
    cache_policy.retire(*(member_tag(member_id) for member_id in member_ids))


def _account_menu(request, arguments, context):
    """The menu with the member's unread count and logout form. On a hit it comes
    from the cache (per member, language and version) with the token filled in."""
    from django.template.loader import get_template

    if context is not None:
        return context.template.engine.get_template("components/account_nav.html").render(context)
    key = _menu_key(request)
    html = getattr(request, MENU_FLAG, None) or cache.get(key)
    if html is None:
        # With the request, so the context processors give the unread count.
        html = get_template("components/account_nav.html").render(
            {
                "user": request.user,
                "may_moderate": False,  # moderators never share pages (see ``audience``)
                "csrf_token": TOKEN_PLACEHOLDER,
            },
            request,
        )
        cache.set(key, html, settings.YOKOTEN_PAGE_CACHE_SECONDS)
    return html  # _fill puts the reader's token in place of the placeholder


def _userbar(request, arguments, context):
    """Wagtail's "edit this page" bar, for members who may use the admin (verified
    staff publish their municipality's pages there); empty for everyone else."""
    from django.template.loader import render_to_string
    from wagtail.models import Page

    if not request.user.has_perm("wagtailadmin.access_admin"):
        return ""
    if context is None:
        context = {"page": Page.objects.get(pk=arguments["page"]).specific}
    else:
        context = context.flatten()
    return render_to_string("components/userbar.html", context, request)


register_personal_part("account_menu", _account_menu)
register_personal_part("userbar", _userbar)
