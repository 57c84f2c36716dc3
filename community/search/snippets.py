"""Short, HTML-safe excerpts around the first match, with <mark> on every match.

Every character of the stored text is escaped; only our own <mark> tags are
markup. The excerpt shows the NFKC form of the text (ＡＢＣ as ABC), the form
the analyser's offsets refer to.
"""

import functools
import re
from collections.abc import Hashable, Iterable, Iterator, Mapping

from django.db.models.functions import Left
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .analysis import katakana, normalise, words
from .models import SearchEntry
from .query import ParsedQuery

SNIPPET_CHARS = 120
LEAD_CHARS = 30
# How far into a body to look for a match. Beyond it (or with no match in the
# body: a title-only hit) the snippet is the body's opening. Bounds the cost of
# a page of snippets to a few milliseconds each.
SCAN_CHARS = 2000
SCAN_CHUNK_CHARS = 250
ELLIPSIS = "…"
# A page of results is this many consecutive ranks; its texts load in one query.
BATCH = 50
# What a snippet can show of a body lies in its first SCAN_CHARS + SNIPPET_CHARS
# characters once NFKC-normalised; normalising shrinks a text by at most 3 to 1
# (a Hangul syllable from its jamo), so no more of it is read.
BODY_CHARS = 3 * (SCAN_CHARS + SNIPPET_CHARS)

_SPACE = re.compile(r"\s+")


def _written_match(text: str, query: ParsedQuery) -> int | None:
    """Where a word of the query (or its synonym, or a kana reading of one, in hiragana
    or katakana) first appears as written, case aside: found without analysing the
    text, so only a guess, which ``highlight`` then confirms (ai inside mail is not AI)."""
    pattern = _written_forms(query.primary_terms)
    match = pattern.search(text, 0, SCAN_CHARS) if pattern else None
    return match.start() if match else None


@functools.lru_cache(maxsize=256)
def _written_forms(terms: frozenset[str]) -> re.Pattern | None:
    forms = {form for term in terms for form in (term, katakana(term))}
    if not forms:
        return None
    alternatives = sorted(forms, key=lambda form: (-len(form), form))
    return re.compile("|".join(map(re.escape, alternatives)), re.IGNORECASE)


def _first_match(text: str, query: ParsedQuery) -> int | None:
    """Where a word of the query (or its synonym) first appears, whole or inside a compound;
    failing that, where a part of one of the query's compounds does."""
    fallback = None
    for word in words(text[:SCAN_CHARS], chunk_chars=SCAN_CHUNK_CHARS):
        pieces = (word, *word.parts)
        found = next(
            (
                piece.begin
                for piece in pieces
                if piece.term in query.primary_terms or piece.reading in query.primary_terms
            ),
            None,
        )
        if found is not None:
            return found
        if fallback is None:
            fallback = next(
                (piece.begin for piece in pieces if piece.term in query.part_terms), None
            )
    return fallback


def _marked_spans(text: str, query: ParsedQuery) -> list[tuple[int, int]]:
    wanted = query.primary_terms | query.part_terms
    spans: list[tuple[int, int]] = []
    for word in words(text):
        if word.term in wanted or (word.reading and word.reading in wanted):
            found = [(word.begin, word.end)]
        else:
            found = [
                (part.begin, part.end)
                for part in word.parts
                if part.term in wanted or (part.reading and part.reading in wanted)
            ]
        for begin, end in found:
            if spans and begin <= spans[-1][1]:
                spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
            else:
                spans.append((begin, end))
    return spans


def _plain(text: str) -> str:
    return escape(_SPACE.sub(" ", text))


def highlight(text: str, query: ParsedQuery) -> SafeString:
    """All of ``text``, escaped, with every match of ``query`` in <mark>."""
    text = normalise(text)
    pieces, position = [], 0
    for begin, end in _marked_spans(text, query):
        pieces.append(_plain(text[position:begin]))
        pieces.append(f"<mark>{_plain(text[begin:end])}</mark>")
        position = end
    pieces.append(_plain(text[position:]))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece of text above is escaped.


def make_snippet(title: str, body: str, query: ParsedQuery) -> SafeString:
    """About ``SNIPPET_CHARS`` of the body around its first match.

    Without a match near the start of the body: the body's opening, unmarked;
    with no body at all: the title, marked.
    """
    text = normalise(body).strip()
    if not text:
        return highlight(title, query)
    # Where a word of the query is written as such, most often; else word by word (申込
    # for 申し込み, 下妻 for しもつま), which analyses the text up to the match.
    found = _written_match(text, query)
    if found is not None:
        start, end = _window(text, found)
        excerpt = highlight(text[start:end], query)
        if "<mark>" not in excerpt:
            found = None
    if found is None:
        found = _first_match(text, query)
        start, end = _window(text, found)
        excerpt = _plain(text[start:end]) if found is None else highlight(text[start:end], query)
    before = ELLIPSIS if start > 0 else ""
    after = ELLIPSIS if end < len(text) else ""
    return mark_safe(f"{before}{excerpt.strip()}{after}")  # noqa: S308 - excerpt is escaped.


def _window(text: str, found: int | None) -> tuple[int, int]:
    """The ``SNIPPET_CHARS`` of ``text`` shown for a match at ``found``: from a little
    before it, or the opening of the text."""
    start = 0 if found is None else max(0, found - LEAD_CHARS)
    end = min(len(text), start + SNIPPET_CHARS)
    return max(0, end - SNIPPET_CHARS), end


class SnippetMap(Mapping):
    """Snippets by key (an object's pk, or an entry's id), made when first read.

    Keys are in rank order. Reading one loads the stored text of it and the
    next ``BATCH - 1`` unread ranks in one query, so rendering a page of
    results costs one query, however many results there are.

    ``texts``: the texts the search read with its first ranks (``find``'s ``texts``):
    those snippets need no query at all.

    ``hits`` says the keys are the search's results themselves (``filter_queryset``
    with a query), so their order is the rank and ``total`` the results' count (more
    than the keys when only the best few were asked for). ``recent``: the search kept
    to the newest so many entries (``backends.find``), None when it searched them all.
    """

    def __init__(
        self,
        entry_ids: dict[Hashable, int],
        query: ParsedQuery,
        coverage: dict[Hashable, tuple[int, int]] | None = None,
        *,
        hits: bool = False,
        total: int | None = None,
        texts: dict[int, tuple[str, str]] | None = None,
        recent: int | None = None,
    ):
        self.hits = hits
        self.recent = recent
        self.total = len(entry_ids) if total is None else total
        # A relaxed match's (words matched, words in the query), by key.
        self.coverage = coverage or {}
        self._entry_ids = entry_ids
        self._query = query
        self._keys = list(entry_ids)
        self._rank = {key: rank for rank, key in enumerate(self._keys)}
        # (title, opening) by entry id: read by the search for its first ranks (``texts``),
        # else loaded as they are shown.
        self._texts: dict[int, tuple[str, str]] = dict(texts or {})
        self._made: dict[Hashable, SafeString] = {}

    def __getitem__(self, key: Hashable) -> SafeString:
        if key not in self._made:
            entry_id = self._entry_ids[key]
            if entry_id not in self._texts:
                self._load(self._rank[key])
            title, body = self._texts.pop(entry_id, ("", ""))
            self._made[key] = make_snippet(title, body, self._query)
        return self._made[key]

    def _load(self, rank: int) -> None:
        self.load(self._keys[rank : rank + BATCH])

    def load(self, keys: Iterable[Hashable]) -> None:
        """Read the texts of ``keys`` (the results about to be shown) in one query,
        so that reading their snippets reads no more."""
        load_texts([(self, keys)])

    def _unread(self, keys: Iterable[Hashable]) -> list[int]:
        """The entries of ``keys`` whose snippets are neither made nor loaded."""
        return [
            self._entry_ids[key]
            for key in keys
            if key in self._entry_ids
            and key not in self._made
            and self._entry_ids[key] not in self._texts
        ]

    def __iter__(self) -> Iterator[Hashable]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


def load_texts(shown: Iterable[tuple[SnippetMap, Iterable[Hashable]]]) -> None:
    """Read the texts of the results about to be shown, of one list of results or of
    several (each ``(snippets, keys)``), in one query: the opening of each body that a
    snippet can show."""
    readers: dict[int, list[SnippetMap]] = {}
    for snippets, keys in shown:
        for entry_id in snippets._unread(keys):
            readers.setdefault(entry_id, []).append(snippets)
    if not readers:
        return
    entries = SearchEntry.objects.filter(pk__in=list(readers)).annotate(
        opening=Left("body", BODY_CHARS)
    )
    for pk, title, body in entries.values_list("pk", "title", "opening"):
        for snippets in readers[pk]:
            snippets._texts[pk] = (title, body)
