"""もしかして: for a query that found nothing, the same query with each unknown word
replaced by the closest word the index itself knows (its titles' words and the
synonym and tool entries), when that finds something: ロゴフォム → ロゴフォーム,
kintne → kintone."""

import difflib
import re
import time
from dataclasses import dataclass, field
from datetime import datetime

from django.core.cache import cache
from django.db.models import Max

from .analysis import normalise, words
from .models import SearchEntry
from .synonyms import synonym_map, synonym_version

CACHE_SECONDS = 60 * 60
# Close enough to be a slip of the keyboard, not another word.
CUTOFF = 0.75
MIN_CHARS = 3
_KANJI_ONLY = re.compile(r"^[\u4e00-\u9fff々]+$")


def _suggestible(term: str) -> bool:
    """Words long enough to misspell, in letters or kana (a wrong kanji is another word)."""
    return len(term) >= MIN_CHARS and not term.isdigit() and not _KANJI_ONLY.match(term)


# The suggestible words of the index's titles, as this process last read them, and
# up to when: ``vocabulary`` then reads only the entries indexed since (a question
# asked, a title edited) rather than every title (a quarter of a second on the scale-1
# bench, 1.4 s on the scale-5 one), which each new entry cost the next search that
# found nothing. Words of entries since removed stay: a suggestion is only made if it
# finds something. Read again in full after ``CACHE_SECONDS``.
TITLES_KEY = "search:vocabulary:titles"


@dataclass
class _Titles:
    words: frozenset[str] = frozenset()
    upto: datetime | None = None  # the newest ``indexed_at`` read
    read_at: float = -CACHE_SECONDS  # time.monotonic() of the last full read
    # The sorted vocabulary made from these words, and the synonyms' version it holds.
    known: list[str] = field(default_factory=list)
    version: str | None = None


_titles = _Titles()


def forget_vocabulary() -> None:
    """Forget this process's vocabulary: the next ``vocabulary`` reads it again (from
    the cache, else every title)."""
    global _titles
    _titles = _Titles()


def _title_words(entries) -> frozenset[str]:
    words: set[str] = set()
    for title_terms in entries.values_list("title_terms", flat=True).iterator():
        words.update(term for term in title_terms.split() if _suggestible(term))
    return frozenset(words)


def vocabulary() -> list[str]:
    """Every suggestible word of the index's titles and of the synonym entries: what
    was read before (this process's, else the cache's), and the titles indexed since."""
    global _titles
    newest = SearchEntry.objects.aggregate(newest=Max("indexed_at"))["newest"]
    titles = _titles
    if time.monotonic() - titles.read_at > CACHE_SECONDS:
        cached = cache.get(TITLES_KEY)
        if cached is None:
            cached = (_title_words(SearchEntry.objects.all()), newest)
            cache.set(TITLES_KEY, cached, CACHE_SECONDS)
        titles = _Titles(*cached, read_at=time.monotonic())
    if newest is not None and (titles.upto is None or newest > titles.upto):
        since = SearchEntry.objects.all()
        if titles.upto is not None:
            since = since.filter(indexed_at__gt=titles.upto)
        titles = _Titles(titles.words | _title_words(since), newest, titles.read_at)
        cache.set(TITLES_KEY, (titles.words, titles.upto), CACHE_SECONDS)
    version = synonym_version()
    if titles.version != version:
        synonyms = {key[0] for key in synonym_map() if len(key) == 1 and _suggestible(key[0])}
        titles.known, titles.version = sorted(titles.words | synonyms), version
    _titles = titles
    return titles.known


def did_you_mean(query: str) -> str:
    """``query`` with its unknown words replaced by the closest known ones; "" if none is close."""
    text = normalise(query or "")
    known = vocabulary()
    known_set = set(known)
    changed = False
    for word in reversed(list(words(text))):
        term = word.term
        if term in known_set or not _suggestible(term):
            continue
        close = difflib.get_close_matches(term, known, n=1, cutoff=CUTOFF)
        if close:
            text = text[: word.begin] + close[0] + text[word.end :]
            changed = True
    return text if changed else ""
