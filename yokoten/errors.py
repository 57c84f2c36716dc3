"""Error pages in the reader's language, the demo included.

With DEBUG on (the demo, ``make demo``) Django answers a missing page or a crash
with its technical page, in English; ``ErrorPagesMiddleware`` answers with the
site's own 400/404/500 page instead, as production does (the traceback still
goes to the console). ``YOKOTEN_TECHNICAL_ERRORS=1`` brings Django's pages back
while debugging. A refused CSRF token gets the site's 403 page too."""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

# Django's technical 404 and 500 pages, and only they, carry this tag.
TECHNICAL_PAGE_MARK = b'<meta name="robots" content="NONE,NOARCHIVE">'
SITE_PAGES = {400: "400.html", 404: "404.html", 500: "500.html"}


class ErrorPagesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            settings.DEBUG
            and not settings.YOKOTEN_TECHNICAL_ERRORS
            and response.status_code in SITE_PAGES
            and not response.streaming
            and TECHNICAL_PAGE_MARK in response.content
        ):
            return site_error_page(request, response.status_code)
        return response


def site_error_page(request, status: int) -> HttpResponse:
    if status == 500:  # as Django's server_error: no request context, nothing that could fail again
        return HttpResponse(render_to_string(SITE_PAGES[500]), status=500)
    return render(request, SITE_PAGES[status], status=status)


def csrf_failure(request, reason=""):
    """The form expired or came from elsewhere: say so, in the reader's language."""
    return render(request, "403_csrf.html", status=403)
