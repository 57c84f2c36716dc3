"""The curriculum list: the shared knowledge filters plus audience and level."""

from django.db.models import Count, Q
from django.utils.translation import pgettext_lazy

from casestudies.knowledge.filters import KnowledgeFilterForm, choice_filter
from casestudies.knowledge.listing import KnowledgeListing

from .models import Audience, CurriculumPage, Level


class CurriculumFilterForm(KnowledgeFilterForm):
    audience = choice_filter(pgettext_lazy("knowledge filter", "Audience"), Audience.choices)
    level = choice_filter(pgettext_lazy("knowledge filter", "Level"), Level.choices)

    field_order = [
        "q", "audience", "level", "tool", "adopted_band", "population_band", "population_min",
        "population_max", "category", "tag", "prefecture", "region", "kind", "municipality", "sort",
    ]  # fmt: skip


def filter_curriculum_extras(queryset, data: dict):
    if data.get("audience"):
        queryset = queryset.for_audience(data["audience"])
    if data.get("level"):
        queryset = queryset.at_level(data["level"])
    return queryset


def _aggregates() -> dict:
    counts = {
        f"audience:{value}": Count("pk", filter=Q(audience=value), distinct=True)
        for value in Audience.values
    }
    counts.update(
        {
            f"level:{value}": Count("pk", filter=Q(level=value), distinct=True)
            for value in Level.values
        }
    )
    return counts


CURRICULA = KnowledgeListing(
    model=CurriculumPage,
    form_class=CurriculumFilterForm,
    template="curricula/curriculum_index_page.html",
    extra_filters=filter_curriculum_extras,
    extra_aggregates=_aggregates,
    card_data=lambda queryset: queryset.with_delivery_totals(),
)
