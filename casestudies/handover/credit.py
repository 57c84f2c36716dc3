"""Who is credited for a page after a handover: the member who wrote it stays its
author; whoever holds it now (the page's owner) is shown as its current contact."""

from django.db.models import QuerySet

from .models import Handover


def first_predecessor(page_id: int) -> QuerySet:
    """The member who held the page before anyone took it over (its first handover's
    predecessor), as a one-row queryset of the member's id to read in a subquery."""
    return (
        Handover.pages.through.objects.filter(page_id=page_id)
        .order_by("handover__created_at", "handover_id")
        .values("handover__predecessor_id")[:1]
    )
