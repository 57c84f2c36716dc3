from allauth.account.signals import email_confirmed
from django.dispatch import receiver

from .services import verify_by_email


@receiver(email_confirmed, dispatch_uid="accounts.verify_staff_by_official_email")
def verify_staff_by_official_email(request, email_address, **kwargs):
    verify_by_email(email_address.user, email_address.email)
