"""State changes for members and staff verification. Each function runs in a
transaction, records who acted in the audit log, and tells the member of a
moderator's decision through the notifications (inbox and email)."""

import datetime

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community.audit.models import record
from community.municipalities.models import Municipality, OfficialDomain

from .models import StaffVerification, User, VerificationMethod, VerificationRequest
from .notifications import tell_member
from .permissions import STAFF_GROUP


class VerificationError(Exception):
    """A decision that cannot be made, with a message for the person who tried."""


def verification_period() -> datetime.timedelta:
    return datetime.timedelta(days=settings.YOKOTEN_VERIFICATION_DAYS)


def sync_staff_group(user: User) -> None:
    """Verified staff are in the staff group (Wagtail contributor rights) exactly while verified."""
    group, _ = Group.objects.get_or_create(name=STAFF_GROUP)
    if user.is_verified_staff:
        user.groups.add(group)
    else:
        user.groups.remove(group)


def _mirror_active_verification(user: User) -> None:
    current = StaffVerification.objects.active().filter(user=user).order_by("-expires_at").first()
    user.staff_municipality = current.municipality if current else None
    user.staff_until = current.expires_at if current else None
    user.save(update_fields=["staff_municipality", "staff_until"])
    sync_staff_group(user)


@transaction.atomic
def grant_verification(
    user: User,
    municipality: Municipality,
    *,
    method: str,
    actor: User | None = None,
    email: str = "",
) -> StaffVerification:
    """Make ``user`` verified staff of ``municipality`` for one period; a grant
    for another municipality ends (staff move between towns)."""
    now = timezone.now()
    StaffVerification.objects.active().filter(user=user).exclude(municipality=municipality).update(
        revoked_at=now, revoke_reason="superseded by a verification for another municipality"
    )
    verification = StaffVerification.objects.create(
        user=user,
        municipality=municipality,
        method=method,
        email=email,
        verified_at=now,
        expires_at=now + verification_period(),
        decided_by=actor,
    )
    if user.municipality_id is None:
        user.municipality = municipality
        user.save(update_fields=["municipality"])
    _mirror_active_verification(user)
    record(
        "verification.granted",
        actor=actor,
        target=user,
        municipality=municipality.code,
        method=method,
        expires_at=verification.expires_at.isoformat(),
    )
    return verification


def municipality_for_email(email: str) -> Municipality | None:
    """The municipality whose official domain (or a sub-domain of it) the address is on."""
    domain = email.rpartition("@")[2]
    owner = OfficialDomain.objects.owning(domain).select_related("municipality").first()
    return owner.municipality if owner else None


def verify_by_email(user: User, email: str) -> bool:
    """Called when a member confirms an address: official domain → verified staff."""
    municipality = municipality_for_email(email)
    if municipality is None:
        return False
    grant_verification(user, municipality, method=VerificationMethod.EMAIL_DOMAIN, email=email)
    return True


@transaction.atomic
def request_verification(
    user: User, municipality: Municipality, *, department: str, note: str
) -> VerificationRequest:
    if VerificationRequest.objects.filter(
        user=user, status=VerificationRequest.Status.PENDING
    ).exists():
        raise VerificationError(_("You already have a request waiting for a moderator."))
    verification_request = VerificationRequest.objects.create(
        user=user, municipality=municipality, department=department, note=note
    )
    record("verification.requested", actor=user, target=user, municipality=municipality.code)
    return verification_request


def _decide(
    verification_request: VerificationRequest, *, actor: User, status: str, reason: str
) -> bool:
    locked = VerificationRequest.objects.select_for_update().get(pk=verification_request.pk)
    if locked.status != VerificationRequest.Status.PENDING:
        return False
    locked.status, locked.decided_by, locked.decided_at, locked.reason = (
        status,
        actor,
        timezone.now(),
        reason,
    )
    locked.save(update_fields=["status", "decided_by", "decided_at", "reason"])
    verification_request.refresh_from_db()
    return True


@transaction.atomic
def approve_verification_request(
    verification_request: VerificationRequest, *, actor: User, reason: str = ""
) -> bool:
    """Returns False if someone already decided it (two moderators at once)."""
    if not _decide(
        verification_request, actor=actor, status=VerificationRequest.Status.APPROVED, reason=reason
    ):
        return False
    member = verification_request.user
    grant_verification(
        member, verification_request.municipality, method=VerificationMethod.MODERATOR, actor=actor
    )
    if not member.department:
        member.department = verification_request.department
        member.save(update_fields=["department"])
    record(
        "verification.request_approved",
        actor=actor,
        target=member,
        reason=reason,
        request=verification_request.pk,
    )
    tell_member(
        member,
        "approved",
        verification_request,
        municipality=verification_request.municipality,
        actor=actor,
        reason=reason,
    )
    return True


@transaction.atomic
def reject_verification_request(
    verification_request: VerificationRequest, *, actor: User, reason: str
) -> bool:
    if not reason.strip():
        raise VerificationError(_("Give the member a reason."))
    if not _decide(
        verification_request, actor=actor, status=VerificationRequest.Status.REJECTED, reason=reason
    ):
        return False
    member = verification_request.user
    record(
        "verification.request_rejected",
        actor=actor,
        target=member,
        reason=reason,
        request=verification_request.pk,
    )
    tell_member(
        member,
        "rejected",
        verification_request,
        municipality=verification_request.municipality,
        actor=actor,
        reason=reason,
    )
    return True


@transaction.atomic
def revoke_verification(member: User, *, actor: User, reason: str) -> bool:
    if not reason.strip():
        raise VerificationError(_("Give the member a reason."))
    revoked = (
        StaffVerification.objects.active()
        .filter(user=member)
        .update(revoked_at=timezone.now(), revoked_by=actor, revoke_reason=reason)
    )
    if not revoked:
        return False
    municipality = member.staff_municipality
    _mirror_active_verification(member)
    record(
        "verification.revoked",
        actor=actor,
        target=member,
        reason=reason,
        municipality=getattr(municipality, "code", ""),
    )
    last = StaffVerification.objects.filter(user=member, revoked_by=actor).order_by("-revoked_at")
    tell_member(
        member, "revoked", last.first(), municipality=municipality, actor=actor, reason=reason
    )
    return True


def expire_if_due(member: User) -> bool:
    """On the first request after ``staff_until``, staff rights and badge go."""
    if member.staff_until is None or member.staff_until > timezone.now():
        return False
    with transaction.atomic():
        municipality_code = getattr(member.staff_municipality, "code", "")
        _mirror_active_verification(member)
        record("verification.expired", target=member, municipality=municipality_code)
    return True


def export_member_data(member: User) -> dict:
    """Everything Yokoten holds about the member, for 個人情報の開示."""
    return {
        "account": {
            "id": member.pk,
            "date_joined": member.date_joined.isoformat(),
            "last_login": member.last_login.isoformat() if member.last_login else None,
        },
        "profile": {
            "display_name": member.display_name,
            "display_name_kana": member.display_name_kana,
            "municipality": member.municipality.code if member.municipality else None,
            "department": member.department,
            "title": member.job_title,
            "bio": member.bio,
            "expertise": sorted(member.expertise.names()),
            "profile_visibility": member.profile_visibility,
        },
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=member).order_by("email")
        ],
        "staff_verifications": [
            {
                "municipality": verification.municipality.code,
                "method": verification.method,
                "email": verification.email,
                "verified_at": verification.verified_at.isoformat(),
                "expires_at": verification.expires_at.isoformat(),
                "revoked_at": verification.revoked_at.isoformat()
                if verification.revoked_at
                else None,
            }
            for verification in member.verifications.select_related("municipality")
        ],
        "verification_requests": [
            {
                "municipality": item.municipality.code,
                "department": item.department,
                "note": item.note,
                "status": item.status,
                "created_at": item.created_at.isoformat(),
                "reason": item.reason,
            }
            for item in member.verification_requests.select_related("municipality")
        ],
    }


@transaction.atomic
def delete_account(member: User) -> None:
    """Remove personal data; public posts stay, attributed to 退会したユーザー."""
    from allauth.mfa.models import Authenticator

    EmailAddress.objects.filter(user=member).delete()
    Authenticator.objects.filter(user=member).delete()
    member.verification_requests.update(note="", department="")
    member.verifications.update(email="")
    member.expertise.clear()
    member.groups.clear()
    member.email = f"deleted-{member.pk}@deleted.invalid"
    member.username = f"deleted-{member.pk}"
    for field in (
        "display_name",
        "display_name_kana",
        "department",
        "job_title",
        "bio",
        "first_name",
        "last_name",
    ):
        setattr(member, field, "")
    member.municipality = member.staff_municipality = member.staff_until = None
    member.is_active = member.is_staff = member.is_superuser = False
    member.deleted_at = timezone.now()
    member.set_unusable_password()
    member.save()
    record("account.deleted", actor=None, target=member)
