"""The curriculum list: the shared knowledge filters plus audience and level."""

from django.utils.translation import pgettext_lazy

from casestudies.knowledge.filters import KnowledgeFilterSet
from casestudies.knowledge.listing import KnowledgeListing
from yokoten.filtering import ChoiceFilter

from .models import Audience, CurriculumPage, Level


class CurriculumFilterSet(KnowledgeFilterSet):
    audience = ChoiceFilter(
        "audience", choices=Audience.choices, label=pgettext_lazy("knowledge filter", "Audience")
    )
    level = ChoiceFilter(
        "level", choices=Level.choices, label=pgettext_lazy("knowledge filter", "Level")
    )

    field_order = [
        "q", "audience", "level", "tool", "adopted_band", "population", "similar_to", "category", "tag",
        "prefecture", "region", "kind", "municipality", "sort",
    ]  # fmt: skip
    facet_order = [
        "adopted_band", "audience", "level", "population", "tool", "category", "prefecture",
        "region", "kind", "tag",
    ]  # fmt: skip


CURRICULA = KnowledgeListing(
    model=CurriculumPage,
    filterset_class=CurriculumFilterSet,
    template="curricula/curriculum_index_page.html",
    card_data=lambda queryset: queryset.with_delivery_totals(),
)
