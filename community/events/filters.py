"""The filters of the event calendar and its archive."""

from django.utils.translation import pgettext_lazy

from yokoten.filtering import ChoiceFilter, ListFilterSet, TextFilter

from .models import EventFormat, EventKind


def _tagged(queryset, name: str):
    return queryset.filter(tags__name__iexact=name.strip()).distinct()


class EventFilterSet(ListFilterSet):
    tag = TextFilter("", lookup=_tagged, max_length=50, label=pgettext_lazy("event filter", "Tag"))
    kind = ChoiceFilter(choices=EventKind.choices, label=pgettext_lazy("event filter", "Kind"))
    format = ChoiceFilter(
        choices=EventFormat.choices, label=pgettext_lazy("event filter", "Format")
    )
