"""The filters of the event calendar and its archive."""

from django.utils.translation import pgettext_lazy

from community.search.index import filter_queryset
from yokoten.filtering import ChoiceFilter, ListFilterSet, SearchFilter, TextFilter

from .models import EventFormat, EventKind


def _tagged(queryset, name: str):
    return queryset.filter(tags__name__iexact=name.strip()).distinct()


class EventFilterSet(ListFilterSet):
    q = SearchFilter(
        label=pgettext_lazy("event filter", "Keywords"),
        max_length=100,
        placeholder=pgettext_lazy("event filter", "e.g. kintone 研修"),
    )
    tag = TextFilter("", lookup=_tagged, max_length=50, label=pgettext_lazy("event filter", "Tag"))
    kind = ChoiceFilter(choices=EventKind.choices, label=pgettext_lazy("event filter", "Kind"))
    format = ChoiceFilter(
        choices=EventFormat.choices, label=pgettext_lazy("event filter", "Format")
    )

    def search(self, queryset, query, *, limit=None):
        return filter_queryset(queryset, query, limit=limit)
