"""A user's query as a small boolean tree of analysed terms.

Every word of the query must match (AND); a word matches through any of its
synonyms (OR); a compound matches as itself or as its parts side by side (a
phrase), so 電子申請 also finds a page where Sudachi read 電子申請システム as one
longer word, while 住民票 does not find 住民税の調査票. A run of kana (しもつま,
まどぐち) also matches as a reading, whatever words Sudachi cut it into.

Only terms that came out of the analyser reach the database, each one quoted,
so nothing a user types is read as FTS5 or tsquery syntax, and a query of
punctuation alone becomes no query at all.
"""

import itertools
import math
from collections.abc import Iterable
from dataclasses import dataclass

from .analysis import hiragana, is_kana, normalise, words
from .synonyms import Phrase, SynonymMap

MAX_QUERY_CHARS = 1000
MAX_UNITS = 32
MAX_ALTERNATIVES = 16
# A relaxed match's "any half of the words" as one query: at most this many
# combinations (8 words, any 4: 70), else any word, counted row by row.
MAX_COMBINATIONS = 70


@dataclass(frozen=True)
class AllOf:
    items: tuple["Node", ...]


@dataclass(frozen=True)
class AnyOf:
    items: tuple["Node", ...]


@dataclass(frozen=True)
class Adjacent:
    """Terms next to each other, in order (a compound's parts)."""

    items: tuple[str, ...]


Node = str | AllOf | AnyOf | Adjacent


def _combine(kind: type[AllOf] | type[AnyOf], items: Iterable[Node]) -> Node:
    flat: dict[Node, None] = {}
    for item in items:
        for piece in item.items if isinstance(item, kind) else (item,):
            flat.setdefault(piece, None)
    return next(iter(flat)) if len(flat) == 1 else kind(tuple(flat))


def _word(term: str, parts: tuple[str, ...]) -> Node:
    if not parts:
        return term
    together = parts[0] if len(parts) == 1 else Adjacent(tuple(parts))
    return _combine(AnyOf, [term, together])


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

    @property
    def units(self) -> tuple[Node, ...]:
        """The parts that must all match (a query's words, each with its synonyms)."""
        if self.tree is None:
            return ()
        return self.tree.items if isinstance(self.tree, AllOf) else (self.tree,)

    def to_fts5(self, *, column: str | None = None, node: Node | None = None) -> str:
        """FTS5 MATCH syntax; with ``column``, every term must match in that column."""
        expression = _fts5(self.tree if node is None else node)
        return f"{{{column}}} : ({expression})" if column else expression

    def to_tsquery(self, *, weight: str = "", node: Node | None = None) -> str:
        """``to_tsquery`` syntax; with ``weight`` ("A"), terms match only lexemes of that weight."""
        return _tsquery(self.tree if node is None else node, f":{weight}" if weight else "")

    def any_unit(self) -> "ParsedQuery":
        """The same words, any one of them enough (for relaxed matching)."""
        if len(self.units) < 2:
            return self
        return ParsedQuery(AnyOf(self.units), self.primary_terms, self.part_terms)

    def enough_units(self, least: int) -> "ParsedQuery":
        """The same words, any ``least`` of them together: what a relaxed match needs,
        as one query an index answers (each combination ANDed, the combinations ORed).
        Past ``MAX_COMBINATIONS`` combinations: any one word (``any_unit``)."""
        units = self.units
        if least <= 1 or least > len(units) or math.comb(len(units), least) > MAX_COMBINATIONS:
            return self.any_unit()
        together = [AllOf(combination) for combination in itertools.combinations(units, least)]
        return ParsedQuery(_combine(AnyOf, together), self.primary_terms, self.part_terms)


def _fts5(node: Node) -> str:
    if isinstance(node, str):
        return f'"{node}"'
    if isinstance(node, Adjacent):
        return '"' + " ".join(node.items) + '"'
    operator = " AND " if isinstance(node, AllOf) else " OR "
    return "(" + operator.join(map(_fts5, node.items)) + ")"


def _tsquery(node: Node, suffix: str) -> str:
    if isinstance(node, str):
        return f"'{node}'{suffix}"
    if isinstance(node, Adjacent):
        return "(" + " <-> ".join(f"'{term}'{suffix}" for term in node.items) + ")"
    operator = " & " if isinstance(node, AllOf) else " | "
    return "(" + operator.join(_tsquery(item, suffix) for item in node.items) + ")"


# Words of a question asked as a sentence that say what the reader wants, not what
# about (「…の事例を知りたい」「…する方法を教えて」): not searched for beside other
# words, or a sentence would only find pages that also say 事例 and 方法.
SENTENCE_FILLER = frozenset(
    {"事例", "知る", "教える", "方法", "仕組み", "取り組み", "自分", "分かる", "考える", "探す"}
)


def parse_query(query: str, synonyms: SynonymMap) -> ParsedQuery:
    """``_parse_words`` of the query, each run of kana in it also matching as a reading.

    しもつま finds 下妻 (read しもつま in the index) and まどぐち finds 窓口, although
    Sudachi reads まどぐち as まど + ぐち.
    """
    query = normalise((query or "")[:MAX_QUERY_CHARS])
    kana = [chunk for chunk in query.split() if is_kana(chunk) and len(chunk) > 1]
    rest = " ".join(chunk for chunk in query.split() if chunk not in kana)
    parsed = _parse_words(rest, synonyms)
    units = list(parsed.units)
    primary, parts = set(parsed.primary_terms), set(parsed.part_terms)
    for chunk in dict.fromkeys(kana):
        own = _parse_words(chunk, synonyms)
        reading = hiragana(chunk)
        units.append(_combine(AnyOf, [reading, *(own.units and [_combine(AllOf, own.units)])]))
        primary |= own.primary_terms | {reading}
        parts |= own.part_terms
    if not units:
        return ParsedQuery(None, frozenset(), frozenset())
    units = list(dict.fromkeys(units))[:MAX_UNITS]
    return ParsedQuery(_combine(AllOf, units), frozenset(primary), frozenset(parts - primary))


def _parse_words(query: str, synonyms: SynonymMap) -> ParsedQuery:
    """Read ``query`` (at most ``MAX_QUERY_CHARS``) into at most ``MAX_UNITS`` ANDed units.

    Synonym entries of several words (オンライン申請 read as オンライン, 申請)
    are found by the longest run of query words that names one.
    """
    found = list(words((query or "")[:MAX_QUERY_CHARS]))
    if any(word.term not in SENTENCE_FILLER for word in found):
        found = [word for word in found if word.term not in SENTENCE_FILLER]
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
