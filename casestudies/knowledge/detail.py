"""What every knowledge page's detail view shows beside its own content."""

from django.contrib.auth import get_user_model

from community.municipalities.models import Municipality


def authors_of(page) -> list:
    """The page's owner and named authors, with their municipality (for the badge)."""
    author_ids = {pk for pk in [page.owner_id, *page.authors.values_list("pk", flat=True)] if pk}
    return list(
        get_user_model().objects.filter(pk__in=author_ids).select_related("staff_municipality")
    )


def municipality_of(page) -> Municipality:
    return Municipality.objects.select_related("prefecture").get(pk=page.municipality_id)


def live_related(rows, attribute: str) -> list:
    """The linked pages of ``rows`` (orderables) that are live: drafts never show."""
    return [getattr(row, attribute) for row in rows if getattr(row, attribute).live]


def is_preview(request) -> bool:
    return bool(getattr(request, "is_preview", False))


def knowledge_context(page) -> dict:
    """What every knowledge page's detail shows: its list, municipality, authors,
    tools, categories and tags (six queries)."""
    return {
        "index_page": page.get_parent(),
        "municipality": municipality_of(page),
        "authors": authors_of(page),
        "tools": list(page.tools.all()),
        "categories": list(page.categories.all()),
        "tags": list(page.tags.all()),
    }
