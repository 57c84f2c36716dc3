"""What every knowledge page's detail view shows beside its own content."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model

from casestudies.handover.credit import original_owners
from community.municipalities.models import Municipality


@dataclass(frozen=True)
class Credit:
    """Who a page credits: its authors (the member who wrote it first, then the named
    authors) and, once someone else took it over (人事異動), its current contact."""

    authors: list
    contact: object | None = None


def credit_of(page) -> Credit:
    """The page's credit, with each member's municipality (for the badge): three
    queries (named authors, the first handover of the page, the members)."""
    original = original_owners([page.pk]).get(page.pk)
    first = original or page.owner_id
    author_ids = [
        pk for pk in dict.fromkeys([first, *page.authors.values_list("pk", flat=True)]) if pk
    ]
    contact_id = page.owner_id if original and page.owner_id not in author_ids else None
    members = {
        member.pk: member
        for member in get_user_model()
        .objects.filter(pk__in=[*author_ids, contact_id])
        .select_related("staff_municipality")
    }
    return Credit(
        authors=[members[pk] for pk in author_ids if pk in members],
        contact=members.get(contact_id),
    )


def municipality_of(page) -> Municipality:
    """The page's municipality with its prefecture (routing joins both in: no query)."""
    municipality = page._state.fields_cache.get("municipality")
    if municipality is not None and "prefecture" in municipality._state.fields_cache:
        return municipality
    return Municipality.objects.select_related("prefecture").get(pk=page.municipality_id)


def live_related(rows, attribute: str) -> list:
    """The linked pages of ``rows`` (orderables) that are live: drafts never show."""
    return [getattr(row, attribute) for row in rows if getattr(row, attribute).live]


def is_preview(request) -> bool:
    return bool(getattr(request, "is_preview", False))


def knowledge_context(page) -> dict:
    """What every knowledge page's detail shows: its list, municipality, credit
    (authors and current contact), tools, categories and tags (seven queries)."""
    credit = credit_of(page)
    return {
        "index_page": page.get_parent(),
        "municipality": municipality_of(page),
        "authors": credit.authors,
        "contact": credit.contact,
        "tools": list(page.tools.all()),
        "categories": list(page.categories.all()),
        "tags": list(page.tags.all()),
    }
