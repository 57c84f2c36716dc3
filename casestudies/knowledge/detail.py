"""What every knowledge page's detail view shows beside its own content."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import BigIntegerField, F, OuterRef, Q, QuerySet, Subquery, Value
from wagtail.models import Page

from casestudies.handover.credit import first_predecessor
from community.municipalities.models import Municipality
from community.notices.services import citations_of_item
from community.taxonomy.prefetch import set_terms
from yokoten.one_query import ListsQuery, read_lists, takes_part


@dataclass(frozen=True)
class Credit:
    """Who a page credits: its authors (the member who wrote it first, then the named
    authors) and, once someone else took it over (人事異動), its current contact."""

    authors: list
    contact: object | None = None


def credit_of(page) -> Credit:
    """The page's credit, with each member's municipality (for the badge), in one query."""
    return _credit(page, list(_credited(page)))


def _credited(page) -> QuerySet:
    """The members who are the page's owner, its named authors (in the order they were
    named) or its first predecessor (``first_predecessor``), each row knowing which it
    is. Of a page known by its id alone (its lists' compiled query), the owner is the
    one of its row."""
    authors = page._meta.get_field("authors")
    links = authors.remote_field.through.objects.filter(
        **{f"{authors.m2m_field_name()}_id": page.pk}
    )
    predecessor = first_predecessor(page.pk)
    # The page's id compared as a value: a plain id lookup of a stand-in id (a negative
    # number out of the column's range, yokoten/compiled.py) would match nothing.
    of_page = Page.objects.filter(pk=Value(page.pk, output_field=BigIntegerField()))
    owner = (
        Q(pk=page.owner_id) if page.owner_id is not None else Q(pk__in=of_page.values("owner_id"))
    )
    return (
        get_user_model()
        .objects.filter(owner | Q(pk__in=links.values("user_id")) | Q(pk=Subquery(predecessor)))
        .annotate(
            named_as=Subquery(links.filter(user_id=OuterRef("pk")).values("pk")[:1]),
            original=Subquery(predecessor),
        )
        .select_related("staff_municipality")
        .order_by(F("named_as").asc(nulls_last=True), "pk")
    )


def _credit(page, members: list) -> Credit:
    original = members[0].original if members else None
    first = original or page.owner_id
    by_pk = {member.pk: member for member in members}
    author_ids = [
        pk
        for pk in dict.fromkeys([first, *(m.pk for m in members if m.named_as is not None)])
        if pk in by_pk
    ]
    contact_id = page.owner_id if original and page.owner_id not in author_ids else None
    return Credit(authors=[by_pk[pk] for pk in author_ids], contact=by_pk.get(contact_id))


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


def _page_lists(page, terms: tuple[str, ...], lists) -> dict:
    tagged = page.tagged_items.all()
    if isinstance(tagged, QuerySet):  # else a preview: the tags are held in memory
        tagged = tagged.select_related("tag")
    return {
        "tags": tagged,
        "credited": _credited(page),
        **{name: getattr(page, name).all() for name in terms},
        **({"notice_citations": citations_of_item(page)} if _cites_notices(page) else {}),
        **(lists(page) if lists else {}),
    }


def _cites_notices(page) -> bool:
    return getattr(page, "cites_notices", False)


# (page type, terms, lists) -> its lists' query, compiled once per process
_COMPILED: dict[tuple, ListsQuery] = {}


def read_page_lists(page, terms: tuple[str, ...], lists) -> dict:
    """The page's tags, terms and ``lists(page)`` (its own short lists) in one query,
    compiled once per page type; a preview's, held in memory, as they are."""
    wanted = _page_lists(page, terms, lists)
    if page.pk is None or not all(takes_part(rows) for rows in wanted.values()):
        return read_lists(wanted)
    key = (type(page), terms, lists)
    if key not in _COMPILED:
        model = type(page)
        _COMPILED[key] = ListsQuery(lambda pk: _page_lists(model(pk=pk), terms, lists))
    return _COMPILED[key].read(page.pk)


def knowledge_context(page, terms: tuple[str, ...] = ("tools", "categories"), lists=None) -> dict:
    """What every knowledge page's detail shows: its list, municipality, and in one
    query its credit (authors and current contact), its taxonomy terms
    (``terms``: tools, categories …), its tags, the notices it cites (a page that
    ``cites_notices``) and the page's own short lists (``lists(page)`` ->
    ``{name: queryset}``: a case study's metrics, follow-ups …)."""
    found = read_page_lists(page, terms, lists)
    credit = _credit(page, found.pop("credited"))
    for name in terms:
        if page.pk is not None and takes_part(getattr(page, name).all()):
            set_terms(page, name, found[name])  # page.funding.all() reads no more
    return {
        "index_page": page.get_parent(),
        "municipality": municipality_of(page),
        "authors": credit.authors,
        "contact": credit.contact,
        **found,
        "tags": [item.tag for item in found["tags"]],
    }
