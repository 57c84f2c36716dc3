"""Seeded members for the seeding tests (the steps after the first need authors)."""

import io
import random

import pytest


@pytest.fixture
def seeded_members(db):
    from casestudies.demo.seed.accounts import seed_members
    from community.accounts.models import User

    seed_members(0.02, random.Random("members"), io.StringIO())
    return list(User.objects.filter(email__startswith="seed-").order_by("pk"))
