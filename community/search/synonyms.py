"""The editable list of government words that mean the same thing.

Synonyms apply when a query is read, never when an object is indexed, so an
edit to a ``SynonymGroup`` changes results at once and needs no reindex.
Each entry goes through the same analyser as the index, so 申込 in a group
meets 申し込み in a page, and a group's entry may be several words
(オンライン申請, 窓口業務).

The map from an entry to its group is built from the database once and kept in
Django's cache until a group is saved or deleted.
"""

import re

from django.apps import apps
from django.core.cache import cache
from django.db import transaction

from .analysis import words

CACHE_KEY = "search:synonyms:v1"
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


def synonym_map() -> SynonymMap:
    """The current map, from the cache or rebuilt from every ``SynonymGroup``."""
    synonyms = cache.get(CACHE_KEY)
    if synonyms is None:
        from .vocabulary import tool_groups

        SynonymGroup = apps.get_model("search", "SynonymGroup")
        groups = list(SynonymGroup.objects.values_list("terms", flat=True))
        synonyms = build_synonym_map([*groups, *tool_groups()])
        cache.set(CACHE_KEY, synonyms, CACHE_SECONDS)
    return synonyms


def invalidate_synonym_map(**kwargs) -> None:
    """Receiver for ``post_save``/``post_delete`` of ``SynonymGroup`` and ``Tool``.

    Forgets the map now, for this transaction's own reads, and again at commit,
    in case another request cached the old list in between.
    """
    cache.delete(CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(CACHE_KEY))
