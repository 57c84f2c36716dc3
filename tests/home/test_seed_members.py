"""seed_demo's members step: in bulk it writes exactly the rows that saving each
member and verifying its address through the accounts services writes."""

import io
import random

import pytest
from allauth.account.models import EmailAddress

from casestudies.demo.seed.accounts import plan_members, save_new_members, seed_members
from community.accounts.models import StaffVerification, User

from .snapshots import same_rows

pytestmark = pytest.mark.django_db


def test_bulk_seeding_writes_exactly_the_rows_the_accounts_services_write(
    django_capture_on_commit_callbacks,
):
    planned = plan_members(0.02, random.Random("members"))
    # A plain address and one like create_user makes (no allauth address row).
    planned[1].user.email = planned[1].email = "SEED-1@Example.COM"
    planned[2].email_address = False

    tables, slow_queries, fast_queries = same_rows(
        lambda: save_new_members(planned, through_services=True),
        lambda: save_new_members(planned),
        django_capture_on_commit_callbacks,
    )

    assert len(tables["accounts_staffverification"]) == 50
    assert any(row["email"] == "SEED-1@example.com" for row in tables["accounts_user"])
    assert fast_queries * 10 < slow_queries


def test_seeded_members_cover_every_municipality_and_half_are_verified_staff():
    seed_members(0.4, random.Random("members"), io.StringIO())

    seeded = User.objects.filter(email__startswith="seed-")
    assert seeded.count() == 2_000
    staff = seeded.filter(staff_municipality__isnull=False)
    assert staff.count() == 1_000
    assert all(member.is_verified_staff for member in staff)
    assert StaffVerification.objects.filter(user__in=staff).count() == 1_000
    assert EmailAddress.objects.filter(user__in=seeded, verified=True).count() == 2_000
    towns = set(seeded.values_list("municipality", flat=True).distinct())
    # Staff towns go round all 1,741 municipalities before any comes twice.
    assert len(towns - {None}) == 1_000

    seed_members(0.4, random.Random("members"), io.StringIO())  # tops up, adds nothing
    assert seeded.count() == 2_000
