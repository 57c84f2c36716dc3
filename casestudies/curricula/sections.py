"""A municipality's page lists the training curricula it published."""

from casestudies.knowledge.sections import published_by


def curricula_of(municipality, request):
    pages = published_by(municipality, request)["curricula.curriculumpage"]
    return {"curricula": pages} if pages else None
