"""Seeded members for the seeding tests (the steps after the first need authors), and
the content factories for the home page's tests."""

import io
import random

import pytest

# The home page shows every kind of content: the factories of each.
from tests.adoption.conftest import (  # noqa: F401 - fixtures
    case_study_factory,
    curriculum_factory,
    curriculum_index,
    document_factory,
    index_page,
    media_root,
    template_factory,
    template_index,
)
from tests.events.conftest import make_event  # noqa: F401 - fixture
from tests.forum.conftest import public_board, question_factory, staff_board  # noqa: F401
from tests.visits.conftest import request_factory  # noqa: F401 - fixtures


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
