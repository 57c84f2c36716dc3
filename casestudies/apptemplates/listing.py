"""The app-template list: the shared knowledge filters plus licence and department."""

from django.db.models import Count, Q
from django.utils.translation import pgettext_lazy

from casestudies.knowledge.filters import KnowledgeFilterForm, choice_filter
from casestudies.knowledge.listing import KnowledgeListing

from .models import AppTemplatePage, Licence, UsedBy


class AppTemplateFilterForm(KnowledgeFilterForm):
    used_by = choice_filter(pgettext_lazy("knowledge filter", "Used by"), UsedBy.choices)
    licence = choice_filter(pgettext_lazy("knowledge filter", "Licence"), Licence.choices)

    field_order = [
        "q", "tool", "adopted_band", "population_band", "population_min", "population_max",
        "used_by", "category", "tag", "licence", "prefecture", "region", "kind", "municipality",
        "sort",
    ]  # fmt: skip


def filter_app_template_extras(queryset, data: dict):
    if data.get("used_by"):
        queryset = queryset.used_by_department(data["used_by"])
    if data.get("licence"):
        queryset = queryset.under_licence(data["licence"])
    return queryset


def _licence_facets() -> dict:
    return {
        f"licence:{value}": Count("pk", filter=Q(licence=value), distinct=True)
        for value in Licence.values
    }


def _card_data(queryset):
    return queryset.select_related("derived_from").with_latest_version()


APP_TEMPLATES = KnowledgeListing(
    model=AppTemplatePage,
    form_class=AppTemplateFilterForm,
    template="apptemplates/app_template_index_page.html",
    extra_filters=filter_app_template_extras,
    extra_aggregates=_licence_facets,
    card_data=_card_data,
)
