"""One filterable list of knowledge pages (case studies, app templates, curricula):
filters in the URL, facet counts, sorting, Japanese search and the list page.
The page, its API, its feeds and its exports all read through the same listing."""

import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import QuerySet
from django.template.response import TemplateResponse
from django.utils.translation import get_language

from community.municipalities.bands import POPULATION
from community.search.index import filter_queryset
from yokoten.member_cache import share_with_members
from yokoten.pagination import paginate

from .filters import (
    SORTS,
    adopter_band_facets,
    apply_common_filters,
    choices_version,
    population_band_facets,
    region_facets,
    relation_facets,
)


def _list_version_key(model) -> str:
    return f"knowledge:list-version:{model._meta.label_lower}"


def list_version(model) -> int:
    """Cached facets of ``model``'s list are valid until this number changes."""
    return cache.get_or_set(_list_version_key(model), 1, timeout=None)


def bump_list_version(model) -> None:
    """A page of ``model`` was published, unpublished, deleted or adopted."""
    try:
        cache.incr(_list_version_key(model))
    except ValueError:
        cache.set(_list_version_key(model), 2, timeout=None)


def _no_extra_filters(queryset, data: dict):
    return queryset


def _no_aggregates() -> dict:
    return {}


def _no_facets(queryset) -> dict:
    return {}


def _no_card_data(queryset):
    return queryset


@dataclass(frozen=True)
class KnowledgeListing:
    model: type
    form_class: type
    template: str
    # Filters beyond the shared ones (budget, fiscal year, level …): (queryset, data) -> queryset
    extra_filters: Callable = _no_extra_filters
    # More conditional counts for the single facet aggregate: () -> {key: aggregate}
    extra_aggregates: Callable[[], dict] = _no_aggregates
    # Facets that need their own query: (filtered queryset) -> {key: count}
    extra_facets: Callable = _no_facets
    card_prefetch: tuple = ("tools", "categories")
    # More for the cards (a join, an annotation): (queryset) -> queryset
    card_data: Callable = _no_card_data
    per_page: int = 20
    extra_context: dict = field(default_factory=dict)

    def published(self) -> QuerySet:
        return self.model.objects.live().public()

    def filter(self, queryset, data: dict):
        return self.extra_filters(apply_common_filters(queryset, data), data)

    def search_and_sort(self, queryset, data: dict):
        """Apply ``q`` (ranked) and the sort; returns (queryset, snippets)."""
        queryset, snippets = filter_queryset(queryset, data.get("q") or "")
        if not data.get("q") or data.get("sort"):
            queryset = queryset.order_by(*SORTS[data.get("sort") or "newest"])
        return queryset, snippets

    def with_card_data(self, queryset):
        return self.card_data(
            queryset.select_related("municipality__prefecture").prefetch_related(
                *self.card_prefetch
            )
        )

    def api_queryset(self):
        """Published pages with what every API item shows (municipality, tools, categories, tags)."""
        return self.card_data(
            self.published()
            .select_related("municipality__prefecture")
            .prefetch_related("tools", "categories", "tags")
        )

    def filtered(self, request):
        """(form, ranked queryset, snippets, cleaned data) for the request's filters."""
        form = self.form_class(request.GET or None)
        queryset = self.published()
        if not form.is_bound:
            return form, queryset, {}, {}
        if not form.is_valid():
            return form, queryset.none(), {}, {}
        data = form.cleaned_data
        ranked, snippets = self.search_and_sort(self.filter(queryset, data), data)
        return form, ranked, snippets, data

    def facet_counts(self, queryset, cache_key: str) -> dict[str, int]:
        """Counts per filter value under the current filters (cached until the list changes)."""
        key = f"knowledge:facets:{self.model._meta.label_lower}:{list_version(self.model)}:{cache_key}"
        counts = cache.get(key)
        if counts is None:
            ids = queryset.order_by().values("pk")
            base = self.model.objects.filter(pk__in=ids)
            counts = base.aggregate(
                **population_band_facets(), **region_facets(), **self.extra_aggregates()
            )
            for relation, name in (("tools", "tool"), ("categories", "category")):
                counts.update(
                    {f"{name}:{slug}": n for slug, n in relation_facets(base, relation).items()}
                )
            counts.update(adopter_band_facets(ids))
            counts.update(self.extra_facets(base))
            cache.set(key, counts, 60 * 60)
        return counts

    def list_response(self, request, index_page, template: str | None = None):
        share_with_members(request)  # the list is the same for every reader
        form, queryset, snippets, _data = self.filtered(request)
        page, query = paginate(request, self.with_card_data(queryset), per_page=self.per_page)
        facets = {}
        if not form.is_bound or not form.errors:
            cache_key = hashlib.sha256(request.GET.urlencode().encode()).hexdigest()[:32]
            facets = self.facet_counts(queryset, cache_key)

        @functools.cache
        def page_snippets():
            # Read by the cards only: a cached list fragment never loads the page's rows.
            return {item.pk: snippets[item.pk] for item in page.object_list if item.pk in snippets}

        # The filters, facets and cards are the same for every reader of this URL until
        # a page of this list (or a tool or category) changes: rendered once per version.
        fragment_key = ":".join(
            [
                self.model._meta.label_lower,
                str(index_page.pk),
                str(list_version(self.model)),
                str(choices_version()),
                get_language(),
                hashlib.sha256(request.GET.urlencode().encode()).hexdigest()[:32],
            ]
        )
        return TemplateResponse(
            request,
            template or self.template,
            {
                "page": index_page,
                "self": index_page,
                "form": form,
                "results": page,
                "query": query,
                "facets": facets,
                "snippets": page_snippets,
                "active_filters": active_filters(form, request),
                "population_band_labels": {band.slug: band.label for band in POPULATION},
                "fragment_key": fragment_key,
                **self.extra_context,
            },
        )


def active_filters(form, request) -> list[dict]:
    """Each filter in use, with the URL that drops it (for the empty state and chips)."""
    chips = []
    if not form.is_bound or not form.is_valid():
        return chips
    for name, value in form.cleaned_data.items():
        if name == "sort" or value is None or value == "" or value is False:
            continue
        query = request.GET.copy()
        query.pop(name, None)
        query.pop("page", None)
        field = form[name]
        shown = (
            dict(field.field.choices).get(value, value)
            if hasattr(field.field, "choices")
            else value
        )
        if value is True:
            shown = ""
        chips.append({"label": field.label, "value": shown, "url": f"?{query.urlencode()}"})
    return chips
