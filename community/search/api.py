"""/api/v1/search: the site-wide search for the open API (what a visitor may see)."""

from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import ValidationError

from yokoten.openapi import MAX_PAGE, ValidationErrorOut

from .registry import kinds
from .site import MAX_QUERY_CHARS, PREVIEW_ITEMS, clean_query, kind_for, previews, search_everything
from .site import items as items_of

router = Router(tags=["search"])
PAGE_SIZE = 20


class KindCount(Schema):
    kind: str = Field(description="The kind's slug: cases, templates, curricula, questions …")
    label: str = Field(description="The kind's name in the request's language")
    count: int = Field(description="Results of this kind")


class SearchItemOut(Schema):
    kind: str
    title: str
    url: str
    context: str = Field(description="Whose it is: the municipality, the board")
    snippet: str = Field(description="HTML: escaped text around the match, matches in <mark>")
    matched_words: int | None = Field(
        None, description="When no result has every word: how many of the query's words matched"
    )
    query_words: int | None = Field(None, description="How many words the query has")


class SearchOut(Schema):
    query: str
    kind: str | None = Field(description="The kind asked for, or null for every kind")
    counts: list[KindCount]
    count: int = Field(description="Results of the kind asked for, or of every kind")
    page: int
    items: list[SearchItemOut] = Field(
        description=(
            "With kind: one page of that kind's results, best first. Without: the best "
            f"{PREVIEW_ITEMS} of each kind, kind by kind."
        )
    )


class SearchParams(Schema):
    q: str = Field(..., min_length=1, max_length=MAX_QUERY_CHARS, description="What to look for")
    kind: str | None = Field(None, max_length=40, description="Only this kind (see counts)")
    page: int = Field(1, ge=1, le=MAX_PAGE, description="Page number, from 1 (with kind)")


@router.get(
    "/search",
    response={200: SearchOut, 422: ValidationErrorOut},
    summary="Search case studies, templates, curricula, questions, visit offers and municipalities",
)
def site_search(request: HttpRequest, params: Query[SearchParams]):
    query = clean_query(params.q)
    if not query:
        raise ValidationError(
            [{"type": "blank", "loc": ["query", "q"], "msg": "the query has no words"}]
        )
    if params.kind and kind_for(params.kind) is None:
        known = ", ".join(kind.slug for kind in kinds())
        message = f"“{params.kind}” is not a kind; one of {known}"
        raise ValidationError(
            [{"type": "invalid_choice", "loc": ["query", "kind"], "msg": message}]
        )
    request.user = AnonymousUser()  # the open API lists what a visitor may see
    # With a kind: that kind's pages (and every kind's count); else the first few of each.
    groups = search_everything(request, query, preview=not params.kind)
    counts = [{"kind": g.slug, "label": str(g.kind.label), "count": g.count} for g in groups]
    if params.kind:
        chosen = next(group for group in groups if group.slug == params.kind)
        page = Paginator(chosen.queryset, PAGE_SIZE).get_page(params.page)
        objects = page.object_list if params.page <= page.paginator.num_pages else []
        items = items_of(request, chosen, objects)
        total = chosen.count
    else:
        items = [found for shown in previews(request, groups) for found in shown]
        total = sum(group.count for group in groups)
    for found in items:
        found["snippet"] = str(found["snippet"])
        if found["coverage"]:
            found["matched_words"], found["query_words"] = found["coverage"]
    return {
        "query": query,
        "kind": params.kind or None,
        "counts": counts,
        "count": total,
        "page": params.page,
        "items": items,
    }
