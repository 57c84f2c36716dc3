"""A template's page: its versions with their files and downloads, the plain parts
for LGWAN terminals, its lineage with each relative's adopters, its adopters, and
a query count that does not grow with versions, files, relatives or adopters."""

import datetime

import pytest

from casestudies.adoption.services import adopt
from community.municipalities.models import Municipality

pytestmark = pytest.mark.django_db


def adopt_by(template, *codes, version=""):
    for code in codes:
        adopt(
            template, Municipality.objects.get(code=code), actor=None,
            adopted_on=datetime.date(2025, 4, 1), version_number=version,
        )  # fmt: skip


def test_versions_are_listed_newest_first_with_their_files_and_downloads(client, template_factory):
    template = template_factory(versions=["1.0", "1.1"], files=["zip", "csv"])
    body = client.get(template.url).content.decode()
    assert body.index("1.1") < body.index("バージョン 1.0")
    assert body.count("/app-templates/download/") >= 4
    assert "ダウンロード 0回" in body


def test_plain_xlsx_and_pdf_parts_are_offered_apart_from_the_package(client, template_factory):
    template = template_factory(versions=["1.0"], files=["zip", "xlsx", "pdf"])
    context = client.get(template.url).context
    assert [file.kind for file in context["package_files"]] == ["zip"]
    assert sorted(file.kind for file in context["plain_files"]) == ["pdf", "xlsx"]
    assert "LGWAN" in client.get(template.url).content.decode()


def test_the_lineage_shows_derived_templates_and_their_adopters(client, template_factory):
    root = template_factory("082104", title="下妻市の健診予約")
    child = template_factory("064033", title="飯豊町の巡回健診予約", derived_from=root)
    grandchild = template_factory("314013", title="日南町の受診勧奨", derived_from=child)
    template_factory("082104", title="関係のないテンプレート")
    adopt_by(root, "064033", "085219")
    adopt_by(child, "063665", "314013")
    adopt_by(grandchild, "314030")

    lineage = client.get(child.url).context["lineage"]
    assert lineage.page == root and lineage.adopter_total == 5
    [middle] = lineage.children
    assert middle.current and [c.page for c in middle.children] == [grandchild]
    assert {a.municipality.code for a in middle.adoptions} == {"063665", "314013"}
    body = client.get(grandchild.url).content.decode()
    assert (
        "下妻市の健診予約" in body
        and "山形県 飯豊町" in body
        and "関係のないテンプレート" not in body
    )
    assert client.get(template_factory("082104").url).context["lineage"] is None


def test_unpublished_relatives_stay_out_of_the_lineage(client, template_factory):
    root = template_factory("082104")
    template_factory("064033", title="下書きの派生", derived_from=root, live=False)
    assert client.get(root.url).context["lineage"] is None


def test_the_facts_show_licence_derived_from_and_related_case_studies(
    client, template_factory, case_study_factory
):
    from casestudies.apptemplates.models import TemplateRelatedCase

    case = case_study_factory("082104", title="下妻市の事例")
    root = template_factory("082104", title="元のテンプレート")
    template = template_factory("064033", derived_from=root, licence="cc-by-sa-4.0")
    TemplateRelatedCase.objects.create(page=template, case_study=case)
    body = client.get(template.url).content.decode()
    assert "CC BY-SA 4.0" in body and 'rel="license"' in body
    assert "元のテンプレート" in body and "下妻市の事例" in body


def test_api_detail_has_versions_files_adopters_and_derivatives(client, template_factory):
    root = template_factory("082104", versions=["1.0", "1.1"], files=["zip", "csv"])
    child = template_factory("064033", derived_from=root)
    adopt_by(root, "063657", version="1.1")
    data = client.get(f"/api/v1/app-templates/{root.pk}").json()
    assert [v["number"] for v in data["versions"]] == ["1.1", "1.0"]
    assert {f["kind"] for f in data["versions"][0]["files"]} == {"zip", "csv"}
    assert data["versions"][0]["files"][0]["url"].startswith("/app-templates/download/")
    assert data["adoption_count"] == 1 and data["adopters"][0]["municipality"]["code"] == "063657"
    assert data["derivatives"] == [child.pk] and data["latest_version"] == "1.1"
    assert client.get(f"/api/v1/app-templates/{child.pk}").json()["derived_from"] == root.pk


def test_detail_query_count_does_not_grow_with_versions_relatives_or_adopters(
    client, full_renders, template_factory, django_assert_max_num_queries
):
    template = template_factory("082104", versions=["1.0"], files=["csv"])
    adopt_by(template_factory("064033", derived_from=template), "063657")
    client.get(template.url)
    with django_assert_max_num_queries(30) as few:
        client.get(template.url)
    baseline = len(few.captured_queries)
    big = template_factory(
        "082104", versions=["1.0", "1.1", "1.2", "2.0"], files=["zip", "csv", "pdf"], fields=3
    )
    for code in ("064033", "063657", "085219"):
        child = template_factory(code, derived_from=big)
        template_factory("314013", derived_from=child)
        adopt_by(child, "063665", "314030")
    adopt_by(big, "064033", "063657", "085219", "082317")
    client.get(big.url)
    # Routing, the page, municipality, authors, tools, categories, tags, fields, screens,
    # versions with counters, their files with documents, related case studies and
    # curricula, the lineage (links, pages, adopters; its tree diagram draws from
    # them), the adopters per population band (one aggregate), the adopters panel,
    # user bar.
    with django_assert_max_num_queries(baseline):
        client.get(big.url)


def test_detail_query_count_for_staff_with_the_adoption_form_does_not_grow(
    client_for, full_renders, other_town_staff, template_factory, django_assert_max_num_queries
):
    client = client_for(other_town_staff)
    template = template_factory("082104", versions=["1.0"], files=["csv"])
    adopt_by(template_factory("064033", derived_from=template), "063657")
    client.get(template.url)
    with django_assert_max_num_queries(45) as few:
        client.get(template.url)
    baseline = len(few.captured_queries)
    big = template_factory("082104", versions=["1.0", "1.1", "1.2"], files=["zip", "pdf"])
    for code in ("064033", "063657", "085219"):
        adopt_by(template_factory(code, derived_from=big), "063665")
    adopt_by(big, "063657", "085219", "082317")
    client.get(big.url)
    # As for visitors, plus the member's session and notifications, the user bar, and
    # the versions offered in the adoption form (one query).
    with django_assert_max_num_queries(baseline):
        body = client.get(big.url).content.decode()
    assert f'action="/adoptions/{big.pk}/"' in body
