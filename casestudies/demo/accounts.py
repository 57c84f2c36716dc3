"""Demo accounts. Their passwords and the shared TOTP secret are public:
they exist only for the demo and the browser tests."""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.models import Group
from django.db import transaction

from community.accounts.models import User
from community.accounts.permissions import MODERATOR_GROUP
from community.accounts.services import verify_by_email

# Moderators and Wagtail users must use two-factor authentication; the demo
# accounts share this secret (add it to any authenticator app, or compute a code
# with `oathtool --totp -b DEMOYOKOTENTOTPSECRETXYZ`).
DEMO_TOTP_SECRET = "DEMOYOKOTENTOTPSECRETXYZ"  # noqa: S105 (public, demo only)


@dataclass(frozen=True)
class DemoAccount:
    email: str
    password: str
    role: str
    display_name: str
    department: str = ""
    job_title: str = ""
    bio: str = ""
    superuser: bool = False
    moderator: bool = False
    with_totp: bool = False


SITE_ADMIN = DemoAccount(
    "admin@yokoten.example",
    "demo-admin-2026",
    "サイト管理者 / site admin",
    "横展開 運営事務局",
    superuser=True,
    with_totp=True,
)
MODERATOR = DemoAccount(
    "moderator@yokoten.example",
    "demo-moderator-2026",
    "モデレーター / moderator",
    "森田 千尋",
    department="一般社団法人 横展開推進協会",
    job_title="コミュニティマネージャー",
    moderator=True,
    with_totp=True,
)
SHIMOTSUMA_STAFF = DemoAccount(
    "dx-demo@city.shimotsuma.lg.jp",
    "demo-shimotsuma-2026",
    "認証済み職員（下妻市）/ verified staff of Shimotsuma",
    "石塚 美咲",
    department="DX推進課",
    job_title="主任",
    bio="DX推進課でkintoneの庁内展開と職員研修を担当しています。予算ゼロからの始め方なら何でも聞いてください。",
    with_totp=True,
)
SMALL_TOWN_STAFF = DemoAccount(
    "dx-demo@town.iide.yamagata.jp",
    "demo-iide-2026",
    "認証済み職員（山形県飯豊町・人口約6,200人）/ verified staff of a small town",
    "佐藤 健太",
    department="総務企画課",
    job_title="情報統計係長",
    bio="情報担当は私ひとりです。同じ規模の町の方と知恵を出し合えたらうれしいです。",
    with_totp=True,
)
MEMBER = DemoAccount(
    "member-demo@example.com",
    "demo-member-2026",
    "一般会員（未認証）/ unverified member",
    "山口 陽菜",
    department="株式会社サンプル地域DX",
    bio="自治体向けのノーコード導入支援をしています。",
)
DEMO_ACCOUNTS = [SITE_ADMIN, MODERATOR, SHIMOTSUMA_STAFF, SMALL_TOWN_STAFF, MEMBER]


@transaction.atomic
def ensure_account(account: DemoAccount) -> User:
    user = User.objects.filter(email=account.email).first()
    if user is None:
        user = User.objects.create_user(
            email=account.email,
            password=account.password,
            display_name=account.display_name,
            department=account.department,
            job_title=account.job_title,
            bio=account.bio,
            profile_visibility="public",
            is_staff=account.superuser,
            is_superuser=account.superuser,
        )
        EmailAddress.objects.create(user=user, email=account.email, verified=True, primary=True)
        verify_by_email(user, account.email)
        if account.moderator:
            user.groups.add(Group.objects.get(name=MODERATOR_GROUP))
        if account.with_totp:
            TOTP.activate(user, DEMO_TOTP_SECRET)
    return user


def load(stdout=None) -> list[DemoAccount]:
    for account in DEMO_ACCOUNTS:
        ensure_account(account)
    return DEMO_ACCOUNTS
