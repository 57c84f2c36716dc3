"""Municipalities in the site-wide search: by name, reading (しもつま) or prefecture,
with the municipality list's filters."""

from django.utils.translation import pgettext_lazy

from community.search import registry


def _filters(request, data):
    from .filters import MunicipalityFilterSet
    from .models import Municipality

    return MunicipalityFilterSet(
        data, Municipality.objects.select_related("prefecture"), request=request
    )


def register_kind() -> None:
    registry.register_kind(
        "municipalities",
        label=pgettext_lazy("search kind", "Municipalities"),
        filters=_filters,
        describe=lambda municipality: municipality.name_kana,
        order=60,
    )
