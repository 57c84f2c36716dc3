"""The editable list of government words that mean the same thing.

Synonyms apply when a query is read, never when an object is indexed, so an
edit to a ``SynonymGroup`` changes results at once and needs no reindex.
Each entry goes through the same analyser as the index, so 申込 in a group
meets 申し込み in a page, and a group's entry may be several words
(オンライン申請, 窓口業務).

The map from an entry to its group is built once per process from the groups'
text; the cache holds which text is current (its digest) until a group or a tool
is saved or deleted.
"""

import hashlib
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.apps import apps
from django.core.cache import cache
from django.db import transaction

from .analysis import words

CACHE_KEY = "search:synonyms:version"
# A safety net for edits that bypass the signals (QuerySet.update, raw SQL).
CACHE_SECONDS = 60 * 60

_SEPARATORS = re.compile(r"[\n\r,，、;；=＝]+")

# One word as the query builder needs it: its term and its compound parts.
WordTerms = tuple[str, tuple[str, ...]]
# One way of saying something: one or more words (窓口業務 → 窓口, 業務).
Phrase = tuple[WordTerms, ...]
SynonymMap = dict[tuple[str, ...], tuple[Phrase, ...]]


def split_terms(text: str) -> list[str]:
    """The entries of a group's ``terms``: one a line, or separated by commas (、 too)."""
    seen: dict[str, None] = {}
    for entry in _SEPARATORS.split(text or ""):
        entry = entry.strip()
        if entry:
            seen.setdefault(entry, None)
    return list(seen)


def analyse_phrase(text: str) -> Phrase:
    """An entry as the analyser sees it; empty if nothing in it is searchable (の)."""
    return tuple((word.term, tuple(part.term for part in word.parts)) for word in words(text))


def build_synonym_map(groups: list[str]) -> SynonymMap:
    """For each entry (keyed by its words' terms), every phrase in a group with it.

    An entry in two groups gets both groups' phrases; expansion does not chain
    further than that, so one broad group cannot pull in another's words.
    """
    found: dict[tuple[str, ...], dict[Phrase, None]] = {}
    for terms in groups:
        phrases = list(dict.fromkeys(p for p in map(analyse_phrase, split_terms(terms)) if p))
        if len(phrases) < 2:
            continue
        for phrase in phrases:
            alternatives = found.setdefault(tuple(term for term, _parts in phrase), {})
            alternatives.update(dict.fromkeys(phrases))
    return {key: tuple(alternatives) for key, alternatives in found.items()}


def _current_groups() -> list[str]:
    """The groups' text, then one group per tool: both tables read in one query, as
    plain values (an emptied cache costs this read on the next search: model
    instances made it nearly four times slower: 5.2 against 1.4 ms on the scale-1 bench)."""
    from django.db.models import CharField, IntegerField, Value

    from community.taxonomy.models import Tool

    from .vocabulary import tool_groups

    SynonymGroup = apps.get_model("search", "SynonymGroup")
    blank = Value("", output_field=CharField())
    groups = SynonymGroup.objects.order_by().values_list(
        Value(0, output_field=IntegerField()), "pk", "terms", blank, blank
    )
    tools = Tool.objects.order_by().values_list(
        Value(1, output_field=IntegerField()), "pk", "name", "slug", "name_en"
    )
    rows = sorted(groups.union(tools, all=True), key=lambda row: row[:2])
    return [
        *(terms for table, _pk, terms, _slug, _en in rows if table == 0),
        *tool_groups([(name, slug, name_en) for table, _pk, name, slug, name_en in rows if table]),
    ]


def _digest(groups: list[str]) -> str:
    return hashlib.sha256("\x00".join(groups).encode()).hexdigest()[:32]


# The map built in this process, by the digest of the groups it was built from:
# building one analyses every entry of every group (a tenth of a second), and an
# emptied cache (a restart, an eviction) costs only a read of the groups.
_built: dict[str, SynonymMap] = {}


# The version read once for a block of searches (``one_version``).
_pinned: ContextVar[str | None] = ContextVar("synonym_version_pinned", default=None)


@contextmanager
def one_version() -> Iterator[None]:
    """Inside the block, the groups' version is read once: the site-wide search
    parses its query for each kind of result, and would ask the cache each time."""
    if _pinned.get() is not None:
        yield
        return
    token = _pinned.set(synonym_version())
    try:
        yield
    finally:
        _pinned.reset(token)


def synonym_version() -> str:
    """A name for the current groups: the digest of their text, kept in the cache
    until a group or a tool is saved or deleted."""
    pinned = _pinned.get()
    if pinned is not None and pinned in _built:
        return pinned
    version = cache.get(CACHE_KEY)
    if version is None or version not in _built:
        groups = _current_groups()
        version = _digest(groups)
        if version not in _built:
            _built.clear()  # only the current map is kept
            _built[version] = build_synonym_map(groups)
        cache.set(CACHE_KEY, version, CACHE_SECONDS)
    return version


def synonym_map() -> SynonymMap:
    """The current map: built once per process for each version of the groups."""
    version = synonym_version()
    synonyms = _built.get(version)
    if synonyms is None:  # another thread's version replaced it meanwhile
        groups = _current_groups()
        synonyms = build_synonym_map(groups)
    return synonyms


def invalidate_synonym_map(**kwargs) -> None:
    """Receiver for ``post_save``/``post_delete`` of ``SynonymGroup`` and ``Tool``.

    Forgets the version now, for this transaction's own reads, and again at commit,
    in case another request cached the old one in between. Every process then reads
    the groups again and builds the map if their text changed.
    """
    cache.delete(CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(CACHE_KEY))
