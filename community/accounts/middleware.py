from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _

from .permissions import (
    SecondFactorRequired,
    holds_moderator_role,
    mark_session_level,
    session_passed_second_factor,
)
from .services import expire_if_due
from .session_level import passed_second_factor, signed_in_by_allauth


class StaffVerificationMiddleware:
    """Ends an expired verification on the member's next request (no query unless due)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.staff_until is not None:
            expire_if_due(user)
        return self.get_response(request)


class SecondFactorMiddleware:
    """Puts the session's authentication level on ``request.user``, so that
    ``User.has_perm`` and the permission functions grant powers only to sessions
    that passed the second factor (community/accounts/permissions.py).

    A session signed in other than through allauth (no confirmation, no rate
    limit, no second factor) is signed out. A moderator whose session has not
    passed the second factor is sent to set it up, or to enter a code, when a
    moderator action is refused for that reason."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            if not signed_in_by_allauth(request):
                logout(request)
            else:
                mark_session_level(user, second_factor=passed_second_factor(request, user))
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, PermissionDenied | Http404):
            return None
        user = request.user
        if isinstance(exception, SecondFactorRequired) or (
            holds_moderator_role(user) and not session_passed_second_factor(user)
        ):
            # A refused POST continues on the page it came from.
            after = request.get_full_path()
            if request.method not in ("GET", "HEAD"):
                after = request.headers.get("referer", "")
            return second_factor_step(request, after)
        return None


def second_factor_step(request, after: str):
    """Send a member who holds powers to set TOTP up, or to enter a code from it,
    then on to ``after`` (a local URL; anything else becomes the home page)."""
    if not url_has_allowed_host_and_scheme(
        after, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        after = "/"
    query = urlencode({"next": after})
    if Authenticator.objects.filter(user=request.user, type=Authenticator.Type.TOTP).exists():
        messages.info(request, _("Enter a code from your authenticator app to continue."))
        return redirect(f"{reverse('mfa_reauthenticate')}?{query}")
    messages.warning(
        request, _("Set up two-factor authentication to continue: it protects everyone's data.")
    )
    return redirect(f"{reverse('mfa_activate_totp')}?{query}")
