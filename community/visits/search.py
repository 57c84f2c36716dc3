"""Published offers are searchable (the q of /visits/); requests never are."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import pgettext_lazy

from community.search.registry import register, register_kind


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
    register_kind(
        "visits",
        label=pgettext_lazy("search kind", "Site visit offers"),
        filters=_offer_filters,
        describe=lambda offer: offer.municipality.display_name,
        order=50,
    )


def _offer_filters(request, data):
    from .filters import OfferFilterSet
    from .models import VisitOffer

    return OfferFilterSet(
        data,
        VisitOffer.objects.published().select_related("municipality__prefecture"),
        request=request,
    )
