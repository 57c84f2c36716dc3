"""A municipality's page lists the app templates it published."""

from casestudies.knowledge.sections import published_by


def templates_of(municipality, request):
    pages = published_by(municipality, request)["apptemplates.apptemplatepage"]
    return {"templates": pages} if pages else None
