from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.core.internal import ratelimit
from django.conf import settings
from django.urls import reverse
from django.utils.encoding import force_str
from django.utils.translation import gettext as _

from . import login_limits
from .session_level import mark_signed_in_by_allauth


class AccountAdapter(DefaultAccountAdapter):
    def login(self, request, user):
        """allauth is the one way in (confirmation, rate limits, second factor):
        ``SecondFactorMiddleware`` signs out any session this did not start."""
        super().login(request, user)
        mark_signed_in_by_allauth(request)

    # --- Log-in limits (login_limits.py): slow down, never lock out; 429 when refused.

    def pre_authenticate(self, request, **credentials):
        attempt = login_limits.Attempt.of(request, credentials.get("email", ""))
        wait = attempt.wait()
        if wait:
            raise ImmediateHttpResponse(login_limits.too_many_attempts(request, wait))
        # allauth's per-IP limit ("login_failed" in ACCOUNT_RATE_LIMITS), on the
        # client's address behind the trusted proxies.
        self._login_failed_rl_usage = ratelimit.consume(
            request, app="allauth.account", action="login_failed"
        )
        if not self._login_failed_rl_usage:
            raise ImmediateHttpResponse(login_limits.too_many_attempts(request, 60))
        self._attempt = attempt

    def authenticate(self, request, **credentials):
        user = super().authenticate(request, **credentials)
        if user is not None:
            self._attempt.succeeded()
        return user

    def authentication_failed(self, request, **credentials):
        self._attempt.failed()

    def _delete_login_attempts_cached_email(self, request, **credentials):
        login_limits.forget_failures(credentials.get("email", ""))

    def post_login(self, request, user, **kwargs):
        response = super().post_login(request, user, **kwargs)
        emails = EmailAddress.objects.filter(user=user, verified=True).values_list(
            "email", flat=True
        )
        login_limits.trust_device(request, response, [user.email, *emails])
        return response

    def send_mail(self, template_prefix, email, context):
        """Account emails name the service (「横展開 Yokoten」) and link to SITE_URL,
        never to the host name the request happened to use."""
        context = {"site_name": _("Yokoten"), "site_url": settings.SITE_URL, **context}
        super().send_mail(template_prefix, email, context)

    def format_email_subject(self, subject) -> str:
        return f"[{_('Yokoten')}] {force_str(subject)}"

    def send_confirmation_mail(self, request, emailconfirmation, signup):
        """Send the confirmation code *and* a link: municipal mail gateways often
        mangle links, and a code typed by hand always survives."""
        address = emailconfirmation.email_address
        link_key = EmailConfirmationHMAC(address).key
        context = {
            "user": address.user,
            "code": emailconfirmation.key,
            "activate_url": self.get_email_confirmation_link(request, link_key),
        }
        template = (
            "account/email/email_confirmation_signup"
            if signup
            else "account/email/email_confirmation"
        )
        self.send_mail(template, address.email, context)

    def get_email_confirmation_link(self, request, key: str) -> str:
        url = reverse("account_confirm_email", args=[key])
        return request.build_absolute_uri(url) if request else url
