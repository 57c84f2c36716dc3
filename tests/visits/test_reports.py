"""Visit reports flow back: to the offer, the page seen (a case study later) and
the visiting municipality's page."""

import re

import pytest
from django.core import mail
from django.template import Context, Template
from django.test import RequestFactory
from wagtail.models import Page

from community.audit.models import AuditEntry
from community.visits import services
from community.visits.models import VisitReport
from community.visits.states import Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def case_page(db):
    return Page.objects.get(depth=2).add_child(
        instance=Page(title="kintone庁内アンケート事例", slug="kintone-survey")
    )


@pytest.fixture
def done_visit(request_factory, offer_factory, shimotsuma_staff, other_town_staff, case_page):
    offer = offer_factory(shimotsuma_staff, topics=[case_page])
    return request_factory(offer, other_town_staff, status=Status.DONE)


def report_post(page=None, **overrides):
    data = {
        "title": "下妻市のkintone運用を視察して",
        "what_we_saw": "職員が自分でアプリを作り、アンケートを回していました。",
        "what_we_will_try": "来年度、庁内アンケートから始めます。",
        "saw_page": page.pk if page else "",
        "adopt": "on",
    }
    data.update(overrides)
    return data


def test_the_visitor_publishes_a_report_and_the_host_is_emailed_once(
    client_for, django_capture_on_commit_callbacks, done_visit, other_town_staff, case_page
):
    client = client_for(other_town_staff)
    form = client.get(f"/visits/requests/{done_visit.pk}/report/")
    assert form.status_code == 200 and "kintone庁内アンケート事例" in form.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/visits/requests/{done_visit.pk}/report/", report_post(case_page))
    report = VisitReport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/visits/reports/{report.pk}/"
    assert (report.side, report.visitor_municipality.code, report.host_municipality.code) == (
        "requester",
        "064033",
        "082104",
    )
    assert report.saw_page_id == case_page.pk
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["dx-desk@city.shimotsuma.lg.jp"]


def test_adopt_on_a_page_that_cannot_be_adopted_is_kept_on_the_report_only(
    client_for, done_visit, other_town_staff, case_page
):
    client_for(other_town_staff).post(
        f"/visits/requests/{done_visit.pk}/report/", report_post(case_page)
    )
    report = VisitReport.objects.get()
    assert report.adopt is True
    entry = AuditEntry.objects.get(action="visits.report_published")
    assert entry.data["adopt"] is True and entry.data["saw_page"] == case_page.pk
    assert not AuditEntry.objects.filter(action="adoption.recorded").exists()


@pytest.fixture
def shimotsuma_case(case_study_factory):
    return case_study_factory("082104", title="kintoneで庁内アンケートをペーパーレス化")


@pytest.fixture
def plain_offer_visit(request_factory, offer_factory, shimotsuma_staff, other_town_staff):
    """A visit to an offer that links no page (as none of the demo offers did)."""
    return request_factory(offer_factory(shimotsuma_staff), other_town_staff, status=Status.DONE)


def test_the_report_form_offers_what_the_host_published_even_if_the_offer_links_nothing(
    client_for, plain_offer_visit, other_town_staff, shimotsuma_case
):
    form = client_for(other_town_staff).get(f"/visits/requests/{plain_offer_visit.pk}/report/")
    assert f'value="{shimotsuma_case.pk}"' in form.content.decode()


def test_we_adopted_records_an_adoption_for_the_visiting_town_and_shows_on_the_case(
    client, client_for, plain_offer_visit, other_town_staff, shimotsuma_case
):
    from casestudies.adoption.models import Adoption

    response = client_for(other_town_staff).post(
        f"/visits/requests/{plain_offer_visit.pk}/report/", report_post(shimotsuma_case)
    )
    assert response.status_code == 302
    adoption = Adoption.objects.get(page_id=shimotsuma_case.pk)
    assert adoption.municipality.code == "064033"
    assert adoption.notes == "来年度、庁内アンケートから始めます。"
    shimotsuma_case.refresh_from_db()
    assert shimotsuma_case.adoption_count == 1
    page = client.get(shimotsuma_case.url).content.decode()
    assert "下妻市のkintone運用を視察して" in page  # the report reached the case page


def test_a_report_reaches_every_page_the_offer_shows(
    client, request_factory, offer_factory, shimotsuma_staff, other_town_staff, shimotsuma_case
):
    offer = offer_factory(shimotsuma_staff, topics=[shimotsuma_case])
    visit = request_factory(offer, other_town_staff, status=Status.DONE)
    services.write_report(
        visit, actor=other_town_staff, title="視察報告：下妻市の庁内アンケート",
        what_we_saw="アンケートの回収から集計までを見せていただきました。",
    )  # fmt: skip
    assert "視察報告：下妻市の庁内アンケート" in client.get(shimotsuma_case.url).content.decode()


def test_only_verified_staff_of_the_visiting_town_see_the_we_adopted_box(
    client_for, request_factory, offer_factory, shimotsuma_staff, member
):
    offer = offer_factory(shimotsuma_staff, accepts_companies=True)
    visit = request_factory(offer, member, status=Status.DONE, visitor_type="company")
    body = client_for(member).get(f"/visits/requests/{visit.pk}/report/").content.decode()
    assert 'name="title"' in body and 'name="adopt"' not in body


def test_the_report_page_is_public_and_shows_nothing_private(
    client, done_visit, other_town_staff, case_page
):
    report = services.write_report(
        done_visit,
        actor=other_town_staff,
        title="下妻市のkintone運用を視察して",
        what_we_saw="職員が自分でアプリを作っていました。",
        what_we_will_try="庁内アンケートから始めます。",
        saw_page=case_page,
    )
    response = client.get(f"/visits/reports/{report.pk}/")
    body = response.content.decode()
    assert response.status_code == 200 and len(re.findall(r"<h1[\s>]", body)) == 1
    assert "山形県 飯豊町が茨城県 下妻市を視察しました" in body
    assert case_page.url in body
    for private in ("sato@town.iide.yamagata.jp", "0238-72-0000", "拝見したい", str(done_visit.pk)):
        assert private not in body


def test_either_side_may_write_one_report_rewriting_it_later(
    done_visit, other_town_staff, shimotsuma_staff
):
    for actor in (other_town_staff, shimotsuma_staff):
        services.write_report(done_visit, actor=actor, title="報告", what_we_saw="見たこと")
    services.write_report(
        done_visit, actor=other_town_staff, title="報告（改訂）", what_we_saw="見たこと"
    )
    assert sorted(VisitReport.objects.values_list("side", "title")) == [
        ("host", "報告"),
        ("requester", "報告（改訂）"),
    ]


@pytest.mark.parametrize("status", [Status.REQUESTED, Status.CONFIRMED, Status.CANCELLED])
def test_no_report_before_the_visit_is_done(
    client_for, request_factory, kintone_offer, other_town_staff, status
):
    visit = request_factory(kintone_offer, other_town_staff, status=status)
    assert (
        client_for(other_town_staff).get(f"/visits/requests/{visit.pk}/report/").status_code == 403
    )


def test_outsiders_cannot_write_a_report(
    client_for, done_visit, third_town_staff, moderator, member
):
    for outsider in (third_town_staff, member):
        assert (
            client_for(outsider)
            .post(f"/visits/requests/{done_visit.pk}/report/", report_post())
            .status_code
            == 404
        )
    assert (
        client_for(moderator)
        .post(f"/visits/requests/{done_visit.pk}/report/", report_post())
        .status_code
        == 403
    )
    assert not VisitReport.objects.exists()


def render_tag(source: str, **context) -> str:
    request = RequestFactory().get("/")
    return Template("{% load visits %}" + source).render(Context({"request": request, **context}))


def test_the_report_appears_on_the_page_it_is_about(
    done_visit, other_town_staff, case_page, django_assert_num_queries
):
    services.write_report(
        done_visit,
        actor=other_town_staff,
        title="下妻市のkintone運用を視察して",
        what_we_saw="見たこと",
        saw_page=case_page,
    )
    # 1 published reports about the page, with authors, municipalities and offer.
    with django_assert_num_queries(1):
        html = render_tag("{% visit_reports_for_page page %}", page=case_page)
    assert "視察報告" in html and "下妻市のkintone運用を視察して" in html
    assert "山形県 飯豊町が茨城県 下妻市を視察しました" in html
    other_page = Page.objects.get(depth=2)
    assert render_tag("{% visit_reports_for_page page %}", page=other_page).strip() == ""


def test_the_report_appears_on_the_visiting_municipalitys_page(
    client, done_visit, other_town_staff
):
    services.write_report(
        done_visit,
        actor=other_town_staff,
        title="下妻市のkintone運用を視察して",
        what_we_saw="見たこと",
    )
    body = client.get("/municipalities/064033/").content.decode()
    assert "飯豊町の視察報告" in body and "下妻市のkintone運用を視察して" in body


def test_a_hidden_report_appears_nowhere(client, done_visit, other_town_staff, case_page):
    report = services.write_report(
        done_visit,
        actor=other_town_staff,
        title="非公開の報告",
        what_we_saw="x",
        saw_page=case_page,
    )
    VisitReport.objects.filter(pk=report.pk).update(is_published=False)
    assert client.get(f"/visits/reports/{report.pk}/").status_code == 404
    assert "非公開の報告" not in client.get("/municipalities/064033/").content.decode()
    assert "非公開の報告" not in render_tag("{% visit_reports_for_page page %}", page=case_page)
