from csp.middleware import CSPMiddleware
from django.conf import settings
from django.utils.cache import patch_cache_control

from .page_cache import SAME_FOR_EVERYONE_PREFIXES


class SiteContentSecurityPolicyMiddleware(CSPMiddleware):
    """Our strict CSP on every page but the third-party admin UIs (Wagtail,
    Django admin, API docs), which ship inline scripts and styles of their own."""

    def process_response(self, request, response):
        if request.path_info.startswith(settings.CSP_EXEMPT_PATH_PREFIXES):
            return response
        return super().process_response(request, response)


class PrivacyHeadersMiddleware:
    """Two headers on every response:

    - ``Permissions-Policy`` (``YOKOTEN_PERMISSIONS_POLICY``): the browser features
      the site never uses (camera, microphone, location, payment …) are off for
      it and for anything it might embed.
    - ``Cache-Control: private, no-store`` on every page that depends on who is
      signed in (the account menu alone makes each such page personal) and on the
      account and personal areas (``NO_STORE_PREFIXES``) for everyone, so neither a
      shared browser's cache nor a proxy keeps a member's page. Placed above the
      member page cache, which keeps its shared copies on the server only.
    """

    NO_STORE_PREFIXES = ("/accounts/", "/members/me/", "/notifications/", "/visits/requests/")

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = ", ".join(
            f"{feature}=({' '.join(allowed)})"
            for feature, allowed in settings.YOKOTEN_PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.policy)
        user = getattr(request, "user", None)
        path = request.path_info
        if path.startswith(SAME_FOR_EVERYONE_PREFIXES):
            return response  # the open API reads no session: the same for all
        if (user is not None and user.is_authenticated) or path.startswith(
            self.NO_STORE_PREFIXES + tuple(f"/en{prefix}" for prefix in self.NO_STORE_PREFIXES)
        ):
            patch_cache_control(response, private=True, no_store=True)
            response.headers.pop("Expires", None)
        return response
