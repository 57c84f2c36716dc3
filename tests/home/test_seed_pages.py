"""seed_demo's page steps: in bulk they write exactly the rows that publishing
each page through Wagtail (add_child, save_revision, publish) writes, and the
pages they leave are live, findable and in their place in the tree."""

import io
import random

import pytest
from django.test.utils import override_settings

from casestudies.cases.models import CaseStudyPage
from casestudies.demo.seed.apptemplates import seed_templates
from casestudies.demo.seed.cases import plan_case_studies, seed_case_studies
from casestudies.demo.seed.curricula import seed_curricula
from community.municipalities.models import Municipality
from community.search.index import filter_queryset

from .snapshots import same_rows

pytestmark = pytest.mark.django_db

# As seed_demo runs: Wagtail's reference index is rebuilt once at the end.
NO_TASKS = override_settings(
    TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
)


@pytest.fixture
def planned_cases(monkeypatch):
    planned = plan_case_studies(0.02, random.Random("cases"))
    # A second case from the same town (its author exists by then), and one from
    # 下妻市, whose author is the demo account.
    planned[1] = (planned[1][0], planned[0][1])
    planned[1][0]["municipality_code"] = planned[0][1].code
    planned[2] = (planned[2][0], Municipality.objects.get(code="082104"))
    planned[2][0]["municipality_code"] = "082104"
    monkeypatch.setattr("casestudies.demo.seed.cases.plan_case_studies", lambda *args: planned)
    return planned


@NO_TASKS
def test_bulk_publishing_writes_exactly_the_rows_wagtail_publishing_writes(
    planned_cases, django_capture_on_commit_callbacks
):
    tables, slow_queries, fast_queries = same_rows(
        lambda: seed_case_studies(0.02, None, io.StringIO(), through_services=True),
        lambda: seed_case_studies(0.02, None, io.StringIO()),
        django_capture_on_commit_callbacks,
    )

    assert len(tables["cases_casestudypage"]) >= 40
    for table in (
        "wagtailcore_revision", "wagtailcore_pagelogentry", "cases_outcomemetric",
        "cases_casestudytag", "cases_casestudypage_tools", "search_searchentry",
        "accounts_staffverification",
    ):  # fmt: skip
        assert tables[table], table
    assert fast_queries * 5 < slow_queries


@NO_TASKS
def test_seeded_case_studies_are_live_in_the_tree_and_findable(planned_cases):
    seed_case_studies(0.02, None, io.StringIO())

    seeded = CaseStudyPage.objects.filter(slug__startswith="seed-")
    assert seeded.live().count() == len(planned_cases)
    index = seeded.first().get_parent()
    assert index.numchild == index.get_children().count()
    assert len({page.path for page in index.get_children()}) == index.numchild
    for page in seeded.select_related("live_revision"):
        assert page.url_path == f"{index.url_path}{page.slug}/"
        assert page.live_revision == page.latest_revision
        assert page.live_revision.as_object().title == page.title
        assert page.owner.is_verified_staff
        assert page.owner.staff_municipality_id == page.municipality_id
        found, _snippets = filter_queryset(CaseStudyPage.objects.live(), page.title)
        assert page in found


@NO_TASKS
@pytest.mark.parametrize(
    ("seed", "scale", "tables"),
    [
        (
            seed_templates, 0.02,
            ["apptemplates_templateversion", "apptemplates_templatefile",
             "apptemplates_downloadcounter", "wagtaildocs_document"],
        ),
        (
            seed_curricula, 0.1,
            ["curricula_curriculummodule", "curricula_curriculummaterial", "wagtaildocs_document"],
        ),
    ],
)  # fmt: skip
def test_templates_and_curricula_in_bulk_are_what_wagtail_publishing_writes_files_included(
    seed, scale, tables, tmp_path, django_capture_on_commit_callbacks
):
    def run(through_services, media):
        with override_settings(MEDIA_ROOT=tmp_path / media):
            seed(scale, random.Random("pages"), io.StringIO(), through_services=through_services)

    written, slow_queries, fast_queries = same_rows(
        lambda: run(True, "slow"), lambda: run(False, "fast"), django_capture_on_commit_callbacks
    )

    for table in tables:
        assert written[table], table
    files = sorted(path.relative_to(tmp_path / "slow") for path in (tmp_path / "slow").rglob("*.*"))
    assert files == sorted(
        path.relative_to(tmp_path / "fast") for path in (tmp_path / "fast").rglob("*.*")
    )
    assert len(files) == len(written["wagtaildocs_document"])
    assert fast_queries * 3 < slow_queries
