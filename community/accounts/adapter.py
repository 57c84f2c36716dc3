from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailConfirmationHMAC
from django.conf import settings
from django.urls import reverse
from django.utils.encoding import force_str
from django.utils.translation import gettext as _

from .session_level import mark_signed_in_by_allauth


class AccountAdapter(DefaultAccountAdapter):
    def login(self, request, user):
        """allauth is the one way in (confirmation, rate limits, second factor):
        ``SecondFactorMiddleware`` signs out any session this did not start."""
        super().login(request, user)
        mark_signed_in_by_allauth(request)

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
