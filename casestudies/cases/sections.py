"""A municipality's page lists the case studies it published."""

from casestudies.knowledge.sections import published_by


def case_studies_of(municipality, request):
    pages = published_by(municipality, request)["cases.casestudypage"]
    return {"cases": pages, "total": len(pages)} if pages else None
