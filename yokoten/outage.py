"""When the database does not answer.

Cached anonymous pages are still served: the page cache (``yokoten/page_cache.py``)
sits above everything that needs the database. Every other request gets a short
Japanese 503 page with ``Retry-After`` (JSON under ``/api/``):

- the first one after a short wait: the connection timeout and the pool's wait for
  a connection (``DATABASE_TIMEOUT``, a few seconds, not the pool's default 30);
- then at once, for ``RETRY_AFTER_SECONDS``, without asking the database
  (``DatabaseOutageMiddleware``): a sync worker stuck waiting on a dead database
  cannot serve the cached pages queued behind it. Then one request tries again.

A query that fails on a live connection (a deadlock, a statement timeout) is a
bug or a conflict, not an outage: it stays a 500.
"""

import logging
import sys
import time

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connections
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils import translation
from django.utils.translation import gettext as _
from django.views import defaults

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5
EXEMPT_PATHS = ("/healthz",)  # asks the database itself, and says what is down
_skip_until = 0.0


def database_unreachable(error: BaseException | None) -> bool:
    if not isinstance(error, OperationalError | InterfaceError):
        return False
    wrapper = connections[DEFAULT_DB_ALIAS]
    return wrapper.connection is None or bool(getattr(wrapper.connection, "closed", False))


def outage_ongoing() -> bool:
    return time.monotonic() < _skip_until


def unavailable(request) -> HttpResponse:
    """Rendered without the database: no context processors, the language from the path."""
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    with translation.override(language):
        if request.path_info.startswith("/api/"):
            message = _("The service is temporarily unavailable. Please try again shortly.")
            response = JsonResponse({"detail": message}, status=503)
        else:
            response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseOutageMiddleware:
    """Right below the page cache: while the database is known to be down, answer
    503 at once instead of waiting for it again."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if outage_ongoing() and not request.path_info.startswith(EXEMPT_PATHS):
            return unavailable(request)
        return self.get_response(request)


def server_error(request):
    """``handler500``: a database that does not answer is a 503 (and starts the
    outage window); anything else is Django's 500 page."""
    global _skip_until
    error = sys.exc_info()[1]
    if database_unreachable(error):
        if not outage_ongoing():
            logger.error(
                "The database does not answer (%s): 503 for %d s", error, RETRY_AFTER_SECONDS
            )
        _skip_until = time.monotonic() + RETRY_AFTER_SECONDS
        return unavailable(request)
    return defaults.server_error(request)
