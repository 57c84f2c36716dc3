"""What a write retires from the caches: the whole policy in one place.

Pages are cached whole (anonymous visitors: ``page_cache.py``; members sharing a
copy with their audience: ``member_cache.py``) and a few parts are cached on their
own (facet counts, a member's row and unread count). Each entry is filed under
**tags**, names for the data it shows:

=======================  =====================================================
``page:<id>``            one Wagtail page (a case study, template, curriculum …)
``list:<name>``          a list with its facets, search and feeds
                         (``list:cases.casestudypage``, ``list:forum`` …)
``question:<id>``        one forum question with its answers and comments
``municipality:<code>``  one municipality's page
``home``, ``impact``     the home page, the impact page
``member:<id>``          one member's cached row, permissions, unread count, menu
``everything``           every entry (a municipality import, a tool renamed)
=======================  =====================================================

Reading: a view says what it shows, ``shows(request, "question:12", "list:forum")``.
A cached page that named nothing is filed under ``any``, which every write
retires, so forgetting to name tags costs speed, never freshness.

Writing: the code that changes data says what changed, ``retire("question:12",
"list:forum")``, in its service (or a Wagtail publishing hook,
``yokoten/apps.py`` → :func:`retire_page`). The retirement runs at once and again
when the transaction commits (``transaction.on_commit``), so no reader can cache
the old rows under the new state. A bare ``QuerySet.update()`` is seen by nobody: the
service that makes one calls ``retire`` itself. Domains own their tags: the
forum's are in ``community/forum/caching.py``, the visits' in
``community/visits/caching.py``, the members' in ``community/accounts/caching.py``,
the knowledge pages' in ``KnowledgePage.retires_on_publish``.

How: each tag has a *retired at* time in the cache. A cached page keeps the tags
it was filed under and the time its render started, and is served only while
none of them was retired since (checked with one ``get_many`` per hit). A render
that started before a write committed is therefore never served after it. A
fragment is keyed on :func:`version` of its tags (read before its data); or, to read
several entries and their tags' times in one round trip, stored with those times
(:func:`fetch_many`: a member's row, the dashboard's blocks).
A tag whose time is missing when a page is served (evicted; Redis restarts and
outages empty the whole cache, yokoten/cache.py) counts as retired just now.
Tags' times never expire and are read on every hit, so an LRU keeps them.
With several web servers, set ``YOKOTEN_CACHE_CLOCK_MARGIN`` to more than their
clocks may differ (NTP keeps them within milliseconds): a render must start that
long after a retirement to be served.
"""

import time

from asgiref.local import Local
from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import transaction

ANY = "any"
EVERYTHING = "everything"
PREFIX = "retired:"
TAGS_ATTRIBUTE = "_yokoten_cache_tags"


def shows(request, *tags: str) -> None:
    """The page being rendered for ``request`` shows the data of ``tags``."""
    declared = getattr(request, TAGS_ATTRIBUTE, None)
    if declared is None:
        declared = set()
        setattr(request, TAGS_ATTRIBUTE, declared)
    declared.update(tags)


def tags_of(request) -> frozenset[str]:
    """The tags a page rendered for ``request`` is filed under."""
    return frozenset(getattr(request, TAGS_ATTRIBUTE, None) or (ANY,)) | {EVERYTHING}


def retire(*tags: str) -> None:
    """Entries filed under any of ``tags`` (and every page that named no tags) stop
    being served: at once (this connection already reads the write) and again when
    the transaction commits (a render that read the old rows meanwhile is not served)."""
    names = {*tags, ANY}
    if transaction.get_connection().in_atomic_block:
        _retire_now(names)
    transaction.on_commit(lambda: _retire_now(names))


def retire_everything() -> None:
    retire(EVERYTHING)


# A web request reads a tag's time once (a member's row, permissions, unread count
# and menu all carry ``member:<id>``), and entries it said it would read (``want``)
# with its first read; a retirement in the request forgets both.
_request = Local()


def _request_started(**kwargs) -> None:
    _request.seen = {}
    _request.wanted = set()
    _request.ahead = {}  # key -> value, or None: read ahead and missing
    _request.for_member = []


def _request_finished(**kwargs) -> None:
    _request.seen = _request.wanted = _request.ahead = _request.for_member = None


request_started.connect(_request_started, dispatch_uid="cache_policy.request_started")
request_finished.connect(_request_finished, dispatch_uid="cache_policy.request_finished")


def _retire_now(names) -> None:
    now = time.time()
    cache.set_many({PREFIX + name: now for name in names}, timeout=None)
    if getattr(_request, "seen", None):
        _request.seen.clear()
    if getattr(_request, "ahead", None):
        _request.ahead.clear()


def _retired_at(tags, *, remember: bool = False, missing_means_now: bool = True) -> dict:
    """Each tag's retirement time. A tag with no time yet gets one: "now" for an
    entry being served (its tag's time was lost: count it as retired), or, for a
    tag read before its data, a time unique to this start that precedes every real
    one (minus the wall clock: it retires nothing, yet changes fragment keys)."""
    keys = [PREFIX + tag for tag in tags]
    seen = getattr(_request, "seen", None) if remember else None
    if seen is not None and all(key in seen for key in keys):
        return {key: seen[key] for key in keys}
    found = cache.get_many(keys)
    missing = [key for key in keys if key not in found]
    if missing:
        now = time.time()
        first = now if missing_means_now else -now
        for key in missing:
            if not cache.add(key, first, timeout=None):
                found[key] = cache.get(key, first)  # another request was first
            else:
                found[key] = first
    if seen is not None:
        seen.update(found)
    return found


def file_under(tags, started: float) -> None:
    """Before storing an entry rendered from ``started`` on: every tag must have a
    time, or the entry's next read would count it as retired."""
    _retired_at(tags, missing_means_now=False)


def still_fresh(tags, started: float, *, known: dict | None = None) -> bool:
    """Whether an entry rendered from ``started`` on, filed under ``tags``, may be served.
    ``known``: tags' times already read with the entry (:func:`time_keys`)."""
    margin = settings.YOKOTEN_CACHE_CLOCK_MARGIN
    if known is not None and all(PREFIX + tag in known for tag in tags):
        times = [known[PREFIX + tag] for tag in tags]
    else:
        times = _retired_at(tags).values()
    return all(at + margin < started for at in times)


def time_keys(tags) -> list[str]:
    """The cache keys of ``tags``' times, to read in the same round trip as an entry
    filed under them (pass what was found to :func:`still_fresh` as ``known``)."""
    return [PREFIX + tag for tag in tags]


def version(*tags: str) -> str:
    """A key part that changes whenever one of ``tags`` (or everything) is retired:
    read it before reading the data the fragment shows."""
    names = (*tags, EVERYTHING)
    return _stamp(names, _retired_at(names, remember=True, missing_means_now=False))


def _stamp(names, found: dict) -> str:
    return "-".join(f"{found[PREFIX + tag]:.6f}" for tag in names)


def fetch_many(entries: dict, *, timeout: float) -> dict:
    """``{key: (tags, compute)}`` -> ``{key: value}``: each value stored under ``key``
    while none of its ``tags`` (nor everything) was retired since it was computed,
    else ``compute()``, stored. One round trip reads every entry with its tags' times
    (times this request already read are not read again); the times are read before
    any data is, so a value computed meanwhile is never stored as newer than it is."""
    names = {key: (*tags, EVERYTHING) for key, (tags, _compute) in entries.items()}
    keys = {PREFIX + tag for tags in names.values() for tag in tags}
    seen = getattr(_request, "seen", None)
    known = {key: seen[key] for key in keys if key in seen} if seen is not None else {}
    # Read ahead with the session (read_with_member): no round trip of their own.
    already = getattr(_request, "ahead", None) or {}
    unread = [key for key in (*entries, *(keys - known.keys())) if key not in already]
    ahead = _read_ahead(keys | entries.keys())
    found = cache.get_many([*unread, *ahead]) if unread or ahead else {}
    if ahead:
        _request.ahead.update({key: found.pop(key, None) for key in ahead})
    for key in (*entries, *keys):
        if key not in found and already.get(key) is not None:
            found[key] = already[key]
    times = {key: found.pop(key) for key in keys if key in found} | known
    if len(times) < len(keys):  # a tag with no time yet: as version() gives it one
        times |= _retired_at(
            [key[len(PREFIX) :] for key in keys - times.keys()], missing_means_now=False
        )
    if seen is not None:
        seen.update(times)
    values, missed = {}, {}
    for key, (_tags, compute) in entries.items():
        stamp = _stamp(names[key], times)
        entry = found.get(key)
        if entry is not None and entry[0] == stamp:
            values[key] = entry[1]
        else:
            values[key] = compute()
            missed[key] = (stamp, values[key])
    if missed:
        cache.set_many(missed, timeout)
    return values


# Keys a signed-in request reads first, by member id: read with the member's session
# (community/accounts/sessions.py), in the same round trip.
_FOR_EVERY_MEMBER: list = []


def read_with_member(keys_for) -> None:
    """``keys_for(member_id)``: entries (with :func:`time_keys` of their tags) every
    signed-in request reads, to read with the session (the member's row)."""
    _FOR_EVERY_MEMBER.append(keys_for)


def want_for_member(keys_for) -> None:
    """As :func:`read_with_member`, for this request alone (the page kept for the member):
    call it before the session is read."""
    if getattr(_request, "for_member", None) is not None:
        _request.for_member.append(keys_for)


def member_reads(member_id) -> list[str]:
    """The keys to read with the session of ``member_id`` (none outside a request)."""
    if getattr(_request, "for_member", None) is None:
        return []
    return [
        key
        for keys_for in (*_FOR_EVERY_MEMBER, *_request.for_member)
        for key in keys_for(member_id)
    ]


def give_times(keys, found: dict) -> None:
    """Before reading from the database the data of entries whose ``keys`` were read
    (``found``): the times of their tags (the ``time_keys`` among ``keys``) that the
    read did not find are given one now and put in ``found``, as :func:`fetch_many`
    gives them before it computes, so that nothing read next is stored as newer than it is."""
    missing = [key[len(PREFIX) :] for key in keys if key.startswith(PREFIX) and key not in found]
    if missing:
        found.update(_retired_at(missing, missing_means_now=False))


def read_ahead(keys, found: dict) -> None:
    """``keys`` were read (``found``: those present): this request's later reads use them."""
    if getattr(_request, "ahead", None) is not None:
        _request.ahead.update({key: found.get(key) for key in keys})


def want(*keys: str) -> None:
    """This request will read ``keys`` (with :func:`read_many`): the request's next
    :func:`fetch_many` reads them in its own round trip (a member's row and the page
    kept for them, together)."""
    if getattr(_request, "wanted", None) is not None:
        _request.wanted.update(keys)


def _read_ahead(reading) -> list[str]:
    """The wanted keys a read of ``reading`` takes along (each once)."""
    wanted = getattr(_request, "wanted", None)
    if not wanted:
        return []
    ahead = [key for key in wanted if key not in reading and key not in _request.ahead]
    wanted.clear()
    return ahead


def read_many(keys, *, ahead_only: bool = False) -> dict:
    """``cache.get_many(keys)``, reading only the keys not read ahead (:func:`want`)
    nor, for tags' times, already read by this request (``ahead_only``: none)."""
    ahead = getattr(_request, "ahead", None) or {}
    seen = getattr(_request, "seen", None) or {}
    found, rest = {}, []
    for key in keys:
        if key in ahead:
            if ahead[key] is not None:
                found[key] = ahead[key]
        elif key in seen:
            found[key] = seen[key]
        else:
            rest.append(key)
    return found | (cache.get_many(rest) if rest and not ahead_only else {})


def fetch(key: str, tags, compute, *, timeout: float):
    """One entry of :func:`fetch_many`."""
    return fetch_many({key: (tags, compute)}, timeout=timeout)[key]


def now() -> float:
    return time.time()


# --- Wagtail pages ---------------------------------------------------------------
# A page is filed under ``page:<id>`` and whatever its ``cache_tags()`` adds (an index
# page: its list). Publishing, unpublishing, moving or deleting it retires ``page:<id>``
# and whatever its ``retires_on_publish()`` names (a knowledge page: its list, its
# municipality's page, the impact page).


def page_tags(page) -> tuple[str, ...]:
    extra = getattr(page, "cache_tags", None)
    return (f"page:{page.pk}", *(extra() if extra else ()))


def retire_page(page) -> None:
    page = getattr(page, "specific_deferred", page)
    extra = getattr(page, "retires_on_publish", None)
    retire(f"page:{page.pk}", *(extra() if extra else ()))


def _page_changed(sender, instance, **kwargs):
    retire_page(instance)


def _page_deleted(sender, instance, **kwargs):
    from wagtail.models import Page

    if isinstance(instance, Page) and type(instance) is not Page:
        retire_page(instance)


def _page_moved(sender, instance, **kwargs):
    retire_page(instance)
    retire_everything()  # its URL changed: every link to it


def connect_wagtail() -> None:
    """Called from YokotenConfig.ready()."""
    from django.db.models.signals import post_delete
    from wagtail.signals import page_published, page_unpublished, post_page_move

    page_published.connect(_page_changed, dispatch_uid="cache_policy.published")
    page_unpublished.connect(_page_changed, dispatch_uid="cache_policy.unpublished")
    post_delete.connect(_page_deleted, dispatch_uid="cache_policy.page_deleted")
    post_page_move.connect(_page_moved, dispatch_uid="cache_policy.page_moved")
