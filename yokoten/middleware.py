import secrets

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.utils.cache import patch_cache_control

from .page_cache import SAME_FOR_EVERYONE_PREFIXES

# What a view may set to change its own policy (django-csp's decorators): such a
# response gets django-csp's own handling.
_PER_RESPONSE = (
    "_csp_exempt", "_csp_exempt_ro", "_csp_config", "_csp_update", "_csp_replace",
    "_csp_config_ro", "_csp_update_ro", "_csp_replace_ro",
)  # fmt: skip
_NONCE_MARK = "yk-nonce-" + secrets.token_hex(8)
# report only? -> (the policy without a nonce, with the mark, the paths it excludes)
_policies: dict[bool, tuple[str, str, tuple[str, ...]]] = {}


def _forget_policies(setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _policies.clear()


setting_changed.connect(_forget_policies, dispatch_uid="yokoten.middleware.csp")


def _policy(path: str, nonce: str | None, *, report_only: bool = False) -> str:
    """django-csp's policy from the settings, built once per process (it took about
    50 µs a response to build the same string), with this response's nonce put in."""
    built = _policies.get(report_only)
    if built is None:
        name = "CONTENT_SECURITY_POLICY_REPORT_ONLY" if report_only else "CONTENT_SECURITY_POLICY"
        built = _policies[report_only] = (
            build_policy(report_only=report_only),
            build_policy(nonce=_NONCE_MARK, report_only=report_only),
            tuple((getattr(settings, name, None) or {}).get("EXCLUDE_URL_PREFIXES") or ()),
        )
    if path.startswith(built[2]):
        return ""
    return built[0] if nonce is None else built[1].replace(_NONCE_MARK, nonce)


class SiteContentSecurityPolicyMiddleware(CSPMiddleware):
    """Our strict CSP on every page but the third-party admin UIs (Wagtail,
    Django admin, API docs), which ship inline scripts and styles of their own."""

    def process_response(self, request, response):
        if request.path_info.startswith(settings.CSP_EXEMPT_PATH_PREFIXES):
            return response
        if any(hasattr(response, name) for name in _PER_RESPONSE) or (
            settings.DEBUG and response.status_code in (404, 500)
        ):
            return super().process_response(request, response)
        nonce = getattr(request, "_csp_nonce", None)
        for header, report_only in ((HEADER, False), (HEADER_REPORT_ONLY, True)):
            policy = _policy(request.path_info, nonce, report_only=report_only)
            if policy and header not in response:
                response[header] = policy
        if nonce is None:  # as django-csp: a nonce asked for after the header is an error
            request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response


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
