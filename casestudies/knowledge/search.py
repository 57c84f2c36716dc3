"""Knowledge pages in the Japanese search engine: live, public pages only."""

from casestudies.home.routing import load_sites
from community.search import registry


def common_text(page) -> list[str]:
    """What every knowledge page is found by besides its own text."""
    return [
        *(tool.name for tool in page.tools.all()),
        *(category.name for category in page.categories.all()),
        *(tag.name for tag in page.tags.all()),
        page.municipality.display_name,
        page.department,
    ]


def joined(parts) -> str:
    return "\n".join(str(part) for part in parts if part)


def register_knowledge_search(model, plain_text) -> None:
    """Index ``model``'s live, public pages with ``plain_text(page)`` as their body."""
    registry.register(
        model,
        get_queryset=lambda: (
            model.objects.live().public().select_related("municipality__prefecture")
        ),
        get_title=lambda page: page.title,
        get_body=plain_text,
    )


def register_knowledge_kind(slug: str, *, label, listing, order: int) -> None:
    """List ``listing``'s pages (a ``KnowledgeListing``) in the site-wide search, with
    the list's own filters."""
    registry.register_kind(
        slug,
        label=label,
        filters=lambda request, data: listing.filterset_class(
            data,
            listing.published().select_related("municipality__prefecture"),
            request=request,
            everything=True,
        ),
        url=page_url,
        describe=lambda page: page.municipality.display_name,
        order=order,
    )


def page_url(page, request) -> str:
    """``page``'s URL, the sites read once per request in one query (Wagtail reads
    them in two)."""
    load_sites(request)
    return page.get_url(request)
