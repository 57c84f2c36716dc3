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
- ``MemberPageCacheMiddleware`` renders a page it may store with each personal
  part set aside: the part's HTML goes to a list on the request and the page gets
  a hole in its place, an HTML comment carrying a random key made for this one
  render. The shared copy is that page with its holes, the list of the parts'
  names and arguments, and the key; it is keyed on the audience, the language and
  the URL, and filed under the tags its view named (``yokoten/cache_policy.py``: a
  write retires the pages that show what it changed). The reader of the render
  gets the parts put back in the holes; each hit renders only the personal parts
  for the member asking and puts them in the holes. Nothing is parsed: the holes
  are found by their exact text, which nobody can write into the page, because
  the key is drawn after the page's content was written and never leaves the
  server.
- A page whose forms are the same for every member of the audience except for
  the form token (the question page: vote, comment and answer forms) says so
  with ``share_with_members(request, forms=True, reader_check=(name, arguments))``:
  while the page is rendered for storing, every form token on it is a
  placeholder made of the same random key, and each hit puts the reader's own
  token there. Such a page is shared only between readers the page treats alike,
  and the registered ``reader_check`` decides on each hit whether the reader is
  one of them (on the question page: not the asker, not an author of a post, has
  not voted and does not follow); anyone else gets the page rendered for them.

A page that belongs to one member alone (their dashboard) is kept for them with
``keep_for_member(request, until=…)``: the same mechanics (personal parts, form
tokens, tags), keyed on the member instead of an audience, and served until
``until`` (what the clock alone would change on it) at the latest.

Never shared: moderators and administrators (they see controls nobody else
does), members with flash messages waiting, private areas, non-GET requests, and
any page with a form token outside a personal part (a form for this member that
nobody declared personal, unless the view declared ``forms=True``), or for which
the render asked Django for the member's real token: such a page is simply not
stored.
"""

import secrets
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from . import cache_policy
from .page_cache import bounded, private_path, storable_response

SHARE_FLAG = "_yokoten_share_with_members"
RENDER_FOR_STORING = "_yokoten_render_for_storing"
TOKEN_PLACEHOLDER = "yk-csrf-token"  # noqa: S105 - a placeholder, filled per reader
TOKEN_FIELD = f'name="csrfmiddlewaretoken" value="{TOKEN_PLACEHOLDER}"'
MENU_FLAG = "_yokoten_account_menu"
URL_KEY = "_yokoten_url_key"


def _hole(key: str, index: int) -> str:
    return f"<!--yk-personal:{key}:{index}-->"


def _token_placeholder(key: str) -> str:
    return f"yk-token-{key}"


class _Storing:
    """What a render for storing sets aside: its key and its personal parts."""

    def __init__(self):
        self.key = secrets.token_hex(16)
        self.parts: list[tuple[str, dict[str, str], str]] = []  # name, arguments, HTML


# name -> render(request, arguments: dict[str, str], context: Context | None) -> str
_PERSONAL_PARTS: dict[str, Callable] = {}
# name -> check(request, arguments: dict[str, str]) -> bool
_READER_CHECKS: dict[str, Callable] = {}


def register_personal_part(name: str, render: Callable) -> None:
    """``render(request, arguments, context)`` returns the part's HTML for
    ``request.user``. ``arguments`` are strings (ids); ``context`` is the page's
    template context when the whole page is being rendered, None on a cache hit."""
    if not name or not name.replace("_", "").isalpha() or not name.islower():
        raise ValueError(f"Personal part names are lower-case words: {name!r}")
    _PERSONAL_PARTS[name] = render


def render_personal_part(request, name: str, arguments: dict, context=None) -> str:
    try:
        render = _PERSONAL_PARTS[name]
    except KeyError:
        raise LookupError(f"No personal part is registered as {name!r}.") from None
    arguments = {key: str(value) for key, value in arguments.items()}
    html = render(request, arguments, context)
    storing = getattr(request, RENDER_FOR_STORING, None)
    if storing is not None:
        storing.parts.append((name, arguments, str(html)))
        return mark_safe(_hole(storing.key, len(storing.parts) - 1))  # noqa: S308 - our own comment
    return html


def storing_csrf_token(request) -> dict:
    """A context processor (after Django's own): while a page is rendered for
    storing, its form tokens are a placeholder that each reader's own token
    replaces; otherwise Django's lazy token stands."""
    storing = getattr(request, RENDER_FOR_STORING, None)
    return {} if storing is None else {"csrf_token": _token_placeholder(storing.key)}


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
    setattr(
        request,
        SHARE_FLAG,
        {"forms": forms, "reader_check": reader_check, "own": False, "until": None},
    )


def keep_for_member(request, *, until: float | None = None) -> None:
    """The view promises its HTML depends only on the member, URL and language (apart
    from ``{% personal %}`` parts and form tokens), and, by the clock, stays the same
    until the timestamp ``until``: a copy is kept for this member alone."""
    setattr(request, SHARE_FLAG, {"forms": True, "reader_check": None, "own": True, "until": until})


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


def _filled(request, html: str, key: str, parts) -> str:
    """The shared page for this reader: each hole gets the reader's part (rendered
    now), each token placeholder the reader's own form token."""
    for index, (name, arguments) in enumerate(parts):
        html = html.replace(_hole(key, index), render_personal_part(request, name, arguments))
    placeholder = _token_placeholder(key)
    if placeholder in html:
        from django.middleware.csrf import get_token

        html = html.replace(placeholder, get_token(request))
    return html


def _shareable(request, html: str, storing: _Storing, *, forms: bool) -> dict | None:
    """The shared copy, or None if the page carries something of this reader's
    outside a personal part: a form token (unless its forms are shared) or the
    real token, asked of Django during the render."""
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return None
    if not forms and _token_placeholder(storing.key) in html:
        return None
    return {
        "html": html,
        "key": storing.key,
        "parts": [(name, arguments) for name, arguments, _ in storing.parts],
    }


def _for_this_reader(request, response, storing: _Storing):
    """The response of a render for storing, with its holes and placeholders
    filled for the member who asked."""
    if response.streaming:
        return response
    content = response.content
    charset = response.charset
    for index, (_, _, html) in enumerate(storing.parts):
        content = content.replace(_hole(storing.key, index).encode(), html.encode(charset))
    placeholder = _token_placeholder(storing.key).encode()
    if placeholder in content:
        from django.middleware.csrf import get_token

        content = content.replace(placeholder, get_token(request).encode())
    if content is not response.content:
        response.content = content
    return response


def _reader_passes(request, check) -> bool:
    if check is None:
        return True
    name, arguments = check
    return _READER_CHECKS[name](request, arguments)


def _servable(request, cached: dict, found: dict) -> bool:
    """Whether a stored copy may answer ``request``: no tag of it retired since its
    render, not past its time, and (a shared copy) a reader it was shared with."""
    until = cached.get("until")
    return (
        cache_policy.still_fresh(cached["tags"], cached["started"], known=found)
        and (until is None or cache_policy.now() < until)
        and _reader_passes(request, cached["reader_check"])
    )


# key -> the tags its page was last filed under, in this process (a guess: a page
# filed under others costs one more round trip).
_filed_under: dict[str, frozenset] = {}
FILED_UNDER_LIMIT = 20_000


def _remember_tags(key: str, tags: frozenset) -> None:
    if _filed_under.get(key) != tags:
        if len(_filed_under) >= FILED_UNDER_LIMIT:
            _filed_under.clear()
        _filed_under[key] = tags


def _may_serve(request) -> bool:
    """Whether a cached copy may answer this request, whoever the member is."""
    return _may_serve_url(request) and not _has_waiting_messages(request)


def _may_serve_url(request) -> bool:
    """As ``_may_serve``, without reading the session."""
    return (
        settings.YOKOTEN_PAGE_CACHE
        and request.method in ("GET", "HEAD")
        and not private_path(request.path_info)
    )


def _own_key(request, member_id) -> str:
    return f"pagecache:own:{member_id}:{_url_key(request)}"


def _url_key(request) -> str:
    path = getattr(request, URL_KEY, None)  # a request asks for it five times
    if path is None:
        partial = "hx" if request.headers.get("HX-Request") else "page"
        path = f"{partial}:{bounded(request.get_full_path())}"
        setattr(request, URL_KEY, path)
    return f"{get_language()}:{path}"


class ReadOwnPageAhead:
    """Right after AuthenticationMiddleware, before anything asks who the member is:
    the copy of this URL kept for the signed-in member (``keep_for_member``: their
    dashboard) and their menu are read in the round trip that reads their row."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        asked = {}  # member id -> the keys read with the session

        def keys_for(member_id):
            asked[member_id] = self._keys(request, member_id)
            return asked[member_id]

        if _may_serve_url(request):  # read with the session, when this process knows whose
            cache_policy.want_for_member(keys_for)
        member_id = request.session.get(SESSION_KEY)
        if member_id is not None and _may_serve(request):
            cache_policy.want(*(asked.get(member_id) or self._keys(request, member_id)))
        return self.get_response(request)

    @staticmethod
    def _keys(request, member_id) -> list[str]:
        """The member's own copy of this URL and their menu, and the copy shared with the
        audience this process last saw them in (a guess: a page read for another
        audience is not served; the right one is read then)."""
        own = _own_key(request, member_id)
        keys = [own, _menu_key(member_id), *cache_policy.time_keys(_filed_under.get(own, ()))]
        who = _audiences.get(str(member_id))
        if who is not None:
            shared = _shared_key(request, who)
            keys += [shared, *cache_policy.time_keys(_filed_under.get(shared, ()))]
        return keys


class MemberPageCacheMiddleware:
    """Last in MIDDLEWARE: a hit still passes every header-setting middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        keys = self._keys(request)
        if keys is None:
            return self.get_response(request)
        shared_key, own_key = keys
        # The member's own copy and menu were read with their row (ReadOwnPageAhead);
        # else one round trip for the copy shared with their audience and their own,
        # the menu, which every page shows, and the times of the tags each copy was
        # filed under when this process last saw it.
        menu_key = _menu_key(request.user.pk)
        own_times = cache_policy.time_keys(_filed_under.get(own_key, ()))
        found = cache_policy.read_many([own_key, menu_key, *own_times], ahead_only=True)
        response = self._hit(request, own_key, found)
        if response is None:
            shared_times = cache_policy.time_keys(_filed_under.get(shared_key, ()))
            found = cache_policy.read_many([*keys, menu_key, *own_times, *shared_times])
            response = self._hit(request, own_key, found) or self._hit(request, shared_key, found)
        if response is not None:
            return response
        if menu_key in found:
            setattr(request, MENU_FLAG, found[menu_key])
        storing = _Storing()
        setattr(request, RENDER_FOR_STORING, storing)
        started = cache_policy.now()
        try:
            response = self.get_response(request)
        finally:
            delattr(request, RENDER_FOR_STORING)
        shared_as = getattr(request, SHARE_FLAG, None)
        if shared_as and storable_response(response):
            html = response.content.decode(response.charset)
            shared = _shareable(request, html, storing, forms=shared_as["forms"])
            if shared is not None:
                tags = cache_policy.tags_of(request)
                cache_policy.file_under(tags, started)
                cache.set(
                    own_key if shared_as["own"] else shared_key,
                    {
                        **shared,
                        "type": response["Content-Type"],
                        "reader_check": shared_as["reader_check"],
                        "until": shared_as["until"],
                        "tags": tags,
                        "started": started,
                    },
                    settings.YOKOTEN_PAGE_CACHE_SECONDS,
                )
                response["X-Page-Cache"] = "member-miss"
                patch_cache_control(response, private=True)
        return _for_this_reader(request, response, storing)

    @staticmethod
    def _hit(request, key: str, found: dict):
        """The response from the copy stored under ``key``, if it may answer."""
        cached = found.get(key)
        if cached is None:
            return None
        _remember_tags(key, cached["tags"])
        if not _servable(request, cached, found):
            return None
        menu_key = _menu_key(request.user.pk)
        if menu_key in found:
            setattr(request, MENU_FLAG, found[menu_key])
        response = HttpResponse(
            _filled(request, cached["html"], cached["key"], cached["parts"]),
            content_type=cached["type"],
        )
        response["X-Page-Cache"] = "member-hit"
        patch_cache_control(response, private=True)
        return response

    @staticmethod
    def _keys(request) -> tuple[str, str] | None:
        """The keys of the copy shared with the member's audience and of the member's
        own copy of this URL; None when neither may be served."""
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not _may_serve(request):
            return None
        who = audience(user)
        if _audiences.get(str(user.pk)) != who:
            if len(_audiences) >= FILED_UNDER_LIMIT:
                _audiences.clear()
            _audiences[str(user.pk)] = who
        if who is None:
            return None
        return _shared_key(request, who), _own_key(request, user.pk)


def _shared_key(request, who: str) -> str:
    return f"pagecache:member2:{who}:{_url_key(request)}"


# member id -> their audience when this process last served them (None: never shares).
_audiences: dict[str, str | None] = {}


def member_tag(member_id) -> str:
    """What a member's own cached parts are filed under: their row and permissions
    (community/accounts/backends.py), unread count and account menu."""
    return f"member:{member_id}"


def _menu_key(member_id) -> str:
    """The member's menu, stored with the version of their tag it was rendered at."""
    return f"pagecache:menu:{member_id}:{get_language()}"


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
    key = _menu_key(request.user.pk)
    version = cache_policy.version(member_tag(request.user.pk))
    stored = getattr(request, MENU_FLAG, None) or cache.get(key)
    html = stored[1] if stored is not None and stored[0] == version else None
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
        cache.set(key, (version, html), settings.YOKOTEN_PAGE_CACHE_SECONDS)
    if TOKEN_FIELD in html:  # the menu's own logout form, cached without a token
        from django.middleware.csrf import get_token

        html = html.replace(TOKEN_FIELD, f'name="csrfmiddlewaretoken" value="{get_token(request)}"')
    return mark_safe(html)  # noqa: S308 - rendered template output


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
