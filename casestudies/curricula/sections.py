"""A municipality's page lists the training curricula it published."""

from casestudies.home.routing import load_sites


def curricula_of(municipality, request):
    from .listing import CURRICULA

    curricula = list(
        CURRICULA.published()
        .filter(municipality=municipality)
        .order_by("-first_published_at")
        .only(
            "title", "url_path", "summary", "level", "audience", "total_minutes", "path", "depth"
        )[:20]
    )
    if curricula:
        load_sites(request)  # their links: the sites with their root paths in one query
    return {"curricula": curricula} if curricula else None
