"""The municipality page's "site visits" section: the offers it hosts and the
visit reports written about visits its staff made. Two queries."""

from .models import VisitOffer, VisitReport


def municipality_section(municipality, request) -> dict | None:
    offers = list(VisitOffer.objects.published().hosted_by(municipality))
    reports = list(
        VisitReport.objects.published()
        .by_visitors_from(municipality)
        .select_related("host_municipality__prefecture")[:10]
    )
    if not offers and not reports:
        return None
    return {"municipality": municipality, "offers": offers, "reports": reports}
