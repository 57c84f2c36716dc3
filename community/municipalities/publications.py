"""What a municipality has published on Yokoten — its case studies, app templates
and curricula — as Wagtail pages, without this wing knowing their types. Each
page type registers, in its AppConfig.ready(), the live pages of one municipality::

    register_publications(lambda municipality_id: CaseStudyPage.objects.live()
                          .filter(municipality_id=municipality_id).values("pk"))

Visit offers pick the pages they show from here, and visit reports the page the
visitors saw.
"""

from collections.abc import Callable
from functools import reduce
from operator import or_

from django.db import models
from wagtail.models import Page

_SOURCES: list[Callable[[int], models.QuerySet]] = []


def register_publications(page_ids_of: Callable[[int], models.QuerySet]) -> None:
    """``page_ids_of(municipality_id)``: a ``values("pk")`` queryset of live pages."""
    _SOURCES.append(page_ids_of)


def publications_of(municipality) -> models.QuerySet:
    """Live pages published by ``municipality`` (an instance or id), by title (one query)."""
    municipality_id = getattr(municipality, "pk", municipality)
    if not _SOURCES or municipality_id is None:
        return Page.objects.none()
    wanted = reduce(or_, (models.Q(pk__in=source(municipality_id)) for source in _SOURCES))
    return Page.objects.live().filter(wanted).order_by("title")
