"""Seeded members for load tests: half of them verified staff of a municipality
(through the same verification service the site uses), half plain members."""

from allauth.account.models import EmailAddress
from django.db import transaction

from community.municipalities.registry import domain_from_website
from community.municipalities.seed import MunicipalityPicker

from .models import User
from .services import verify_by_email

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


def seed_members(scale: float, rng, stdout) -> dict:
    target = int(5_000 * scale)
    existing = User.objects.filter(email__startswith="seed-").count()
    picker = MunicipalityPicker(rng)
    created = 0
    for number, municipality in enumerate(picker.every_one_then_weighted(target)):
        if number < existing:
            continue
        staff = number % 2 == 0
        domain = domain_from_website(municipality.website) if staff else None
        email = f"seed-{number}@{domain}" if domain else f"seed-{number}@example.com"
        with transaction.atomic():
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
            user.save()
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
            if domain:
                verify_by_email(user, email)
        created += 1
        if created % 500 == 0:
            stdout.write(f"  members: {number + 1}/{target}")
    return {"members": User.objects.filter(email__startswith="seed-").count()}
