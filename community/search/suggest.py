"""もしかして: for a query that found nothing, the same query with each unknown word
replaced by the closest word the index itself knows (its titles' words and the
synonym and tool entries), when that finds something: ロゴフォム → ロゴフォーム,
kintne → kintone."""

import difflib
import re

from django.core.cache import cache
from django.db.models import Count, Max

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


# The vocabulary this process read last, by the index's state (``vocabulary``): reading
# it anew reads every title of the index (a quarter of a second on the scale-1 bench),
# which an emptied cache (a restart, an eviction) would otherwise cost the next search
# that finds nothing, in every process.
_read: dict[str, list[str]] = {}


def vocabulary() -> list[str]:
    """Every suggestible word of the index's titles and of the synonym entries, cached
    (and kept by each process) until an entry is added or removed."""
    state = SearchEntry.objects.aggregate(count=Count("pk"), last=Max("pk"))
    key = f"search:vocabulary:{state['count']}:{state['last']}:{synonym_version()}"
    known = _read.get(key)
    if known is None:
        known = cache.get(key)
    if known is None:
        terms: set[str] = set()
        for title_terms in SearchEntry.objects.values_list("title_terms", flat=True).iterator():
            terms.update(title_terms.split())
        terms.update(key[0] for key in synonym_map() if len(key) == 1)
        known = sorted(term for term in terms if _suggestible(term))
        cache.set(key, known, CACHE_SECONDS)
    _read.clear()  # only the current vocabulary is kept
    _read[key] = known
    return known


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
