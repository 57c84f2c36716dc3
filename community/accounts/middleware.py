from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from .permissions import may_moderate
from .services import expire_if_due

# Areas that need two-factor authentication, and who is let in there.
ADMIN_PREFIXES = ("/cms/", "/django-admin/")
MODERATION_PREFIXES = ("/moderation/", "/en/moderation/")


class StaffVerificationMiddleware:
    """Ends an expired verification on the member's next request (no query unless due)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.staff_until is not None:
            expire_if_due(user)
        return self.get_response(request)


class RequireMFAMiddleware:
    """Moderators and Wagtail admin users must set up TOTP before entering those areas."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._protected_area_for(request.user, request.path_info) and not self._has_totp(
            request.user
        ):
            messages.warning(
                request,
                _("Set up two-factor authentication to continue: it protects everyone's data."),
            )
            return redirect(
                f"{reverse('mfa_activate_totp')}?{urlencode({'next': request.get_full_path()})}"
            )
        return self.get_response(request)

    @staticmethod
    def _protected_area_for(user, path: str) -> bool:
        if not user.is_authenticated:
            return False
        if path.startswith(ADMIN_PREFIXES):
            return user.is_staff or user.has_perm("wagtailadmin.access_admin")
        return path.startswith(MODERATION_PREFIXES) and may_moderate(user)

    @staticmethod
    def _has_totp(user) -> bool:
        return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
