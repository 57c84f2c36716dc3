from csp.middleware import CSPMiddleware
from django.conf import settings


class SiteContentSecurityPolicyMiddleware(CSPMiddleware):
    """Our strict CSP on every page but the third-party admin UIs (Wagtail,
    Django admin, API docs), which ship inline scripts and styles of their own."""

    def process_response(self, request, response):
        if request.path_info.startswith(settings.CSP_EXEMPT_PATH_PREFIXES):
            return response
        return super().process_response(request, response)
