"""Shared fixtures. The registry of all 1,788 local governments is loaded once
per test database (every test then runs inside a rolled-back transaction), so
tests query the real data: 下妻市 is 082104 with 42,071 people."""

import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_municipalities", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture
def shimotsuma(db):
    from community.municipalities.models import Municipality

    return Municipality.objects.select_related("prefecture").get(code="082104")


# --- The cast: anonymous, member (unverified), staff of 下妻市, staff of another
# town (山形県 飯豊町, about 6,200 people), moderator. ---------------------------


def make_member(email: str, *, name: str = "", verified_email: bool = True, **fields):
    from allauth.account.models import EmailAddress

    from community.accounts.models import User
    from community.accounts.services import verify_by_email

    user = User.objects.create_user(
        email=email, password="correct-horse-battery", display_name=name, **fields
    )
    EmailAddress.objects.create(user=user, email=email, verified=verified_email, primary=True)
    if verified_email:
        verify_by_email(user, email)
    return user


@pytest.fixture
def member(db):
    return make_member("member@example.com", name="山口 陽菜")


@pytest.fixture
def shimotsuma_staff(db):
    return make_member("ishizuka@city.shimotsuma.lg.jp", name="石塚 美咲", department="DX推進課")


@pytest.fixture
def other_town_staff(db):
    return make_member("sato@town.iide.yamagata.jp", name="佐藤 健太")


@pytest.fixture
def moderator(db):
    from django.contrib.auth.models import Group

    from community.accounts.permissions import MODERATOR_GROUP

    user = make_member("moderator@yokoten.example", name="森田 千尋")
    user.groups.add(Group.objects.get(name=MODERATOR_GROUP))
    return user


@pytest.fixture
def with_totp():
    """Give a user a TOTP device (moderators and admin users need one)."""
    from allauth.mfa.totp.internal.auth import TOTP

    def activate(user):
        TOTP.activate(user, "JBSWY3DPEHPK3PXPJBSWY3DP")
        return user

    return activate


@pytest.fixture
def client_for(client):
    """A logged-in client for a member of the cast (or anonymous for None)."""
    from django.test import Client

    def login(user):
        new_client = Client()
        if user is not None:
            new_client.force_login(user)
        return new_client

    return login


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters and cached fragments never leak between tests."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
