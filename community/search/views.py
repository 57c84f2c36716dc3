from urllib.parse import quote

from django.shortcuts import render
from django.utils.translation import gettext as _

from yokoten.pagination import paginate

from .index import search
from .site import (
    KIND_PARAM,
    clean_query,
    items,
    kind_for,
    previews,
    record_zero_results,
    search_everything,
    understand,
)
from .suggest import did_you_mean

PER_PAGE = 20


def suggestion_for(query: str) -> str:
    """もしかして: the query with its unknown words corrected, if that finds something."""
    suggestion = did_you_mean(query)
    return suggestion if suggestion and search(suggestion, limit=1) else ""


def site_search(request):
    """/search/?q=…: counts per kind and the best few of each; with ``type``,
    that kind's results page by page, with its own filters."""
    query = clean_query(request.GET.get("q"))
    chosen = request.GET.get(KIND_PARAM) or ""
    problem = ""
    if chosen and kind_for(chosen) is None:
        problem = _("“%(kind)s” is not a kind of result; showing every kind.") % {"kind": chosen}
        chosen = ""
    context = {"query": query, "chosen": chosen, "problem": problem, "groups": [], "page": None}
    if query:
        # ?literal=1: the reader undid what was understood; search the words as typed.
        understood = None if request.GET.get("literal") else understand(query)
        context["understood"] = understood
        undo = request.GET.copy()
        undo.pop("page", None)
        undo["literal"] = "1"
        context["undo_url"] = f"?{undo.urlencode()}"
        context["query_encoded"] = quote(query)
        groups = search_everything(
            request, query, chosen=chosen or None, understood=understood or None, preview=True
        )
        context["groups"] = groups
        context["total"] = sum(group.count for group in groups)
        if not context["total"] and not chosen and request.GET.get("page") is None:
            record_zero_results(query)
        if not context["total"]:
            context["suggestion"] = suggestion_for(query)
        if chosen:
            current = next(group for group in groups if group.slug == chosen)
            page, page_query = paginate(request, current.queryset, per_page=PER_PAGE)
            context.update(
                current=current,
                filters=current.filters,
                form=current.filters.form,
                page=page,
                query_string=page_query,
                # A kind whose search kept to its newest entries (the forum's) offers
                # the rest by its list's ``older`` filter.
                older_url=current.filters.query_with(older="1"),
                items=items(request, current, page.object_list),
            )
        else:
            for group, shown in zip(groups, previews(request, groups), strict=True):
                group.items = shown
    return render(request, "search/results.html", context)
