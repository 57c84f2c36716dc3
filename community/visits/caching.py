"""What visits retire from the caches (yokoten/cache_policy.py). Requests and
messages are private and never cached; what the public sees is:

- ``list:visits``: the offers list, and the visits held (the impact page counts them);
- ``municipality:<code>``: a municipality's offers and its visits;
- ``page:<id>``: the page a visit report says the visitors saw.

And, for the host's own eyes only: ``hosting:<municipality id>``, the requests to
visit a municipality (its staff's dashboard), retired by every change of one.
"""

from yokoten.cache_policy import retire

VISITS_LIST = "list:visits"


def retire_offer(offer) -> None:
    retire(VISITS_LIST, f"municipality:{offer.municipality.code}")


def hosting_tag(municipality_id) -> str:
    return f"hosting:{municipality_id}"


def retire_hosting(*municipality_ids) -> None:
    retire(*(hosting_tag(municipality_id) for municipality_id in municipality_ids))


def retire_visit(visit, *pages) -> None:
    """A visit held or reported: both municipalities' pages (a company or a
    resident visits without one) and the pages it saw."""
    places = [visit.offer.municipality, visit.visitor_municipality]
    retire(
        VISITS_LIST,
        *(f"municipality:{place.code}" for place in places if place is not None),
        *(f"page:{page.pk}" for page in pages if page is not None),
    )
