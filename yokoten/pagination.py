"""Pagination shared by every list page: a page, its elided page range and
the current query string without ``page`` (so filters survive paging)."""

from collections.abc import Callable

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.utils.functional import SimpleLazyObject


def paginate(
    request, object_list, per_page: int | None = None, *, count: Callable | None = None
) -> tuple[Page, str]:
    """``count``: a function that gives the number of items (known from elsewhere: a
    list's facet counts), instead of a COUNT query of ``object_list``."""
    paginator = Paginator(object_list, per_page or settings.YOKOTEN_PAGE_SIZE)
    if count is not None:
        paginator.count = count()
    page = paginator.get_page(request.GET.get("page"))
    page.elided_range = list(
        paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    )
    return page, query_without_page(request)


def lazy_paginate(
    request, object_list: Callable, per_page: int | None = None, *, count: Callable | None = None
) -> tuple[Page, str]:
    """``paginate`` of what ``object_list()`` returns, made, counted and read only when
    a template first uses the page: a list rendered in a cached fragment does none."""
    page = SimpleLazyObject(lambda: paginate(request, object_list(), per_page, count=count)[0])
    return page, query_without_page(request)


def query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
