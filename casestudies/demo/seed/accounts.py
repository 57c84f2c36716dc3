"""Seeded members for load tests: half of them verified staff of a municipality
(through the same verification service the site uses), half plain members.

``through_services=True`` saves each member, its confirmed address and its
verification by email domain (``verify_by_email``) one at a time. The default
writes the same rows in bulk, ``BATCH`` members per transaction: members (with
``staff_municipality`` and ``staff_until`` as ``grant_verification`` leaves
them), addresses, verifications, staff-group memberships and audit entries.
``save_new_members`` also serves the page seeders' authors.
``tests/home/test_seed_members.py`` checks that both write identical rows.
"""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from casestudies.demo.seed.bulk import batched
from casestudies.demo.seed.municipalities import MunicipalityPicker
from community.accounts.models import StaffVerification, User, VerificationMethod
from community.accounts.permissions import STAFF_GROUP
from community.accounts.services import municipality_for_email, verification_period, verify_by_email
from community.audit.models import AuditEntry, audit_entry
from community.municipalities.registry import domain_from_website

FAMILY_NAMES = [
    "佐藤",
    "鈴木",
    "高橋",
    "田中",
    "伊藤",
    "渡辺",
    "山本",
    "中村",
    "小林",
    "加藤",
    "吉田",
    "山田",
    "佐々木",
    "山口",
    "松本",
    "井上",
    "木村",
    "林",
    "斎藤",
    "清水",
]
GIVEN_NAMES = [
    "陽菜",
    "結衣",
    "美咲",
    "健太",
    "翔太",
    "大輔",
    "直子",
    "由美",
    "真一",
    "裕子",
    "拓也",
    "彩",
    "和也",
    "恵",
    "誠",
    "愛",
    "亮",
    "舞",
    "修",
    "優子",
]


@dataclass
class NewMember:
    user: User  # unsaved, as sign-up or ``create_user`` would make it
    email: str  # the confirmed address: verified staff if it is on an official domain
    email_address: bool = True  # an allauth address row, as sign-up makes


def plan_members(scale: float, rng) -> list[NewMember]:
    """Every other member is staff; the staff's towns go round all 1,741 municipalities
    first (at --scale 0.7 and above every one has staff), then small towns the most."""
    target = int(5_000 * scale)
    existing = User.objects.filter(email__startswith="seed-").count()
    towns = MunicipalityPicker(rng).every_one_then_weighted((target + 1) // 2)
    planned = []
    for number in range(target):
        staff = number % 2 == 0
        municipality = next(towns) if staff else None
        if number < existing:
            continue
        domain = domain_from_website(municipality.website) if staff else None
        email = f"seed-{number}@{domain}" if domain else f"seed-{number}@example.com"
        user = User(
            email=email,
            username=f"seed-{number}",
            display_name=f"{rng.choice(FAMILY_NAMES)} {rng.choice(GIVEN_NAMES)}",
            municipality=municipality if staff else None,
            department=rng.choice(["DX推進課", "情報政策課", "総務課", "企画課", "住民課"])
            if staff
            else "",
            profile_visibility="public",
        )
        user.set_unusable_password()
        planned.append(NewMember(user, email))
    return planned


def seed_members(scale: float, rng, stdout, *, through_services: bool = False) -> dict:
    planned = plan_members(scale, rng)
    done = 0
    for batch in batched(planned, 500):
        save_new_members(batch, through_services=through_services)
        done += len(batch)
        stdout.write(f"  members: {done}/{len(planned)}")
    return {"members": User.objects.filter(email__startswith="seed-").count()}


def save_new_members(new_members: list[NewMember], *, through_services: bool = False) -> None:
    """Save the members, their addresses and, for addresses on an official domain,
    their verification as staff (``verify_by_email``)."""
    if through_services:
        for new in new_members:
            with transaction.atomic():
                new.user.save()
                if new.email_address:
                    EmailAddress.objects.create(
                        user=new.user, email=new.email, verified=True, primary=True
                    )
                verify_by_email(new.user, new.email)
        return
    with transaction.atomic():
        _save_in_bulk(new_members)


def _save_in_bulk(new_members: list[NewMember]) -> None:
    now = timezone.now()
    expires = now + verification_period()
    owners = {}  # domain → the municipality owning it, or None
    verified = []
    for new in new_members:
        user = new.user
        # As User.save() does.
        user.email = User.objects.normalize_email(user.email)
        domain = new.email.rpartition("@")[2]
        if domain not in owners:
            owners[domain] = municipality_for_email(new.email)
        municipality = owners[domain]
        if municipality is not None:
            # As grant_verification() leaves the member.
            user.municipality = user.municipality or municipality
            user.staff_municipality, user.staff_until = municipality, expires
            verified.append((new, municipality))
    User.objects.bulk_create([new.user for new in new_members])
    EmailAddress.objects.bulk_create(
        EmailAddress(user=new.user, email=new.email, verified=True, primary=True)
        for new in new_members
        if new.email_address
    )
    method = VerificationMethod.EMAIL_DOMAIN
    StaffVerification.objects.bulk_create(
        StaffVerification(
            user=new.user,
            municipality=municipality,
            method=method,
            email=new.email,
            verified_at=now,
            expires_at=expires,
        )
        for new, municipality in verified
    )
    if verified:  # sync_staff_group() puts verified staff in the staff group
        group = Group.objects.get_or_create(name=STAFF_GROUP)[0]
        User.groups.through.objects.bulk_create(
            User.groups.through(user_id=new.user.pk, group_id=group.pk)
            for new, _municipality in verified
        )
    AuditEntry.objects.bulk_create(
        audit_entry(
            "verification.granted",
            target=new.user,
            municipality=municipality.code,
            method=method,
            expires_at=expires.isoformat(),
        )
        for new, municipality in verified
    )
