"""A municipality's page lists the training curricula it published."""


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
    return {"curricula": curricula} if curricula else None
