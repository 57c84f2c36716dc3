"""The filters every knowledge list (case studies, app templates, curricula) shares,
defined once for the page, its API, its CSV and its feeds. All state lives in the
URL; a bad value is a message that names it (a 422 in the API), never a crash."""

import json

from django.db.models import CharField, Count, IntegerField, Value
from django.db.models.functions import Cast, JSONObject
from django.utils.translation import pgettext_lazy

from community.municipalities.filters import (
    code_filter,
    kind_filter,
    population_filter,
    prefecture_filter,
    region_filter,
    similar_to_filter,
)
from community.search.index import filter_queryset
from community.taxonomy.choices import (  # noqa: F401 (bump_choices_version: signals)
    bump_choices_version,
    category_choices,
    choices_version,
    tool_choices,
)
from yokoten.filtering import (
    ChoiceFilter,
    ListFilterSet,
    SearchFilter,
    SortFilter,
    TopValuesFilter,
)

from .models import ADOPTER_BANDS

SORTS = {
    "newest": ("-first_published_at", "-pk"),
    "oldest": ("first_published_at", "pk"),
    "most_adopted": ("-adoption_count", "-first_published_at", "-pk"),
}
SORT_CHOICES = [
    ("newest", pgettext_lazy("sort", "Newest")),
    ("oldest", pgettext_lazy("sort", "Oldest")),
    ("most_adopted", pgettext_lazy("sort", "Most adopted")),
]


class AdoptedBandFilter(ChoiceFilter):
    """Pages that at least one municipality of this size adopted (横展開), with counts
    of the pages adopted in each size (one query over the adoptions)."""

    def __init__(self, **kwargs):
        super().__init__(choices=ADOPTER_BANDS.choices, **kwargs)

    def filter(self, qs, value):
        return qs.adopted_in_band(value) if value else qs

    def facet_parts(self, name, base):
        from casestudies.adoption.models import Adoption

        # The bands overlap (under 10,000 is also under 50,000): one row holding each
        # band's count, as JSON, in the facets' one UNION.
        counts = JSONObject(
            **{
                band.slug: Count("page_id", filter=band.q("municipality__"), distinct=True)
                for band in ADOPTER_BANDS
            }
        )
        return [
            Adoption.objects.filter(page_id__in=base.values("pk"))
            .order_by()
            .annotate(facet=Value(name, output_field=CharField()))
            .values("facet")
            .annotate(value=Cast(counts, CharField()), n=Value(0, output_field=IntegerField()))
            .values_list("facet", "value", "n")
        ]

    def facet_rows(self, name, rows):
        (counts, _n), *_ = rows or [("{}", 0)]
        return {f"{name}:{slug}": n for slug, n in json.loads(counts).items()}


class KnowledgeFilterSet(ListFilterSet):
    q = SearchFilter(
        label=pgettext_lazy("knowledge filter", "Keywords"),
        max_length=200,
        placeholder=pgettext_lazy("knowledge filter", "e.g. smartphone application"),
    )
    population = population_filter(
        "municipality__", label=pgettext_lazy("knowledge filter", "Population")
    )
    prefecture = prefecture_filter(
        "municipality__", label=pgettext_lazy("knowledge filter", "Prefecture")
    )
    region = region_filter("municipality__", label=pgettext_lazy("knowledge filter", "Region"))
    kind = kind_filter(
        "municipality__", label=pgettext_lazy("knowledge filter", "Kind of municipality")
    )
    municipality = code_filter(
        "municipality__", label=pgettext_lazy("knowledge filter", "Municipality code")
    )
    similar_to = similar_to_filter()
    tool = ChoiceFilter(
        "tools__slug", choices=tool_choices, label=pgettext_lazy("knowledge filter", "Tool")
    )
    category = ChoiceFilter(
        "categories__slug",
        choices=category_choices,
        label=pgettext_lazy("knowledge filter", "Category"),
    )
    tag = TopValuesFilter(
        "tags__name", facet_path="tags__name", label=pgettext_lazy("knowledge filter", "Tag")
    )
    adopted_band = AdoptedBandFilter(
        label=pgettext_lazy("knowledge filter", "Adopted by municipalities of")
    )
    sort = SortFilter(
        sorts=SORTS,
        choices=SORT_CHOICES,
        default="newest",
        label=pgettext_lazy("knowledge filter", "Sort by"),
    )

    # The order of the facet groups beside the list.
    facet_order = ["adopted_band", "population", "tool", "category", "prefecture", "region"]
    compiled_counts = True  # every count's condition is fixed by its key

    def search(self, queryset, query, *, limit=None):
        # Everything the list shows is what its model's search registration indexes: the
        # live pages with no view restriction (``KnowledgeListing.published``).
        return filter_queryset(queryset, query, limit=limit, whole=self.unfiltered)
