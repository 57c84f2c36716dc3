"""manage.py seed_demo: every step reports its progress and time, the cached pages
are retired once at the end, and a second run tops up without duplicating."""

from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command

from casestudies.cases.models import CaseStudyPage
from community.forum.models import Question

pytestmark = pytest.mark.django_db


def test_seed_demo_reports_each_step_and_retires_cached_pages_at_the_end():
    out = StringIO()

    # Bulk writes send no post_save, so the command retires cached pages itself.
    with mock.patch(
        "casestudies.demo.management.commands.seed_demo.retire_everything",
        side_effect=lambda: out.write("RETIRED\n"),
    ):
        call_command("seed_demo", "--scale", "0.005", stdout=out)

    report = out.getvalue()
    from casestudies.demo.management.commands.seed_demo import SEED_STEPS

    for step in SEED_STEPS:
        assert f"{step} …" in report
    assert report.count("  done in ") == len(SEED_STEPS) + 1  # and the reference index
    assert "members: 25/25" in report and "questions: 100/100" in report
    assert "Seeded at scale 0.005 in " in report
    assert report.count("RETIRED") == 1
    assert report.index("RETIRED") > report.index("Rebuilding Wagtail's reference index")
    assert CaseStudyPage.objects.filter(slug__startswith="seed-").live().count() == 10
    assert Question.objects.filter(author__email__startswith="seed-").count() == 100

    call_command("seed_demo", "--scale", "0.005", stdout=StringIO())

    assert CaseStudyPage.objects.filter(slug__startswith="seed-").count() == 10
    assert Question.objects.filter(author__email__startswith="seed-").count() == 100
