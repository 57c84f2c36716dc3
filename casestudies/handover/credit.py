"""Who is credited for a page after a handover: the member who wrote it stays its
author; whoever holds it now (the page's owner) is shown as its current contact."""

from .models import Handover


def original_owners(page_ids) -> dict[int, int]:
    """The first predecessor of each handed-over page among ``page_ids`` (one query):
    the member who held it before anyone took it over."""
    rows = (
        Handover.pages.through.objects.filter(page_id__in=list(page_ids))
        .order_by("handover__created_at", "handover_id")
        .values_list("page_id", "handover__predecessor_id")
    )
    first: dict[int, int | None] = {}
    for page_id, predecessor_id in rows:
        first.setdefault(page_id, predecessor_id)
    return {page_id: pk for page_id, pk in first.items() if pk}
