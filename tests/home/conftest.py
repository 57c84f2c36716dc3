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


@pytest.fixture(autouse=True)
def _no_email_while_seeding(_email_through_the_outbox, settings):
    """As ``seed_demo``: the seeded addresses are on real municipal domains, so mail goes
    to the dummy backend (the inbox items are still made, and marked emailed)."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
