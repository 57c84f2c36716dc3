"""What every endpoint of the open API shares: the error shapes it documents, bounded
pagination, and the responses each kind of operation declares (so that every status
code the API answers is in the OpenAPI schema)."""

from django.http import HttpRequest
from ninja import Field, Schema
from ninja.errors import ValidationError
from ninja.pagination import PageNumberPagination

# A page number past this is refused (422) rather than sent to the database as an
# OFFSET it cannot hold; no list has anywhere near this many pages.
MAX_PAGE = 100_000
MAX_PAGE_SIZE = 1_000


class ErrorOut(Schema):
    detail: str = Field(description="What went wrong, in one sentence")


class ErrorItem(Schema):
    type: str = Field(description="Machine-readable kind of error, e.g. invalid_choice")
    loc: list[str | int] = Field(description='Where: ["query", "tool"], ["path", "code"]')
    msg: str = Field(description="What is wrong with the value, naming it")


class ValidationErrorOut(Schema):
    detail: str = Field(description="Every problem, joined: “tool: …; page: …”")
    errors: list[ErrorItem]


class Pagination(PageNumberPagination):
    """Page numbers from 1 to MAX_PAGE; ``page_size`` is capped at the endpoint's
    maximum. A page past the last one is an empty page, not an error."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE, description="Page number, from 1")
        page_size: int | None = Field(
            None, ge=1, le=MAX_PAGE_SIZE, description="Items per page (capped at the maximum)"
        )


def list_responses(item_schema) -> dict:
    """A filtered list: its items, or 422 for a bad parameter."""
    return {200: list[item_schema], 422: ValidationErrorOut}


def detail_responses(schema) -> dict:
    """One item: it, 404 when there is none, or 422 for a malformed id."""
    return {200: schema, 404: ErrorOut, 422: ValidationErrorOut}


def filter_parameters(filterset_class) -> dict:
    """``openapi_extra`` documenting a filter set's query parameters."""
    return {"parameters": filterset_class.openapi_parameters()}


def filtered(filterset_class, request: HttpRequest, queryset, **kwargs):
    """The queryset narrowed by the request's filters, or a 422 naming each bad value."""
    filters = filterset_class(request.GET, queryset, request=request, **kwargs)
    if not filters.is_valid():
        raise ValidationError(filters.api_errors())
    results, _snippets = filters.results()
    return results
