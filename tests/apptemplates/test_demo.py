"""The demo builds templates with real, valid files and curricula with delivery logs,
and adoptions that form a visible lineage across small towns; loading twice adds nothing."""

import pytest

from casestudies.adoption.models import Adoption
from casestudies.apptemplates.lineage import lineage_of
from casestudies.apptemplates.models import AppTemplatePage, TemplateFile
from casestudies.curricula.models import CurriculumDelivery, CurriculumPage
from casestudies.curricula.services import summarise
from casestudies.demo import accounts as accounts_demo
from casestudies.demo import apptemplates as templates_demo
from casestudies.demo import cases as cases_demo
from casestudies.demo import curricula as curricula_demo
from community.audit.models import AuditEntry
from community.documents.uploads import check_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        accounts_demo.load()
        cases_demo.load()
        templates_demo.load()
        curricula_demo.load()


def test_demo_templates_have_real_files_and_a_lineage_across_small_towns(loaded):
    assert AppTemplatePage.objects.live().count() >= 15
    files = TemplateFile.objects.select_related("document")
    assert {file.document.file_extension for file in files} == {"zip", "csv", "xlsx", "pdf"}
    for file in files:
        with file.document.open_file() as handle:
            check_upload(handle, file.document.filename)

    nichinan = AppTemplatePage.objects.get(slug="nichinan-kintone-kenshin-kansho")
    lineage = lineage_of(nichinan)
    assert lineage.page.slug == "shimotsuma-kintone-kenshin-yoyaku"
    assert [child.page.slug for child in lineage.children] == ["iide-kintone-kenshin-yoyaku-junkai"]
    adopters = set()

    def walk(node):
        adopters.update(adoption.municipality for adoption in node.adoptions)
        for child in node.children:
            walk(child)

    walk(lineage)
    assert len([m for m in adopters if m.population < 10_000]) >= 5
    iide = AppTemplatePage.objects.get(slug="iide-kintone-kenshin-yoyaku-junkai")
    assert iide.derived_from_version == "1.2"
    for page in [*AppTemplatePage.objects.all(), *CurriculumPage.objects.all()]:
        assert page.adoption_count == Adoption.objects.filter(page_id=page.pk).count() > 0


def test_demo_curricula_load_once_with_shimotsumas_51_sessions_and_531_participants(loaded):
    assert CurriculumPage.objects.live().count() >= 8
    course = CurriculumPage.objects.get(slug="shimotsuma-kintone-kiso")
    by_year = dict(summarise(list(course.deliveries.all())).by_fiscal_year)
    assert (by_year[2023].sessions, by_year[2023].participants) == (51, 531)
    assert course.materials.count() == 2 and course.related_templates.count() == 2

    counts = (
        AppTemplatePage.objects.count(),
        CurriculumPage.objects.count(),
        Adoption.objects.count(),
        CurriculumDelivery.objects.count(),
        TemplateFile.objects.count(),
        AuditEntry.objects.count(),
    )
    templates_demo.load()
    curricula_demo.load()
    assert counts == (
        AppTemplatePage.objects.count(),
        CurriculumPage.objects.count(),
        Adoption.objects.count(),
        CurriculumDelivery.objects.count(),
        TemplateFile.objects.count(),
        AuditEntry.objects.count(),
    )
