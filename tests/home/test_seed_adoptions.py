"""seed_demo's adoptions step: in bulk it writes exactly the rows that recording each
adoption through ``adopt`` writes, and what it seeds gives the adoption charts
something to show: towns of every size adopting over several 年度."""

import io
import random

import pytest
from django.test.utils import override_settings

from casestudies.adoption.models import Adoption
from casestudies.demo.seed.adoptions import plan_adoptions, seed_adoptions, write_adoptions
from casestudies.demo.seed.apptemplates import seed_templates
from casestudies.demo.seed.cases import seed_case_studies
from casestudies.knowledge.fiscal import fiscal_year_of
from community.audit.models import AuditEntry
from community.municipalities.bands import population_band_for

from .snapshots import same_rows

pytestmark = pytest.mark.django_db

NO_TASKS = override_settings(
    TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
)


@pytest.fixture
def seeded_pages(seeded_members, tmp_path):
    with NO_TASKS, override_settings(MEDIA_ROOT=tmp_path):
        seed_case_studies(0.02, random.Random("cases"), io.StringIO())
        seed_templates(0.005, random.Random("templates"), io.StringIO())


def test_bulk_adoptions_are_the_rows_the_adoption_service_writes(
    seeded_pages, django_capture_on_commit_callbacks
):
    planned = plan_adoptions(0.02, random.Random("adoptions"))
    assert len(planned) == 120
    # A page adopted twice in one batch counts 1, then 2, in its audit entries. The
    # rows compared are those ``adopt`` writes in its transaction; the owner's inbox
    # item is a queued task's (kept off the queue here, and never seeded in bulk).
    with NO_TASKS:
        tables, slow_queries, fast_queries = same_rows(
            lambda: write_adoptions(planned, io.StringIO(), through_services=True),
            lambda: write_adoptions(planned, io.StringIO()),
            django_capture_on_commit_callbacks,
        )
    assert len(tables["adoption_adoption"]) == 120
    counts = [row["data"]["adoption_count"] for row in tables["audit_auditentry"]
              if row["action"] == "adoption.recorded"]  # fmt: skip
    assert max(counts) > 1
    assert any(row["adoption_count"] > 1 for row in tables["cases_casestudypage"])
    assert fast_queries * 10 < slow_queries


def test_seeded_adoptions_spread_over_towns_of_every_size_and_several_years(seeded_pages):
    seed_adoptions(0.02, random.Random("adoptions"), io.StringIO())
    adoptions = list(Adoption.objects.select_related("municipality"))
    assert len(adoptions) == 120
    bands = {population_band_for(a.municipality.population).slug for a in adoptions}
    assert {"under_5k", "5k_10k", "10k_30k"} <= bands and len(bands) >= 5
    assert len({fiscal_year_of(a.adopted_on) for a in adoptions}) >= 4
    for adoption in adoptions:
        page = adoption.page.specific
        assert adoption.municipality_id != page.municipality_id
        assert adoption.adopted_on > page.first_published_at.date()
        assert adoption.created_by.staff_municipality_id == adoption.municipality_id
    for page in {adoption.page.specific for adoption in adoptions}:
        assert page.adoption_count == Adoption.objects.filter(page_id=page.pk).count()
    assert AuditEntry.objects.filter(action="adoption.recorded").count() == 120
    # Running it again adds nothing.
    seed_adoptions(0.02, random.Random("adoptions"), io.StringIO())
    assert Adoption.objects.count() == 120
