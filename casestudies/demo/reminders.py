"""Demo: 飯豊町's 佐藤 健太 was verified eleven months ago, so his verification ends
in 24 days and the 30-day reminder waits in his inbox (its email goes nowhere);
his verification page offers the one-step renewal. Running it again changes nothing."""

import datetime

from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from casestudies.demo.accounts import SMALL_TOWN_STAFF
from community.accounts.models import User
from community.accounts.renewal import EXPIRY, current_verifications, remind
from community.notifications.models import Notification

ENDS_IN = datetime.timedelta(days=24)


def load(stdout=None) -> list:
    member = User.objects.filter(email=SMALL_TOWN_STAFF.email).first()
    if member is None or Notification.objects.filter(recipient=member, kind=EXPIRY).exists():
        return []
    with (
        override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"),
        transaction.atomic(),
    ):
        verification = current_verifications().filter(user=member).first()
        if verification is None:
            return []
        ends = timezone.now() + ENDS_IN
        begun = ends - (verification.expires_at - verification.verified_at)
        type(verification).objects.filter(pk=verification.pk).update(
            verified_at=begun, expires_at=ends
        )
        User.objects.filter(pk=member.pk).update(staff_until=ends)
        verification.refresh_from_db()
        remind(verification, 30)
    if stdout is not None:
        stdout.write(f"Reminders: {member.display_name}'s verification ends in 24 days.")
    return []
