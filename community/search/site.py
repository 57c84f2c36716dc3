"""The site-wide search: one query across every registered kind (``registry.kinds()``).

Each kind searches through its own list filter set, so a kind's results are
exactly what its own list page shows for the same ``q`` (the reader's
visibility, its ranking, its snippets), and choosing a kind brings that list's
filters (population, budget, region …) to the search page.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.http import HttpRequest, QueryDict

from .registry import Kind, kind_for, kinds
from .snippets import SnippetMap, load_texts
from .synonyms import one_version
from .understanding import Understood, understand

MAX_QUERY_CHARS = 100
# What the search page shows of each kind before one is chosen.
PREVIEW_ITEMS = 3
# The search page's parameter for the chosen kind (``kind`` is a filter of some
# lists already: the kind of municipality).
KIND_PARAM = "type"


@dataclass
class KindResults:
    kind: Kind
    filters: object  # the kind's ListFilterSet
    queryset: QuerySet
    snippets: Mapping
    count: int
    # The queryset is the search's hits in rank order, the snippets' keys (a query,
    # no sort chosen): its first results are the first keys.
    ranked: bool = False
    # The first results, when they were read to count them (fewer than were asked for).
    read: list | None = field(default=None, repr=False)

    @property
    def slug(self) -> str:
        return self.kind.slug

    def first(self, limit: int) -> list:
        """The best ``limit`` results: when ranked, read by the best keys from the kind's
        list before its filters (the search found them among what its filters and the
        reader's view allow), rather than through the ranked queryset, whose filters,
        search and rank Django would compile again for a few rows. Nothing is prefetched:
        a result shows its title, link, snippet and ``describe``, which reads only what
        the list selects along with each row (a question's tags, an event's are not)."""
        if not self.count:
            return []
        if self.read is not None and len(self.read) >= min(limit, self.count):
            return self.read[:limit]
        if self.ranked:
            keys = list(self.snippets)[:limit]
            # In the keys' order, not the list's (which costs Django more to compile than
            # the query takes to run).
            rows = self.filters.queryset.filter(pk__in=keys).prefetch_related(None).order_by()
            found = {obj.pk: obj for obj in rows}
            return [found[key] for key in keys if key in found]
        return list(self.queryset[:limit])


def clean_query(text: str | None) -> str:
    return " ".join((text or "").split())[:MAX_QUERY_CHARS]


def search_kind(
    request: HttpRequest,
    kind: Kind,
    query: str,
    data: QueryDict | None = None,
    understood: Understood | None = None,
    *,
    limit: int | None = None,
):
    """``kind``'s results for ``query`` as ``request.user`` may see them; ``data``
    adds the kind's own filters (from the URL when the reader chose the kind).
    What was ``understood`` (a fiscal year, a zero budget) filters the kinds that
    have those filters, searching the rest of the query; the others search it all.
    ``limit``: only the first so many results are shown (``first``), the count
    still of them all."""
    params = QueryDict(mutable=True)
    if data is not None:
        params = data.copy()
        params.pop("page", None)
    params["q"] = query
    filters = None
    if understood:
        narrowed = params.copy()
        narrowed["q"] = understood.remaining
        for name, value in understood.filters.items():
            narrowed.setdefault(name, value)
        filters = kind.filters(request, narrowed)
        known = {param for name, f in filters.filters.items() for param in f.params(name)}
        if not set(understood.filters) <= known:
            filters = None
    if filters is None:
        filters = kind.filters(request, params)
    if data is None:
        filters.drop_unused()  # a kind not chosen: the page shows none of its filters
    queryset, snippets = filters.results(limit=limit)
    if filters.ranked_by_search and getattr(snippets, "hits", False):
        # The hits are the results: no count query.
        return KindResults(kind, filters, queryset, snippets, snippets.total, ranked=True)
    if limit is not None:
        # Only the first few are shown: read them, and count the rest only if there are
        # more (most kinds find none or a few of a query: the municipalities).
        read = list(queryset[:limit])
        count = len(read) if len(read) < limit else queryset.count()
        return KindResults(kind, filters, queryset, snippets or {}, count, read=read)
    return KindResults(kind, filters, queryset, snippets or {}, queryset.count())


def search_everything(
    request: HttpRequest,
    query: str,
    *,
    chosen: str | None = None,
    understood: Understood | None = None,
    preview: bool = False,
):
    """Every kind's results for ``query``; the ``chosen`` kind also filtered by the URL.
    ``preview``: the kinds not chosen show no more than their count and their first
    ``PREVIEW_ITEMS`` results, so only those are read."""
    with one_version():
        return [
            search_kind(
                request,
                kind,
                query,
                request.GET if kind.slug == chosen else None,
                understood,
                limit=PREVIEW_ITEMS if preview and kind.slug != chosen else None,
            )
            for kind in kinds()
        ]


def items(request: HttpRequest, results: KindResults, objects) -> list[dict]:
    """``item`` of each of ``objects`` (the results shown), their texts read at once."""
    objects = list(objects)
    if isinstance(results.snippets, SnippetMap):
        results.snippets.load(obj.pk for obj in objects)
    return [item(request, results, obj) for obj in objects]


def previews(request: HttpRequest, groups: list[KindResults]) -> list[list[dict]]:
    """Each kind's first ``PREVIEW_ITEMS`` results as ``item``s, the texts of every
    kind's snippets read in one query."""
    shown = [group.first(PREVIEW_ITEMS) for group in groups]
    load_texts(
        (group.snippets, [obj.pk for obj in objects])
        for group, objects in zip(groups, shown, strict=True)
        if isinstance(group.snippets, SnippetMap)
    )
    return [
        [item(request, group, obj) for obj in objects]
        for group, objects in zip(groups, shown, strict=True)
    ]


def item(request: HttpRequest, results: KindResults, obj) -> dict:
    kind = results.kind
    return {
        "kind": kind.slug,
        "kind_label": str(kind.label),
        "title": str(obj),
        "url": kind.url(obj, request),
        "context": kind.describe(obj) if kind.describe else "",
        "snippet": results.snippets.get(obj.pk, "") if results.snippets else "",
        # A relaxed match: (words matched, words in the query).
        "coverage": getattr(results.snippets, "coverage", {}).get(obj.pk),
        "object": obj,
    }


__all__ = [
    "MAX_QUERY_CHARS",
    "KindResults",
    "clean_query",
    "item",
    "items",
    "kind_for",
    "previews",
    "search_everything",
    "search_kind",
    "understand",
]


def record_zero_results(query: str) -> None:
    """Count ``query`` among today's searches with no results (for moderators)."""
    from django.db.models import F
    from django.utils import timezone

    from .models import ZeroResultQuery

    day = timezone.localdate()
    updated = ZeroResultQuery.objects.filter(query=query, day=day).update(count=F("count") + 1)
    if not updated:
        ZeroResultQuery.objects.get_or_create(query=query, day=day)
