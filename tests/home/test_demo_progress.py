"""load_demo and seed_demo say what they are doing as they do it (a line per step
or batch with the elapsed time), say nothing under -v0, and load_demo's account
list marks the accounts that ask for a second factor and how to get a code."""

from io import StringIO
from unittest import mock

import pytest
from allauth.mfa.totp.internal.auth import validate_totp_code
from django.core.management import call_command

from casestudies.demo.accounts import DEMO_TOTP_SECRET

pytestmark = pytest.mark.django_db


def load_demo(verbosity: int) -> str:
    out = StringIO()
    # The accounts steps only (the site's and the forum's accounts, which are of another
    # kind): the whole demo is too slow for a unit test.
    with mock.patch(
        "casestudies.demo.management.commands.load_demo.DEMO_STEPS",
        ["casestudies.demo.accounts.load", "casestudies.demo.forum.load"],
    ):
        call_command(
            "load_demo", "--i-know-this-is-not-production", stdout=out, verbosity=verbosity
        )
    return out.getvalue()


def test_load_demo_reports_each_step_with_its_time():
    lines = load_demo(1).splitlines()
    assert any(line.endswith("(1/3) Municipalities …") for line in lines)
    assert any("(1/3) Municipalities: done in " in line for line in lines)
    assert any("0 created, 0 updated, 1788 unchanged" in line for line in lines)
    assert any("(2/3) Accounts: done in " in line for line in lines)
    assert lines[0].startswith("[") and " s] " in lines[0]


def test_load_demo_marks_the_accounts_that_need_a_second_factor_and_how_to_get_a_code():
    report = load_demo(1)
    rows = {line.split()[0]: line for line in report.splitlines() if line.startswith("  ")}
    assert " 2FA " in rows["moderator@yokoten.example"]
    assert " 2FA " in rows["dx-demo@city.shimotsuma.lg.jp"]
    assert " 2FA " not in rows["member-demo@example.com"]
    forum = next(email for email in rows if email.startswith("forum-demo-1@"))
    assert " 2FA " not in rows[forum]  # an account of another step, without TOTP
    assert "manage.py demo_totp_code" in report and DEMO_TOTP_SECRET in report


def test_load_demo_under_v0_prints_nothing():
    assert load_demo(0) == ""


def test_demo_totp_code_prints_a_code_the_site_accepts():
    out, err = StringIO(), StringIO()
    call_command("demo_totp_code", stdout=out, stderr=err)
    code = out.getvalue().strip()
    assert len(code) == 6 and code.isdigit()
    assert validate_totp_code(DEMO_TOTP_SECRET, code)
    assert "valid for another" in err.getvalue()


def test_seed_demo_reports_batches_with_their_time_and_is_quiet_under_v0():
    steps = ["casestudies.demo.seed.accounts.seed_members"]
    with mock.patch("casestudies.demo.management.commands.seed_demo.SEED_STEPS", steps):
        out = StringIO()
        call_command("seed_demo", "--scale", "0.002", stdout=out, verbosity=1)
        lines = out.getvalue().splitlines()
        assert any(line.endswith("members: 10/10") for line in lines)
        assert all(line.startswith("[") and " s] " in line for line in lines)

        quiet = StringIO()
        call_command("seed_demo", "--scale", "0.002", stdout=quiet, verbosity=0)
        assert quiet.getvalue() == ""
