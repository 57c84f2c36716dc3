"""Published offers are searchable (the q of /visits/); requests never are."""

from django.conf import settings
from django.utils import translation

from community.search.registry import register


def offer_title(offer) -> str:
    return offer.title


def offer_body(offer) -> str:
    """Indexed in Japanese whatever language the indexing command runs in."""
    with translation.override(settings.LANGUAGE_CODE):
        return _offer_text(offer)


def _offer_text(offer) -> str:
    municipality = offer.municipality
    parts = [
        municipality.display_name,
        municipality.name_kana,
        offer.summary,
        offer.contact_department,
        " ".join(str(choice.label) for choice in offer.format_list),
        " ".join(offer.tool_labels),
        " ".join(offer.category_labels),
        " ".join(link.page.title for link in offer.topic_links.select_related("page")),
    ]
    return "\n".join(part for part in parts if part)


def register_for_search() -> None:
    from .models import VisitOffer

    register(
        VisitOffer,
        get_queryset=lambda: VisitOffer.objects.published().select_related(
            "municipality__prefecture"
        ),
        get_title=offer_title,
        get_body=offer_body,
    )
