"""Japanese text → normalised search terms, with SudachiPy.

Both sides of a search go through here: ``index_terms`` when an object is
indexed, ``words`` when a query is read or a snippet is highlighted, so that
申込 in a query meets 申し込み on a page.

The pipeline:

1. NFKC, so full-width ＡＢＣ１２３ and half-width ｽﾏﾎ fold to one form;
2. Sudachi in split mode C, the longest units (電子申請, 住民票);
3. each word's ``normalized_form()`` (申込 → 申し込み, スマートホン →
   スマートフォン), lowercased for latin script (ChatGPT → chatgpt);
4. only words that carry meaning stay: nouns, verbs, adjectives, latin words
   and numbers. Particles, auxiliaries, punctuation, whitespace and the light
   grammatical words in ``STOP_TERMS`` (こと, する, について …) go;
5. a compound also yields its split-mode A parts (電子申請 → 電子, 申請), so a
   query for 申請 finds 電子申請;
6. after all the words, the index also gets each word's reading in hiragana
   (窓口 → まどぐち, 下妻 → しもつま), so a query typed in kana finds the kanji
   word, and each kanji of a longer word on its own (住民税 → 住, 民, 税), so a
   one-kanji query (税) finds the words it is part of. They come after the
   words so that a compound's parts stay next to each other (a phrase).

A term is a run of letters and digits only, which makes it one token for both
SQLite FTS5 and PostgreSQL's text search parser, and leaves nothing in it that
either could read as query syntax.
"""

import re
import threading
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from sudachipy import Dictionary, SplitMode

# Sudachi refuses input over 49,149 bytes (a Japanese character is 3 bytes in
# UTF-8, an emoji 4), so text is analysed in chunks, cut at a line or sentence end.
CHUNK_CHARS = 1000
# Longer texts are indexed up to here; the rest is stored (for snippets) but not searched.
MAX_INDEXED_CHARS = 100_000
MAX_TERM_CHARS = 64

CONTENT_POS = frozenset({"名詞", "動詞", "形容詞", "形状詞"})
# Sub-types of the above that work as grammar: できる, いる, よう (…ように).
FUNCTION_SUBTYPES = frozenset({"非自立可能", "助動詞語幹"})
# Normalised forms that Sudachi tags as content words but that only carry grammar:
# 〜すること, 〜のため, 〜について, 〜における, 〜に関する, 〜を通じて, 〜を行う.
STOP_TERMS = frozenset(
    {"こと", "事", "物", "為", "訳", "所", "時", "うち", "他", "様", "等",
     "つく", "おく", "よる", "関する", "対する", "通じる", "行う"}
)  # fmt: skip

_TERM = re.compile(r"[^\W_]+")
_CHUNK_END = re.compile(r"[\n。．！？!?]")


@dataclass(frozen=True, slots=True)
class Word:
    """One meaningful split-mode C word, with its split-mode A parts if it is a compound.

    ``begin`` and ``end`` are offsets into ``normalise(text)``.
    """

    term: str
    begin: int
    end: int
    parts: tuple["Word", ...] = ()
    # Sudachi's reading in hiragana ("" for latin words and numbers).
    reading: str = ""

    @property
    def terms(self) -> tuple[str, ...]:
        return (self.term, *(part.term for part in self.parts))


class _Analyser:
    """One Sudachi tokenizer per process, used by one thread at a time.

    A tokenizer raises if two threads call it at once, and analysis is fast
    next to a database round trip, so a lock costs less than a tokenizer (and
    its working memory) per thread.
    """

    def __init__(self):
        self._lock = threading.Lock()
        self._tokenizer = None

    def load(self) -> None:
        with self._lock:
            self._load()

    def _load(self) -> None:
        if self._tokenizer is None:
            self._tokenizer = Dictionary(dict="core").tokenizer(mode=SplitMode.C)

    def words(self, text: str, offset: int) -> list[Word]:
        with self._lock:
            self._load()
            found = []
            for morpheme in self._tokenizer.tokenize(text):
                words = _meaningful(morpheme, offset)
                if len(words) == 1:
                    parts = morpheme.split(SplitMode.A)
                    if len(parts) > 1:
                        extra = [
                            part
                            for piece in parts
                            for part in _meaningful(piece, offset)
                            if part.term != words[0].term
                        ]
                        first = words[0]
                        words = [
                            Word(first.term, first.begin, first.end, tuple(extra), first.reading)
                        ]
                found.extend(words)
            return found


# Whether a part of speech is a content word's, by Sudachi's id for it (one dictionary
# per process): asked of every morpheme, and a morpheme's part of speech is a tuple
# of six strings made anew each time it is read.
_CONTENT: dict[int, bool] = {}
# What a term that is not a content word's needs to be kept: a latin letter or a digit
# (``term.isascii()`` of a ``_TERM`` in lower case).
_LATIN = re.compile(r"[0-9a-z]")


def _meaningful(morpheme, offset: int) -> list[Word]:
    kind = morpheme.part_of_speech_id()
    content = _CONTENT.get(kind)
    if content is None:
        pos = morpheme.part_of_speech()
        content = _CONTENT[kind] = pos[0] in CONTENT_POS and pos[1] not in FUNCTION_SUBTYPES
    normalized = morpheme.normalized_form().lower()
    if not content and not _LATIN.search(normalized):
        return []  # a particle, an ending, punctuation: most morphemes
    begin, end = offset + morpheme.begin(), offset + morpheme.end()
    terms = [
        term
        for term in _TERM.findall(normalized)
        if len(term) <= MAX_TERM_CHARS and ((content and term not in STOP_TERMS) or term.isascii())
    ]
    reading = ""
    if len(terms) == 1 and not terms[0].isascii():
        reading = hiragana(morpheme.reading_form())
    return [Word(term, begin, end, reading=reading) for term in terms]


_analyser = _Analyser()


def warm_up() -> None:
    """Load the dictionary now (gunicorn's master, yokoten/warmup.py), so that no
    worker pays for it on its first search."""
    _analyser.load()


_KATAKANA = {code: code - 0x60 for code in range(ord("ァ"), ord("ヶ") + 1)}
_HIRAGANA = {code: code + 0x60 for code in range(ord("ぁ"), ord("ゖ") + 1)}
_KANA = re.compile(r"^[ぁ-ゖァ-ヺー・]+$")
_KANJI = re.compile(r"[々〆\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Readings shorter than this (し, き) match too much to be worth indexing.
MIN_READING_CHARS = 2


def hiragana(text: str) -> str:
    """Katakana as hiragana (シモツマ → しもつま); other characters unchanged."""
    return text.translate(_KATAKANA)


def katakana(text: str) -> str:
    """Hiragana as katakana (しもつま → シモツマ); other characters unchanged."""
    return text.translate(_HIRAGANA)


def is_kana(text: str) -> bool:
    """Whether ``text`` (NFKC) is hiragana or katakana only: a reading someone typed."""
    return bool(_KANA.match(text))


def normalise(text: str) -> str:
    """NFKC: the text that ``Word`` offsets refer to."""
    return unicodedata.normalize("NFKC", text)


def _chunks(text: str, size: int) -> Iterator[tuple[int, str]]:
    start = 0
    while start < len(text):
        end = min(start + size, len(text))
        if end < len(text):
            cuts = [match.end() for match in _CHUNK_END.finditer(text, start + size // 2, end)]
            end = cuts[-1] if cuts else end
        yield start, text[start:end]
        start = end


def words(text: str, *, chunk_chars: int = CHUNK_CHARS) -> Iterator[Word]:
    """The meaningful words of ``text``, lazily, chunk by chunk, in reading order.

    A caller that stops at the first match (the snippet maker) passes a small
    ``chunk_chars`` so that it analyses little more than it reads.
    """
    for start, chunk in _chunks(normalise(text), chunk_chars):
        yield from _analyser.words(chunk, start)


def word_terms(text: str) -> str:
    """Space-separated terms of the words alone: each word, then its compound parts.

    >>> word_terms("電子申請をスマホから申込できます。")
    '電子申請 電子 申請 スマホ 申し込み'
    """
    return " ".join(term for word in words(text[:MAX_INDEXED_CHARS]) for term in word.terms)


def index_terms(text: str) -> str:
    """Space-separated terms for the index: the words as in ``word_terms``, then
    (once each) the readings of the words and their parts, then the single kanji
    of longer words.

    >>> index_terms("住民税を窓口で")
    '住民税 住民 税 窓口 じゅうみんぜい じゅうみん ぜい まどぐち 住 民 窓 口'
    """
    found = list(words(text[:MAX_INDEXED_CHARS]))
    terms = [term for word in found for term in word.terms]
    extra: dict[str, None] = {}
    for word in found:
        for piece in (word, *word.parts):
            if len(piece.reading) >= MIN_READING_CHARS and piece.reading != piece.term:
                extra.setdefault(piece.reading, None)
    for word in found:
        if len(word.term) > 1:
            for character in _KANJI.findall(word.term):
                extra.setdefault(character, None)
    return " ".join([*terms, *(term for term in extra if term not in terms)])
