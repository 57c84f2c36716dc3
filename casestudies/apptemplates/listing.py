"""The app-template list: the shared knowledge filters plus licence and department."""

from django.db.models import Q
from django.utils.translation import pgettext_lazy

from casestudies.knowledge.filters import KnowledgeFilterSet
from casestudies.knowledge.listing import KnowledgeListing
from yokoten.filtering import ChoiceFilter

from .models import AppTemplatePage, Licence, UsedBy


class AppTemplateFilterSet(KnowledgeFilterSet):
    used_by = ChoiceFilter(
        choices=UsedBy.choices,
        q=lambda department: Q(used_by__icontains=f'"{department}"'),
        label=pgettext_lazy("knowledge filter", "Used by"),
    )
    licence = ChoiceFilter(
        "licence", choices=Licence.choices, label=pgettext_lazy("knowledge filter", "Licence")
    )

    field_order = [
        "q", "tool", "adopted_band", "population", "similar_to", "used_by", "category", "tag", "licence",
        "prefecture", "region", "kind", "municipality", "sort",
    ]  # fmt: skip
    facet_order = [
        "adopted_band", "population", "tool", "used_by", "category", "licence", "prefecture",
        "region", "kind", "tag",
    ]  # fmt: skip


def _card_data(queryset):
    return queryset.select_related("derived_from").with_latest_version()


APP_TEMPLATES = KnowledgeListing(
    model=AppTemplatePage,
    filterset_class=AppTemplateFilterSet,
    template="apptemplates/app_template_index_page.html",
    card_data=_card_data,
)
