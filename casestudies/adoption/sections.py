"""A municipality's page lists what it adopted (横展開) from other municipalities."""

from casestudies.home.routing import load_sites

from .models import Adoption


def adoptions_of(municipality, request) -> dict | None:
    """One query: the municipality's adoptions of live pages, newest first."""
    adoptions = list(
        Adoption.objects.of_live_pages()
        .filter(municipality=municipality, page__view_restrictions__isnull=True)
        .select_related("page")
        .order_by("-adopted_on", "-pk")[:50]
    )
    for adoption in adoptions:
        adoption.kind_label = adoption.page.specific_class._meta.verbose_name
    if adoptions:
        load_sites(request)  # their links: the sites with their root paths in one query
    return {"adoptions": adoptions} if adoptions else None
