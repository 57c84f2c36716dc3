"""Demo accounts shared by every demo step. Passwords are obviously demo-only;
``load_demo`` refuses to run unless DEBUG is on or --i-know-this-is-not-production."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model


@dataclass(frozen=True)
class DemoAccount:
    email: str
    password: str
    role: str


SITE_ADMIN = DemoAccount(
    "admin@yokoten.example", "demo-only-admin-2026", "サイト管理者 / site admin"
)


def ensure_site_admin() -> DemoAccount:
    User = get_user_model()
    user, created = User.objects.get_or_create(
        email=SITE_ADMIN.email,
        defaults={"is_staff": True, "is_superuser": True, "first_name": "運営事務局"},
    )
    if created:
        user.set_password(SITE_ADMIN.password)
        user.save()
    return SITE_ADMIN
