"""A municipality's page lists the case studies it published."""

from casestudies.home.routing import load_sites


def case_studies_of(municipality, request):
    from .listing import published_case_studies

    cases = list(
        published_case_studies()
        .filter(municipality=municipality)
        .order_by("-first_published_at")
        .only("title", "url_path", "fiscal_year", "summary", "first_published_at", "path", "depth")[
            :20
        ]
    )
    if cases:
        load_sites(request)  # their links: the sites with their root paths in one query
    return {"cases": cases, "total": len(cases)} if cases else None
