"""Verification that does not lapse unnoticed: reminders before it expires, and a
renewal by confirming the official address again.

- ``send_expiry_reminders(now)`` (daily, ``manage.py send_verification_reminders``):
  every member whose current verification ends within 30 days is told once, and
  again within 7 days, in the inbox and by email (kind ``accounts_expiry``). The
  inbox item's event key names the verification and the step, and an event reaches
  a member only once, so running it twice (or on two machines) tells nobody twice.
- ``send_renewal_link(member)``: the member asks (one button on their verification
  page, where the reminder leads); a signed link goes to the official address of
  their current verification, valid for three days.
- ``renew(member, token)``: the member opens the link (signed in as themselves)
  and confirms: a new period starts, as when they first confirmed the address.
  The address must still be on an official domain of the same municipality.
"""

import datetime

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import pgettext_lazy

from community.audit.models import record
from community.notifications.registry import register_kind, register_target
from community.notifications.services import notify

from .models import StaffVerification, VerificationMethod

RENEWAL_SALT = "accounts.renew-verification"
RENEWAL_LINK_DAYS = 3
# Days before the end: each step is told once; the nearer one wins when both are due.
REMINDER_STEPS = (7, 30)

EXPIRY = register_kind(
    "accounts_expiry",
    label=pgettext_lazy("notification kind", "My staff verification is about to expire"),
    message={
        "expiry30": pgettext_lazy(
            "notification",
            "Your verification as staff of %(title)s ends in 30 days: renew it in one step",
        ),
        "expiry7": pgettext_lazy(
            "notification",
            "Your verification as staff of %(title)s ends in 7 days: renew it in one step",
        ),
    },
)


def register() -> None:
    register_target(StaffVerification, lambda user, queryset: queryset.filter(user=user))


def current_verifications():
    """Each member's current verification (the one their badge shows), still running."""
    return StaffVerification.objects.active().filter(
        expires_at=F("user__staff_until"),
        user__is_active=True,
        user__deleted_at__isnull=True,
    )


def send_expiry_reminders(now: datetime.datetime | None = None) -> int:
    """Tell every member whose verification ends soon, once per step; returns how many were told."""
    now = now or timezone.now()
    told = 0
    nearer = None
    for days in REMINDER_STEPS:
        due = current_verifications().filter(
            expires_at__gt=now, expires_at__lte=now + datetime.timedelta(days=days)
        )
        if nearer is not None:
            due = due.filter(expires_at__gt=now + datetime.timedelta(days=nearer))
        for verification in due.select_related("user", "municipality").order_by("pk"):
            told += remind(verification, days)
        nearer = days
    return told


def remind(verification: StaffVerification, days: int) -> int:
    """Tell the member their verification ends within ``days`` (once per verification and step)."""
    with translation.override(settings.LANGUAGE_CODE):
        until = date_format(timezone.localtime(verification.expires_at), "DATE_FORMAT")
        excerpt = str(pgettext_lazy("verification reminder", "Valid until %(date)s")) % {
            "date": until
        }
    made = notify(
        [verification.user],
        kind=EXPIRY,
        event=f"accounts.expiry{days}.{verification.pk}",
        target=verification,
        title=verification.municipality.display_name,
        url=reverse("accounts:verification"),
        excerpt=excerpt,
    )
    return len(made)


def renewable(member) -> StaffVerification | None:
    """The member's current verification, if confirming its address can renew it."""
    return (
        current_verifications()
        .filter(user=member, method=VerificationMethod.EMAIL_DOMAIN)
        .exclude(email="")
        .select_related("municipality")
        .first()
    )


@transaction.atomic
def send_renewal_link(member) -> StaffVerification | None:
    """Email a renewal link to the official address; None if it cannot be renewed that way."""
    verification = renewable(member)
    if verification is None:
        return None
    token = signing.dumps({"v": verification.pk, "u": member.pk}, salt=RENEWAL_SALT)
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "member": member,
            "verification": verification,
            "link": settings.WAGTAILADMIN_BASE_URL.rstrip("/")
            + reverse("accounts:renew_verification", kwargs={"token": token}),
            "days": RENEWAL_LINK_DAYS,
        }
        subject = render_to_string("accounts/email/renewal_subject.txt", context).strip()
        body = render_to_string("accounts/email/renewal_message.txt", context)
    send_mail(subject, body, None, [verification.email])
    record("verification.renewal_sent", actor=member, target=member, email=verification.email)
    return verification


class RenewalError(Exception):
    """A link that cannot renew (expired, someone else's, an address no longer official)."""


def verification_for_token(member, token: str) -> StaffVerification:
    from .services import municipality_for_email

    try:
        data = signing.loads(
            token, salt=RENEWAL_SALT, max_age=datetime.timedelta(days=RENEWAL_LINK_DAYS)
        )
    except signing.SignatureExpired as error:
        raise RenewalError("expired") from error
    except signing.BadSignature as error:
        raise RenewalError("invalid") from error
    if data.get("u") != member.pk:
        raise RenewalError("invalid")
    verification = (
        StaffVerification.objects.filter(pk=data.get("v"), user=member, revoked_at__isnull=True)
        .select_related("municipality")
        .first()
    )
    if verification is None or not verification.email:
        raise RenewalError("invalid")
    if municipality_for_email(verification.email) != verification.municipality:
        raise RenewalError("not_official")
    return verification


@transaction.atomic
def renew(member, token: str) -> StaffVerification:
    """Start a new period for the verification the link names; raises ``RenewalError``."""
    from .services import grant_verification

    verification = verification_for_token(member, token)
    if member.staff_until and member.staff_until > verification.expires_at:
        return renewable(member) or verification  # renewed already (the link opened twice)
    return grant_verification(
        member,
        verification.municipality,
        method=VerificationMethod.EMAIL_DOMAIN,
        email=verification.email,
    )
