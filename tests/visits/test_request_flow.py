"""A request's states: who moves it, what each change emails, and how a stale
form is refused. Each change sends exactly one email, to the other side."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from community.audit.models import AuditEntry
from community.visits import services
from community.visits.models import VisitMessage
from community.visits.rules import next_free_days
from community.visits.states import Status

from .conftest import details, take_place

pytestmark = pytest.mark.django_db

HOST_ADDRESS = "dx-desk@city.shimotsuma.lg.jp"
VISITOR_ADDRESS = "sato@town.iide.yamagata.jp"


def one_email_to(address: str):
    assert len(mail.outbox) == 1, [message.subject for message in mail.outbox]
    message = mail.outbox[0]
    assert message.to == [address]
    return message


def test_a_new_request_emails_the_host_once(
    django_capture_on_commit_callbacks, kintone_offer, other_town_staff
):
    with django_capture_on_commit_callbacks(execute=True):
        visit = services.request_visit(
            kintone_offer, requester=other_town_staff, details=details(kintone_offer), consent=True
        )
    message = one_email_to(HOST_ADDRESS)
    assert (
        message.subject
        == "[Yokoten] 視察の申込がありました：kintoneで進める庁内業務改善とアンケート運用"
    )
    assert f"/visits/requests/{visit.pk}/" in message.body
    assert "山形県飯豊町 総務企画課" in message.body
    # Contact details stay on the site.
    assert "0238-72-0000" not in message.body and VISITOR_ADDRESS not in message.body
    assert visit.status == Status.REQUESTED and visit.version == 1
    assert visit.visitor_municipality.code == "064033"


def test_proposing_dates_emails_the_visitor_once(
    django_capture_on_commit_callbacks, visit, shimotsuma_staff
):
    days = next_free_days(visit.offer, count=5)[3:5]
    with django_capture_on_commit_callbacks(execute=True):
        assert services.propose_dates(
            visit, days, actor=shimotsuma_staff, expected_version=1, note="第1候補はいかがですか"
        )
    message = one_email_to(other_address(visit))
    assert "候補日" in message.subject and "第1候補はいかがですか" in message.body
    assert visit.status == Status.SCHEDULING and visit.proposed_days == days
    assert VisitMessage.objects.get().body == "第1候補はいかがですか"


def other_address(visit):
    return visit.requester.email


@pytest.mark.parametrize("status", [Status.REQUESTED, Status.SCHEDULING])
def test_confirming_a_date_emails_the_visitor_once(
    django_capture_on_commit_callbacks,
    request_factory,
    kintone_offer,
    other_town_staff,
    shimotsuma_staff,
    status,
):
    visit = request_factory(kintone_offer, other_town_staff, status=status)
    day = visit.preferred_days[1]
    with django_capture_on_commit_callbacks(execute=True):
        assert services.confirm_visit(
            visit,
            day,
            actor=shimotsuma_staff,
            expected_version=visit.version,
            start_time=datetime.time(13, 30),
            agenda="13:30 概要説明",
        )
    message = one_email_to(other_town_staff.email)
    assert message.subject.startswith("[Yokoten] 視察の日程が確定しました")
    assert visit.status == Status.CONFIRMED and visit.visit_day == day
    assert visit.starts_at.astimezone(datetime.timezone(datetime.timedelta(hours=9))).hour == 13
    assert (visit.ends_at - visit.starts_at) == datetime.timedelta(minutes=90)


def test_declining_needs_a_reason_and_emails_the_visitor_once(
    django_capture_on_commit_callbacks, visit, shimotsuma_staff
):
    with pytest.raises(services.VisitError):
        services.decline(visit, actor=shimotsuma_staff, expected_version=1, reason=" ")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.decline(
            visit, actor=shimotsuma_staff, expected_version=1, reason="議会対応のため"
        )
    message = one_email_to(visit.requester.email)
    assert "辞退" in message.subject and "議会対応のため" in message.body
    assert visit.status == Status.DECLINED and visit.closing_reason == "議会対応のため"


def test_cancelling_emails_the_host_once(
    django_capture_on_commit_callbacks, request_factory, kintone_offer, other_town_staff
):
    visit = request_factory(kintone_offer, other_town_staff, status=Status.CONFIRMED)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.cancel(
            visit, actor=other_town_staff, expected_version=visit.version, reason="出張中止"
        )
    message = one_email_to(HOST_ADDRESS)
    assert "取り消" in message.subject
    assert visit.status == Status.CANCELLED


@pytest.mark.parametrize("by", ["host", "requester"])
def test_marking_done_emails_the_other_side_once(
    django_capture_on_commit_callbacks,
    request_factory,
    kintone_offer,
    other_town_staff,
    shimotsuma_staff,
    by,
):
    visit = request_factory(kintone_offer, other_town_staff, status=Status.CONFIRMED)
    take_place(visit)
    actor = shimotsuma_staff if by == "host" else other_town_staff
    with django_capture_on_commit_callbacks(execute=True):
        assert services.mark_done(visit, actor=actor, expected_version=visit.version)
    one_email_to(other_town_staff.email if by == "host" else HOST_ADDRESS)
    assert visit.status == Status.DONE and visit.done_at


def test_a_visit_cannot_be_marked_done_before_it_took_place(
    request_factory, kintone_offer, other_town_staff, shimotsuma_staff
):
    visit = request_factory(kintone_offer, other_town_staff, status=Status.CONFIRMED)
    with pytest.raises(services.VisitError):
        services.mark_done(visit, actor=shimotsuma_staff, expected_version=visit.version)


def test_the_requester_changing_the_request_emails_the_host_once(
    django_capture_on_commit_callbacks, visit, other_town_staff
):
    with django_capture_on_commit_callbacks(execute=True):
        assert services.update_request(
            visit, details(visit.offer, party_size=6), actor=other_town_staff, expected_version=1
        )
    one_email_to(HOST_ADDRESS)
    assert visit.party_size == 6 and visit.version == 2


@pytest.mark.parametrize("author", ["host", "requester"])
def test_a_message_emails_the_other_side_once(
    django_capture_on_commit_callbacks, visit, shimotsuma_staff, other_town_staff, author
):
    actor = shimotsuma_staff if author == "host" else other_town_staff
    with django_capture_on_commit_callbacks(execute=True):
        services.post_message(visit, actor=actor, body="駐車場は庁舎北側です。")
    message = one_email_to(other_town_staff.email if author == "host" else HOST_ADDRESS)
    assert "駐車場は庁舎北側です。" in message.body
    assert visit.version == 1  # a message does not make the other side's forms stale


def test_each_change_is_recorded_in_the_audit_log(
    request_factory, kintone_offer, other_town_staff, shimotsuma_staff
):
    visit = request_factory(kintone_offer, other_town_staff, status=Status.DONE)
    actions = list(
        AuditEntry.objects.filter(target_id=str(visit.pk))
        .order_by("created_at", "pk")
        .values_list("action", "actor__email")
    )
    assert actions == [
        ("visits.requested", other_town_staff.email),
        ("visits.confirm", shimotsuma_staff.email),
        ("visits.mark_done", shimotsuma_staff.email),
    ]


@pytest.mark.parametrize(
    ("status", "action"),
    [
        (Status.CONFIRMED, "propose"),
        (Status.DONE, "confirm"),
        (Status.DONE, "decline"),
        (Status.DECLINED, "cancel"),
        (Status.CANCELLED, "confirm"),
        (Status.REQUESTED, "mark_done"),
    ],
)
def test_changes_outside_the_allowed_states_are_refused(
    request_factory, kintone_offer, other_town_staff, shimotsuma_staff, status, action
):
    visit = request_factory(kintone_offer, other_town_staff, status=status)
    day = next_free_days(kintone_offer, count=1)[0]
    calls = {
        "propose": lambda: services.propose_dates(
            visit, [day], actor=shimotsuma_staff, expected_version=visit.version
        ),
        "confirm": lambda: services.confirm_visit(
            visit, day, actor=shimotsuma_staff, expected_version=visit.version
        ),
        "decline": lambda: services.decline(
            visit, actor=shimotsuma_staff, expected_version=visit.version, reason="x"
        ),
        "cancel": lambda: services.cancel(
            visit, actor=other_town_staff, expected_version=visit.version
        ),
        "mark_done": lambda: services.mark_done(
            visit, actor=shimotsuma_staff, expected_version=visit.version
        ),
    }
    before = (visit.status, visit.version)
    with pytest.raises(services.VisitError):
        calls[action]()
    visit.refresh_from_db()
    assert (visit.status, visit.version) == before


def test_each_side_may_only_do_its_own_part(
    visit, other_town_staff, shimotsuma_staff, third_town_staff, moderator
):
    day = visit.preferred_days[0]
    with pytest.raises(PermissionDenied):  # the visitor cannot confirm their own visit
        services.confirm_visit(visit, day, actor=other_town_staff, expected_version=1)
    with pytest.raises(PermissionDenied):  # the host cannot cancel for the visitor
        services.cancel(visit, actor=shimotsuma_staff, expected_version=1)
    for outsider in (third_town_staff, moderator):
        with pytest.raises(PermissionDenied):
            services.decline(visit, actor=outsider, expected_version=1, reason="x")
        with pytest.raises(PermissionDenied):
            services.post_message(visit, actor=outsider, body="x")
    visit.refresh_from_db()
    assert visit.status == Status.REQUESTED and visit.version == 1


def test_any_verified_staff_of_the_host_may_act_not_only_the_publisher(visit):
    from tests.conftest import make_member

    colleague = make_member("colleague@city.shimotsuma.lg.jp", name="下妻 同僚")
    assert services.confirm_visit(
        visit, visit.preferred_days[0], actor=colleague, expected_version=1
    )


def test_a_stale_change_is_refused_and_overwrites_nothing(
    django_capture_on_commit_callbacks, visit, shimotsuma_staff, other_town_staff
):
    # Both sides opened the request at version 1; the visitor saves first.
    services.update_request(
        visit, details(visit.offer, party_size=6), actor=other_town_staff, expected_version=1
    )
    with django_capture_on_commit_callbacks(execute=True):
        changed = services.confirm_visit(
            visit, visit.preferred_days[0], actor=shimotsuma_staff, expected_version=1
        )
    assert changed is False
    visit.refresh_from_db()
    assert visit.status == Status.REQUESTED and visit.version == 2 and visit.party_size == 6
    assert mail.outbox == []


def test_only_one_of_two_simultaneous_changes_wins(visit, shimotsuma_staff, other_town_staff):
    """Both loaded version 1; the conditional UPDATE lets exactly one through."""
    from community.visits.models import VisitRequest

    host_copy = VisitRequest.objects.with_parties().get(pk=visit.pk)
    visitor_copy = VisitRequest.objects.with_parties().get(pk=visit.pk)
    assert services.cancel(visitor_copy, actor=other_town_staff, expected_version=1)
    # The host's in-memory copy still says version 1 / requested, as after a race.
    assert (
        services.confirm_visit(
            host_copy, visit.preferred_days[0], actor=shimotsuma_staff, expected_version=1
        )
        is False
    )
    visit.refresh_from_db()
    assert visit.status == Status.CANCELLED and visit.version == 2
