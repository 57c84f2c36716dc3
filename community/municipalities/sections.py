"""Other domains add sections to a municipality's page (its case studies,
templates, site-visit offers, members …) without the registry knowing them.

    # in an app's AppConfig.ready():
    register_section("visits/municipality_section.html", offers_for_municipality, order=40)

``get_context(municipality, request) -> dict | None``; None hides the section.
Each provider must use a constant number of queries, and must not depend on who
is reading beyond their audience: members share a cached copy of the page
(yokoten/member_cache.py); put anything personal in a ``{% personal %}`` part.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    template: str
    get_context: Callable
    order: int


_SECTIONS: list[Section] = []


def register_section(template: str, get_context: Callable, *, order: int = 50) -> None:
    if any(section.template == template for section in _SECTIONS):
        return
    _SECTIONS.append(Section(template, get_context, order))
    _SECTIONS.sort(key=lambda section: section.order)


def sections_for(municipality, request) -> list[tuple[str, dict]]:
    rendered = []
    for section in _SECTIONS:
        context = section.get_context(municipality, request)
        if context is not None:
            rendered.append((section.template, context))
    return rendered
