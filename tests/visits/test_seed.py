"""seed_demo's visits step: staff of other towns ask a host for visits through
the visit services (and their rules), a third of them agreed; nobody is emailed."""

import io
import random

import pytest
from django.core import mail

from casestudies.demo.seed.accounts import seed_members
from casestudies.demo.seed.visits import seed_visit_requests
from community.visits.models import VisitRequest

pytestmark = pytest.mark.django_db


def test_seeded_requests_come_from_staff_of_many_other_towns(kintone_offer):
    seed_members(0.1, random.Random("members"), io.StringIO())

    counts = seed_visit_requests(0.01, random.Random("visits"), io.StringIO())

    requests = list(VisitRequest.objects.select_related("requester"))
    assert counts == {"visit_requests": 20} and len(requests) == 20
    towns = {request.requester.staff_municipality_id for request in requests}
    assert kintone_offer.municipality_id not in towns
    assert len(towns) > 10
    assert all(1 <= len(request.preferred_dates) <= 3 for request in requests)
    agreed = [request for request in requests if request.starts_at]
    assert len(agreed) == 7  # every third, first included
    assert not mail.outbox
