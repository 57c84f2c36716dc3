"""The search engine's public API.

Index what is public, remove what is not, and search::

    index_object(page, title=page.title, body=page.plain_text())
    remove_object(page)

    hits = search("スマホ 申請", model=CaseStudyPage, limit=20)
    for hit in hits:
        hit.content_type_id, hit.object_id, hit.score, hit.snippet

    # In a list view, combined with the view's own filters and pagination:
    pages, snippets = filter_queryset(CaseStudyPage.objects.live().within_budget(yen), q)
    page_obj = Paginator(pages.filter(...), 20).get_page(n)
    snippets[page.pk]   # "…<mark>スマートフォン</mark>から申請…"

Text given to ``index_object`` is plain text: markup must be stripped by the
caller (it is escaped and shown literally in snippets). Objects need integer
primary keys. For a Wagtail page, pass the specific page (``page.specific``),
or its model's pages will not find it.
"""

import functools
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import connections, models
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.utils.safestring import SafeString

from .analysis import index_terms
from .backends import MAX_RESULTS, Matches, find, find_relaxed
from .models import SearchEntry
from .query import ParsedQuery, parse_query
from .snippets import BODY_CHARS, SnippetMap
from .synonyms import synonym_map, synonym_version

__all__ = [
    "MAX_RESULTS",
    "SearchHit",
    "build_entry",
    "filter_queryset",
    "index_object",
    "parse",
    "remove_object",
    "search",
    "set_public",
]


def _content_type(obj_or_model) -> ContentType:
    model = obj_or_model
    if not isinstance(obj_or_model, type):
        # A Wagtail page loaded as a plain Page still knows its specific class.
        model = getattr(obj_or_model, "specific_class", None) or type(obj_or_model)
    return ContentType.objects.get_for_model(model)


def build_entry(
    obj: models.Model, *, title: str, body: str, public: bool = True, analyse=index_terms
) -> SearchEntry:
    """An unsaved ``SearchEntry`` for ``obj``, its text analysed (for bulk indexing).

    ``public``: anyone may see ``obj`` (``SearchEntry.public``). ``analyse`` is
    ``index_terms`` or a memoised copy of it (a bulk loader whose texts repeat
    analyses each distinct text once).
    """
    if obj.pk is None:
        raise ValueError(f"{obj!r} has no primary key yet; save it before indexing it.")
    title, body = title or "", body or ""
    return SearchEntry(
        content_type=_content_type(obj),
        object_id=int(obj.pk),
        title=title,
        body=body,
        title_terms=analyse(title),
        body_terms=analyse(body),
        public=public,
    )


def index_object(obj: models.Model, *, title: str, body: str, public: bool = True) -> None:
    """Add ``obj`` to the index, or refresh its entry: call it whenever an indexed object
    is saved. ``public``: anyone may see it (False: only some readers)."""
    entry = build_entry(obj, title=title, body=body, public=public)
    SearchEntry.objects.update_or_create(
        content_type=entry.content_type,
        object_id=entry.object_id,
        defaults={
            "title": entry.title,
            "body": entry.body,
            "title_terms": entry.title_terms,
            "body_terms": entry.body_terms,
            "public": entry.public,
        },
    )


def set_public(model: type[models.Model], object_ids, public: bool) -> int:
    """Mark the entries of ``model``'s objects ``object_ids`` (ids or a ``values("pk")``
    queryset) public or not, their text unchanged: what a change of who may see them
    (a board made staff-only) calls. How many entries changed."""
    entries = SearchEntry.objects.filter(
        content_type=_content_type(model), object_id__in=object_ids
    )
    return entries.exclude(public=public).update(public=public)


def remove_object(obj: models.Model) -> None:
    """Take ``obj`` out of the index (unpublished, hidden, deleted); a no-op if it is not there."""
    SearchEntry.objects.filter(content_type=_content_type(obj), object_id=obj.pk).delete()


def parse(query: str) -> ParsedQuery:
    """``query`` analysed, with each word's synonyms from the current ``SynonymGroup`` list.

    Kept per process for each version of the synonyms: the site-wide search reads
    the same query once for each kind of result."""
    return _parse(query, synonym_version())


@functools.lru_cache(maxsize=512)
def _parse(query: str, version: str) -> ParsedQuery:
    return parse_query(query, synonym_map())


@dataclass(frozen=True, eq=False)
class SearchHit:
    """One result. ``snippet`` is HTML-safe and made only when read."""

    content_type_id: int
    object_id: int
    # Higher is better; comparable within one result list, not across backends.
    score: float
    # The title alone matched the whole query; such hits rank first.
    in_title: bool
    entry_id: int = field(repr=False)
    _snippets: SnippetMap = field(repr=False)

    @property
    def snippet(self) -> SafeString:
        return self._snippets[self.entry_id]

    @property
    def coverage(self) -> tuple[int, int] | None:
        """For a relaxed match (no result had every word): (words matched, words)."""
        return self._snippets.coverage.get(self.entry_id)


def _scope(model) -> tuple[int | None, QuerySet | None]:
    if model is None:
        return None, None
    if isinstance(model, QuerySet):
        return _content_type(model.model).pk, model
    if isinstance(model, type) and issubclass(model, models.Model):
        return _content_type(model).pk, None
    raise TypeError(f"model must be a model class or a queryset, not {model!r}")


def search(query: str, *, model=None, limit: int | None = None) -> list[SearchHit]:
    """The objects matching ``query``, best first.

    ``model`` narrows the search to one model class, or to the objects of a
    queryset (a subquery, so the queryset's filters apply: ``live()``, a
    municipality, a budget). ``limit`` caps the hits, and so does
    ``MAX_RESULTS``. Every word of the query must match, each through any of
    its synonyms; a query with no searchable words (``"！？"``) finds nothing.
    Hits whose title matches the whole query come first.
    """
    parsed = parse(query)
    content_type_id, candidates = _scope(model)
    matches = find_best(parsed, content_type_id=content_type_id, candidates=candidates, limit=limit)
    snippets = SnippetMap(
        {match.entry_id: match.entry_id for match in matches},
        parsed,
        _coverage(matches, parsed, key="entry_id"),
    )
    return [
        SearchHit(m.content_type_id, m.object_id, m.score, m.in_title, m.entry_id, snippets)
        for m in matches
    ]


def filter_queryset(
    queryset: QuerySet,
    query: str,
    *,
    limit: int | None = None,
    whole: bool = False,
    public: bool = False,
    recent: int | None = None,
) -> tuple[QuerySet, SnippetMap]:
    """``queryset`` narrowed to the objects matching ``query``, ordered by rank.

    Returns the queryset and a mapping of snippets by pk (made as they are
    read, one query per page of results). The queryset is an ordinary one:
    further ``.filter()`` calls and pagination compose with it, and its
    ``search_rank`` annotation (0 is best) keeps the order. A blank query
    leaves ``queryset`` as it was; a query with no searchable words matches
    nothing. At most ``MAX_RESULTS`` objects are kept; with ``limit``, only the
    best ``limit`` of them, while the snippets' ``total`` still counts them all
    (a preview of the results beside their count).

    ``whole``: the caller's word that ``queryset`` holds exactly the indexed objects
    of its model that the reader may see (all of them, or with ``public`` those anyone
    may see): an unfiltered list. The index is then matched alone, where otherwise each match is looked up in
    the queryset's tables (a common word in the forum: thousands of lookups). The rows
    are still read through ``queryset``, so an entry that is wrong about who may see
    its object can only miscount, never show what the reader may not see.

    ``public``: the caller's word that ``queryset`` holds public objects alone (the
    reader may see no other), so the entries not marked ``public`` are left out
    first (on PostgreSQL by an index of the public entries alone: a reader of the
    forum who may not see staff-only boards).

    ``recent``: a query with many matches among the model's newest so many entries is
    answered by those alone (``backends.find``); the snippets' ``recent`` then says so,
    for the list to tell its reader and offer the rest.
    """
    if not (query or "").strip():
        return queryset, SnippetMap({}, ParsedQuery(None, frozenset(), frozenset()))
    parsed = parse(query)
    matches = find_best(
        parsed,
        content_type_id=_content_type(queryset.model).pk,
        candidates=None if whole else queryset,
        public_only=public,
        limit=limit,
        texts=FIRST_TEXTS if limit is None else min(limit, FIRST_TEXTS),
        text_chars=BODY_CHARS,
        recent=recent,
    )
    if not matches:
        return queryset.none(), SnippetMap({}, parsed, hits=True)
    ids = [match.object_id for match in matches]
    snippets = SnippetMap(
        {match.object_id: match.entry_id for match in matches},
        parsed,
        _coverage(matches, parsed, key="object_id"),
        hits=True,
        total=matches.total,
        texts={m.entry_id: (m.title, m.opening) for m in matches if m.opening is not None},
        recent=matches.recent,
    )
    if connections[queryset.db].vendor == "postgresql":
        # One array parameter, for the filter and for the order: a thousand ids in
        # an IN list and a thousand-branch CASE cost more to build than the search.
        # Only the model's own table and key column are formatted in; ids are a parameter.
        position = f"array_position(%s::bigint[], {_pk_column(queryset)})"
        ranked = queryset.filter(pk__in=RawSQL("SELECT unnest(%s::bigint[])", (ids,))).annotate(
            search_rank=RawSQL(position, (ids,))  # noqa: S611
        )
    else:
        ranks = [When(pk=object_id, then=Value(rank)) for rank, object_id in enumerate(ids)]
        ranked = queryset.filter(pk__in=ids).annotate(
            search_rank=Case(*ranks, output_field=IntegerField())
        )
    return ranked.order_by("search_rank"), snippets


# The best so many results come with the texts their snippets show, read by the search
# itself (``backends.find``'s ``texts``): a list's first page (20 rows), the search
# page's previews (3 per kind), with no query of their own for the snippets. Later
# pages, or another order than the rank's, read theirs as they are shown (SnippetMap).
FIRST_TEXTS = 20

# Fewer entries than this with every word of a query: add those with most of its words,
# for a query of at least NEAR_FROM_WORDS words (a sentence; two words that both
# match something mean both).
FEW = 3
NEAR_FROM_WORDS = 3


def find_best(parsed: ParsedQuery, *, limit: int | None = None, **scope) -> Matches:
    """Entries with every word of the query; when they are few, then those with most
    of its words (``backends.find_relaxed``: a sentence finds what matches most of it).
    At most ``limit``; their ``total`` counts them all. ``scope``: ``find``'s
    ``content_type_id``, ``candidates``, ``public_only``, ``texts``, ``text_chars`` and
    ``recent``."""
    strict = find(parsed, limit=limit, **scope)
    if strict.total >= FEW or (strict and len(parsed.units) < NEAR_FROM_WORDS):
        return strict
    if not strict:
        return find_relaxed(parsed, limit=limit, **scope)
    # Beside what has every word (all of it here: fewer than FEW), what misses only one
    # of them: those with at least that many words are the strict ones and these.
    relaxed = find_relaxed(
        parsed,
        limit=None if limit is None else limit + len(strict),
        least=len(parsed.units) - 1,
        **scope,
    )
    found = {match.entry_id for match in strict}
    best = strict + [match for match in relaxed if match.entry_id not in found]
    return Matches(best[:limit], max(relaxed.total, len(strict)), strict.recent or relaxed.recent)


def _coverage(matches, parsed: ParsedQuery, *, key: str) -> dict[int, tuple[int, int]]:
    """For relaxed matches, by ``key`` (entry_id, object_id): (words matched, words
    in the query)."""
    total = len(parsed.units)
    return {getattr(m, key): (m.matched, total) for m in matches if m.matched}


def _pk_column(queryset) -> str:
    meta = queryset.model._meta
    return f'"{meta.db_table}"."{meta.pk.column}"'
