"""Do sign-up, log-in and password reset take as long for an address that has an
account as for one that has none? Times SAMPLES requests of each kind, alternating,
with production's password hasher (PBKDF2), and prints each range and whether they
overlap (tests/accounts/test_enumeration.py proves the same work is done).

    .venv/bin/python .ci/enumeration_timing.py [--samples 20] [--plain-allauth-signup]

(--plain-allauth-signup: sign-up with allauth's own form, as before the dummy hash.)

Runs on a throw-away test database (SQLite in memory unless DATABASE_URL is set).
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yokoten.settings.test")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402


def timed(url: str, data: dict) -> float:
    client = Client()
    started = time.perf_counter()
    response = client.post(url, data)
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code in (200, 302), response.status_code
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=20)
    parser.add_argument("--plain-allauth-signup", action="store_true")
    arguments = parser.parse_args()
    samples = arguments.samples
    if arguments.plain_allauth_signup:
        settings.ACCOUNT_FORMS = {}
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    settings.ACCOUNT_RATE_LIMITS = False  # measure the work, not the limits
    from community.accounts import login_limits

    login_limits.FREE_FAILURES = 10**6
    setup_test_environment()
    connection.creation.create_test_db(verbosity=0)

    from allauth.account.models import EmailAddress

    from community.accounts.models import User

    member = User.objects.create_user(email="member@example.com", password="x" * 12)
    EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
    password = "kintone-is-great-42"  # noqa: S105 (a throw-away test account)
    kinds = {
        "sign-up": lambda email: (
            "/accounts/signup/",
            {"email": email, "password1": password, "password2": password},
        ),
        "log-in (wrong password)": lambda email: (
            "/accounts/login/",
            {"login": email, "password": "guess-1234"},
        ),
        "password reset": lambda email: ("/accounts/password/reset/", {"email": email}),
    }
    for kind, request in kinds.items():
        known, unknown = [], []
        for n in range(samples):
            known.append(timed(*request(member.email)))
            unknown.append(timed(*request(f"new{n}-{kind[:4]}@example.com")))
        overlap = min(known) <= max(unknown) and min(unknown) <= max(known)
        print(
            f"{kind}: existing {min(known):.0f}–{max(known):.0f} ms "
            f"(median {sorted(known)[samples // 2]:.0f}), "
            f"new {min(unknown):.0f}–{max(unknown):.0f} ms "
            f"(median {sorted(unknown)[samples // 2]:.0f}); "
            f"ranges {'overlap' if overlap else 'SEPARATE'}"
        )


if __name__ == "__main__":
    main()
