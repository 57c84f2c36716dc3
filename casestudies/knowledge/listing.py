"""One filterable list of knowledge pages (case studies, app templates, curricula):
filters in the URL, facet counts, sorting, Japanese search and the list page.
The page, its API, its feeds and its exports all read through the same listing."""

import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.http import HttpResponsePermanentRedirect
from django.template.response import TemplateResponse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from casestudies.home.routing import private_pages
from yokoten import cache_policy
from yokoten.member_cache import share_with_members
from yokoten.pagination import lazy_paginate

from .filters import choices_version


def list_tag(model) -> str:
    """The cache tag of ``model``'s list (yokoten/cache_policy.py)."""
    return f"list:{model._meta.label_lower}"


def list_version(model) -> str:
    """Cached facets and list fragments of ``model`` are valid until this changes."""
    return cache_policy.version(list_tag(model))


def bump_list_version(model) -> None:
    """A page of ``model`` was published, unpublished, deleted or adopted: its list
    is retired when the transaction commits."""
    cache_policy.retire(list_tag(model))


# Each knowledge model's published pages, as a queryset that is only ever copied.
_PUBLISHED: dict[type, QuerySet] = {}


def _no_card_data(queryset):
    return queryset


@dataclass(frozen=True)
class KnowledgeListing:
    model: type
    filterset_class: type  # a casestudies.knowledge.filters.KnowledgeFilterSet
    template: str
    # The cards' taxonomy terms (one query for all: community/taxonomy/prefetch.py)
    card_terms: tuple = ("tools", "categories")
    card_prefetch: tuple = ()
    # More for the cards (a join, an annotation): (queryset) -> queryset
    card_data: Callable = _no_card_data
    per_page: int = 20
    extra_context: dict = field(default_factory=dict)

    def published(self) -> QuerySet:
        # Not Wagtail's public(): that costs a query of its own for the restrictions.
        # Built once per process and copied for each request: resolving the condition's
        # paths through the page's tables cost a millisecond, a third of a cached list's
        # render.
        if self.model not in _PUBLISHED:
            _PUBLISHED[self.model] = self.model.objects.live().exclude(private_pages())
        return _PUBLISHED[self.model].all()

    def filters(self, request, queryset=None, **kwargs):
        """The list's filter set for the request (``understood``: values read elsewhere)."""
        return self.filterset_class(
            request.GET,
            self.published() if queryset is None else queryset,
            request=request,
            everything=queryset is None,
            **kwargs,
        )

    def with_card_data(self, queryset):
        return self.card_data(
            queryset.select_related("municipality__prefecture")
            .with_terms(*self.card_terms)
            .prefetch_related(*self.card_prefetch)
        )

    def api_queryset(self):
        """Published pages with what every API item shows (municipality, tools, categories, tags)."""
        return self.card_data(
            self.published()
            .select_related("municipality__prefecture")
            .with_terms(*self.card_terms)
            .prefetch_related("tags")
        )

    def filtered(self, request):
        """(filter set, ranked queryset, snippets) for the request's filters; no rows
        when a filter is invalid (``filters.problems()`` says which)."""
        filters = self.filters(request)
        queryset, snippets = filters.results()
        return filters, queryset, snippets

    def list_response(self, request, index_page, template: str | None = None):
        filters = self.filters(request)
        canonical = filters.canonical_url()
        if canonical:  # an old bookmark (budget_max=0): the same list at its current URL
            return HttpResponsePermanentRedirect(request.path + canonical)
        share_with_members(request)  # the list is the same for every reader

        # Searched, counted and read when the template first asks: a cached list
        # fragment (below) does none of it, not even the search.
        @functools.cache
        def found():
            return filters.results()

        tags = (list_tag(self.model),)
        page, query = lazy_paginate(
            request,
            lambda: self.with_card_data(found()[0]),
            per_page=self.per_page,
            count=lambda: filters.total(found()[0], tags),  # with the facets
        )
        query_hash = hashlib.sha256(request.GET.urlencode().encode()).hexdigest()[:32]
        facet_groups = filters.facets(lambda: found()[0], tags=tags)

        @functools.cache
        def page_snippets():
            # Read by the cards only: a cached list fragment never loads the page's rows.
            snippets = found()[1]
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
                query_hash,
            ]
        )
        return TemplateResponse(
            request,
            template or self.template,
            {
                "page": index_page,
                "self": index_page,
                "filters": filters,
                # Built when the template first asks: a cached list fragment never does.
                "form": SimpleLazyObject(lambda: filters.form),
                "results": page,
                "query": query,
                "facet_groups": facet_groups,
                "snippets": page_snippets,
                # (words matched, words asked) of what matches only part of the query
                "coverage": SimpleLazyObject(lambda: getattr(found()[1], "coverage", {})),
                "fragment_key": fragment_key,
                **self.extra_context,
            },
        )
