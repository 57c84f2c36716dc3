"""Pagination shared by every list page: a page, its elided page range and
the current query string without ``page`` (so filters survive paging)."""

from django.conf import settings
from django.core.paginator import Page, Paginator


def paginate(request, object_list, per_page: int | None = None) -> tuple[Page, str]:
    paginator = Paginator(object_list, per_page or settings.YOKOTEN_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    page.elided_range = list(
        paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    )
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()
