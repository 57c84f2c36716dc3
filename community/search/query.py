"""A user's query as a small boolean tree of analysed terms.

Every word of the query must match (AND); a word matches through any of its
synonyms (OR); a compound matches as itself or as all of its parts, so 電子申請
also finds a page where Sudachi read 電子申請システム as one longer word.

Only terms that came out of the analyser reach the database, each one quoted,
so nothing a user types is read as FTS5 or tsquery syntax, and a query of
punctuation alone becomes no query at all.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from .analysis import words
from .synonyms import Phrase, SynonymMap

MAX_QUERY_CHARS = 1000
MAX_UNITS = 32
MAX_ALTERNATIVES = 16


@dataclass(frozen=True)
class AllOf:
    items: tuple["Node", ...]


@dataclass(frozen=True)
class AnyOf:
    items: tuple["Node", ...]


Node = str | AllOf | AnyOf


def _combine(kind: type[AllOf] | type[AnyOf], items: Iterable[Node]) -> Node:
    flat: dict[Node, None] = {}
    for item in items:
        for piece in item.items if isinstance(item, kind) else (item,):
            flat.setdefault(piece, None)
    return next(iter(flat)) if len(flat) == 1 else kind(tuple(flat))


def _word(term: str, parts: tuple[str, ...]) -> Node:
    return _combine(AnyOf, [term, _combine(AllOf, parts)]) if parts else term


def _phrase(phrase: Phrase) -> Node:
    return _combine(AllOf, [_word(term, parts) for term, parts in phrase])


@dataclass(frozen=True)
class ParsedQuery:
    """The tree, and the terms a snippet should mark."""

    tree: Node | None
    # Whole words of the query and of its synonyms: a snippet centres on the first.
    primary_terms: frozenset[str]
    # Parts of compounds, matched only when the whole word is not there.
    part_terms: frozenset[str]

    def __bool__(self) -> bool:
        return self.tree is not None

    def to_fts5(self, *, column: str | None = None) -> str:
        """FTS5 MATCH syntax; with ``column``, every term must match in that column."""
        expression = _render(self.tree, quote='"{}"'.format, and_=" AND ", or_=" OR ")
        return f"{{{column}}} : ({expression})" if column else expression

    def to_tsquery(self, *, weight: str = "") -> str:
        """``to_tsquery`` syntax; with ``weight`` ("A"), terms match only lexemes of that weight."""
        suffix = f":{weight}" if weight else ""
        return _render(self.tree, quote=lambda term: f"'{term}'{suffix}", and_=" & ", or_=" | ")


def _render(node: Node, *, quote, and_: str, or_: str) -> str:
    if isinstance(node, str):
        return quote(node)
    operator = and_ if isinstance(node, AllOf) else or_
    return (
        "("
        + operator.join(_render(item, quote=quote, and_=and_, or_=or_) for item in node.items)
        + ")"
    )


def parse_query(query: str, synonyms: SynonymMap) -> ParsedQuery:
    """Read ``query`` (at most ``MAX_QUERY_CHARS``) into at most ``MAX_UNITS`` ANDed units.

    Synonym entries of several words (オンライン申請 read as オンライン, 申請)
    are found by the longest run of query words that names one.
    """
    found = list(words((query or "")[:MAX_QUERY_CHARS]))
    longest = max(map(len, synonyms), default=1)
    units: dict[Node, None] = {}
    primary: set[str] = set()
    parts: set[str] = set()
    position = 0
    while position < len(found) and len(units) < MAX_UNITS:
        for size in range(min(longest, len(found) - position), 0, -1):
            key = tuple(word.term for word in found[position : position + size])
            if key in synonyms:
                alternatives = synonyms[key]
                break
        else:
            size, alternatives = 1, ()
        own = tuple(
            (word.term, tuple(part.term for part in word.parts))
            for word in found[position : position + size]
        )
        phrases = list(dict.fromkeys([own, *alternatives]))[:MAX_ALTERNATIVES]
        for phrase in phrases:
            for term, word_parts in phrase:
                primary.add(term)
                parts.update(word_parts)
        units.setdefault(_combine(AnyOf, map(_phrase, phrases)), None)
        position += size
    if not units:
        return ParsedQuery(None, frozenset(), frozenset())
    return ParsedQuery(_combine(AllOf, units), frozenset(primary), frozenset(parts - primary))
