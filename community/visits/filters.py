"""The filters of /visits/ (hosts of site visits) and its API, defined once."""

from django.db.models import Q
from django.utils.translation import pgettext_lazy

from community.municipalities.filters import (
    population_filter,
    prefecture_filter,
    region_filter,
)
from community.search.index import filter_queryset
from community.taxonomy.choices import category_choices, tool_choices
from yokoten.filtering import ChoiceFilter, FlagFilter, ListFilterSet, SearchFilter

from .models import VisitFormat


def _packed(field: str):
    return lambda value: Q(**{f"{field}__contains": f",{value},"})


class OfferFilterSet(ListFilterSet):
    q = SearchFilter(
        label=pgettext_lazy("visit filter", "Keywords"),
        max_length=100,
        placeholder=pgettext_lazy("visit filter", "e.g. kintone, LINE"),
    )
    population = population_filter(
        "municipality__", label=pgettext_lazy("visit filter", "Population of the host")
    )
    prefecture = prefecture_filter(
        "municipality__", label=pgettext_lazy("visit filter", "Prefecture")
    )
    region = region_filter("municipality__", label=pgettext_lazy("visit filter", "Region"))
    format = ChoiceFilter(
        choices=VisitFormat.choices,
        q=_packed("formats"),
        label=pgettext_lazy("visit filter", "Format"),
    )
    tool = ChoiceFilter(
        "tools__slug", choices=tool_choices, label=pgettext_lazy("visit filter", "Tool")
    )
    category = ChoiceFilter(
        "categories__slug",
        choices=category_choices,
        label=pgettext_lazy("visit filter", "Category"),
    )
    online = FlagFilter(
        _packed("formats")(VisitFormat.ONLINE),
        label=pgettext_lazy("visit filter", "Online possible"),
    )
    free = FlagFilter(Q(fee_yen=0), label=pgettext_lazy("visit filter", "Free of charge"))
    council_members = FlagFilter(
        Q(accepts_council_members=True),
        label=pgettext_lazy("visit filter", "Accepts council members"),
    )

    def search(self, queryset, query, *, limit=None):
        return filter_queryset(queryset, query, limit=limit)
