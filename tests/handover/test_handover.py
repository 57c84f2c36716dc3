"""Handover on 人事異動: a verified colleague of the same municipality takes over a
predecessor's work; the predecessor can hand it to a named colleague; moderators
reassign; nobody else can. Each transfer is audited and the predecessor told."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from casestudies.cases.models import CaseStudyPage
from casestudies.handover import services
from community.audit.models import AuditEntry
from community.visits.models import VisitOffer, VisitRequest
from tests.conftest import make_member

pytestmark = pytest.mark.django_db
URL = "/handover/"


def post_transfer(client, predecessor, successor, *, confirmed=True, code="082104"):
    data = {"municipality": code, "predecessor": predecessor.pk, "successor": successor.pk}
    if confirmed:
        data["confirmed"] = "on"
    return client.post(URL + "transfer/", data)


def test_a_verified_successor_takes_over_everything_and_the_predecessor_is_told(
    client_for, shimotsuma_staff, predecessor, predecessor_work, django_capture_on_commit_callbacks
):
    client = client_for(shimotsuma_staff)
    overview = client.get(URL).content.decode()
    assert "田中 一郎" in overview and "前任者の事例" in overview and "前任者の下書き" in overview
    confirm = post_transfer(client, predecessor, shimotsuma_staff, confirmed=False)
    assert "引き継ぎの確認" in confirm.content.decode()
    assert CaseStudyPage.objects.get(pk=predecessor_work["case"].pk).owner == predecessor

    with django_capture_on_commit_callbacks(execute=True):
        response = post_transfer(client, predecessor, shimotsuma_staff)
    assert response.status_code == 302
    for key in ("case", "draft"):
        assert CaseStudyPage.objects.get(pk=predecessor_work[key].pk).owner == shimotsuma_staff
    assert VisitOffer.objects.get(pk=predecessor_work["offer"].pk).created_by == shimotsuma_staff
    visit = VisitRequest.objects.get(pk=predecessor_work["open_request"].pk)
    assert visit.requester == shimotsuma_staff
    entries = AuditEntry.objects.filter(action="handover.transfer")
    assert entries.count() == 4
    assert {entry.data["how"] for entry in entries} == {"taken_over"}
    assert all(entry.actor == shimotsuma_staff for entry in entries)
    notice = [m for m in mail.outbox if predecessor.email in m.to]
    assert len(notice) == 1
    assert "石塚 美咲" in notice[0].subject and "前任者の事例" in notice[0].body
    # Again: nothing left, nothing recorded twice.
    post_transfer(client, predecessor, shimotsuma_staff)
    assert AuditEntry.objects.filter(action="handover.transfer").count() == 4


def test_staff_of_another_municipality_cannot_take_over(
    client_for, other_town_staff, predecessor, predecessor_work
):
    client = client_for(other_town_staff)
    assert post_transfer(client, predecessor, other_town_staff).status_code == 403
    assert "前任者の事例" not in client.get(URL).content.decode()
    assert client.get(URL, {"municipality": "082104"}).status_code == 403
    assert CaseStudyPage.objects.get(pk=predecessor_work["case"].pk).owner == predecessor
    with pytest.raises(PermissionDenied):
        services.hand_over(
            actor=other_town_staff,
            predecessor=predecessor,
            successor=other_town_staff,
            municipality=predecessor_work["case"].municipality,
        )


def test_members_who_are_not_verified_staff_see_no_handover(client_for, client, member):
    assert client.get(URL).status_code == 302  # to the log-in page
    assert client_for(member).get(URL).status_code == 403


def test_a_predecessor_names_a_successor_before_leaving(
    client_for, shimotsuma_staff, case_study_factory
):
    leaving = make_member("suzuki@city.shimotsuma.lg.jp", name="鈴木 花子")
    case = case_study_factory("082104", title="異動前の事例", owner=leaving)
    client = client_for(leaving)
    form_page = client.get(URL).content.decode()
    assert "異動前の事例" in form_page and "石塚 美咲" in form_page  # the colleague to choose
    assert (
        client.post(
            URL + "transfer/",
            {"municipality": "082104", "predecessor": leaving.pk, "successor": ""},
        ).status_code
        == 400
    )
    post_transfer(client, leaving, shimotsuma_staff)
    assert CaseStudyPage.objects.get(pk=case.pk).owner == shimotsuma_staff
    assert AuditEntry.objects.get(action="handover.transfer").data["how"] == "handed_over"


def test_work_goes_only_to_current_verified_staff_of_the_municipality(
    client_for, shimotsuma_staff, predecessor, predecessor_work, member
):
    client = client_for(predecessor)  # no longer verified, still a member
    assert post_transfer(client, predecessor, member).status_code == 403
    assert CaseStudyPage.objects.get(pk=predecessor_work["case"].pk).owner == predecessor


def test_moderators_reassign_a_municipality_s_work(
    client_for, moderator, shimotsuma_staff, predecessor, predecessor_work
):
    client = client_for(moderator)
    overview = client.get(URL, {"municipality": "082104"}).content.decode()
    assert "田中 一郎" in overview and "石塚 美咲" in overview
    response = post_transfer(client, predecessor, shimotsuma_staff)
    assert response.status_code == 302
    assert CaseStudyPage.objects.get(pk=predecessor_work["case"].pk).owner == shimotsuma_staff
    entry = AuditEntry.objects.filter(action="handover.transfer").first()
    assert entry.actor == moderator and entry.data["how"] == "reassigned"


def test_the_overview_query_count_does_not_grow_with_holders(
    client_for, shimotsuma_staff, case_study_factory, django_assert_max_num_queries
):
    client = client_for(shimotsuma_staff)
    first = make_member("a@city.shimotsuma.lg.jp", name="前任A")
    case_study_factory("082104", owner=first)
    client.get(URL)
    with django_assert_max_num_queries(40) as few:
        client.get(URL)
    baseline = len(few.captured_queries)
    for number in range(4):
        holder = make_member(f"b{number}@city.shimotsuma.lg.jp", name=f"前任B{number}")
        case_study_factory("082104", owner=holder)
        case_study_factory("082104", owner=holder)
    client.get(URL)  # caches the new pages emptied (site roots, permissions) warm again
    # Session and member (2), the member's pages of each kind (3), offers, open
    # requests, the holders and the verified colleagues, routing for page links.
    with django_assert_max_num_queries(baseline):
        client.get(URL)
