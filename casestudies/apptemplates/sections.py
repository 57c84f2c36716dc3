"""A municipality's page lists the app templates it published."""

from casestudies.home.routing import load_sites


def templates_of(municipality, request):
    from .listing import APP_TEMPLATES

    templates = list(
        APP_TEMPLATES.published()
        .filter(municipality=municipality)
        .order_by("-first_published_at")
        .only("title", "url_path", "summary", "adoption_count", "path", "depth")[:20]
    )
    if templates:
        load_sites(request)  # their links: the sites with their root paths in one query
    return {"templates": templates} if templates else None
