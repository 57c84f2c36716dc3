"""What already answers a question being asked: the questions, and the case studies
when that kind is registered, that the site-wide search finds for its title, as
the asker may see them. Shown while the title is typed and on the check step of
the question form, so a duplicate is answered by what exists."""

from django.http import HttpRequest

from community.search.site import clean_query, item, kind_for, search_kind, understand

# Kinds shown beside the question form, and how many of each.
KINDS = (("questions", 5), ("cases", 3))
MIN_CHARS = 2


def similar_to(request: HttpRequest, title: str) -> list[dict]:
    """``[{"kind": Kind, "items": [...], "count": n}]`` for ``title``, kinds with results only."""
    query = clean_query(title)
    if len(query) < MIN_CHARS:
        return []
    understood = understand(query)
    groups = []
    for slug, limit in KINDS:
        kind = kind_for(slug)
        if kind is None:
            continue
        results = search_kind(request, kind, query, None, understood or None)
        items = [item(request, results, obj) for obj in results.queryset[:limit]]
        if items:
            groups.append({"kind": kind, "items": items, "count": results.count})
    return groups
