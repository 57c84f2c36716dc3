"""The offer's rules refuse a request with one clear reason per broken rule,
in the form (what a visitor sees) and in the service (whatever calls it)."""

import datetime

import pytest
from django.utils import timezone

from community.visits import services
from community.visits.models import VisitRequest
from community.visits.rules import next_free_days

from .conftest import SESSION_DAYS, SESSION_START, days_ahead, details

pytestmark = pytest.mark.django_db


def form_data(offer, **overrides):
    days = next_free_days(offer, count=3)
    data = {
        "format": "onsite",
        "visitor_type": "municipal_staff",
        "organisation": "山形県飯豊町 総務企画課",
        "party_size": "4",
        "preferred_date_1": days[0].isoformat(),
        "preferred_date_2": days[1].isoformat(),
        "preferred_date_3": days[2].isoformat(),
        "purpose": "kintoneによる庁内アンケートの運用を拝見したい",
        "questions": "",
        "contact_name": "佐藤 健太",
        "contact_email": "sato@town.iide.yamagata.jp",
        "contact_phone": "0238-72-0000",
        "consent": "on",
    }
    data.update(overrides)
    return data


def refused(client, offer, **overrides) -> tuple[str, dict]:
    """POST the request form; it must be refused. Returns the page and its field errors."""
    response = client.post(f"/visits/offers/{offer.pk}/request/", form_data(offer, **overrides))
    assert response.status_code == 200
    assert not VisitRequest.objects.exists()
    return response.content.decode(), response.context["form"].errors


def test_a_request_within_the_rules_is_accepted(client_for, kintone_offer, other_town_staff):
    response = client_for(other_town_staff).post(
        f"/visits/offers/{kintone_offer.pk}/request/", form_data(kintone_offer)
    )
    visit = VisitRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/visits/requests/{visit.pk}/"


def test_a_saturday_is_refused_because_of_the_weekdays(client_for, kintone_offer, other_town_staff):
    saturday = days_ahead(35, weekday=5)
    body, errors = refused(
        client_for(other_town_staff), kintone_offer, preferred_date_2=saturday.isoformat()
    )
    assert list(errors) == ["preferred_date_2"]
    assert "土曜日です。受け入れている曜日は月、火、水、木、金のみです。" in body


def test_a_date_in_the_council_session_is_refused_with_its_label(
    client_for, kintone_offer, other_town_staff
):
    in_session = days_ahead(SESSION_START + 2, weekday=1)
    assert in_session < timezone.localdate() + datetime.timedelta(days=SESSION_START + SESSION_DAYS)
    body, errors = refused(
        client_for(other_town_staff), kintone_offer, preferred_date_1=in_session.isoformat()
    )
    assert list(errors) == ["preferred_date_1"]
    assert "「6月定例会」" in body and "の期間のため受け入れていません" in body


def test_a_date_inside_the_lead_time_is_refused_with_the_earliest_date(
    client_for, kintone_offer, other_town_staff
):
    too_soon = days_ahead(10, weekday=2)
    body, errors = refused(
        client_for(other_town_staff), kintone_offer, preferred_date_3=too_soon.isoformat()
    )
    assert list(errors) == ["preferred_date_3"]
    assert "30日前までに申し込む必要があります" in body


def test_a_party_bigger_than_the_maximum_is_refused(client_for, kintone_offer, other_town_staff):
    body, errors = refused(client_for(other_town_staff), kintone_offer, party_size="12")
    assert list(errors) == ["party_size"]
    assert "受入人数は8名までです（申込は12名）。" in body


def test_a_format_the_host_does_not_offer_is_refused(client_for, kintone_offer, other_town_staff):
    body, errors = refused(client_for(other_town_staff), kintone_offer, format="exchange")
    assert list(errors) == ["format"]
    assert "「職員交流」は受け付けていません" in body


def test_students_are_refused_when_the_host_does_not_accept_them(client_for, kintone_offer, member):
    body, errors = refused(client_for(member), kintone_offer, visitor_type="student")
    assert list(errors) == ["visitor_type"]
    assert "「学生」の視察は受け付けていません。" in body


def test_council_members_are_refused_when_the_host_does_not_accept_them(
    client_for, offer_factory, shimotsuma_staff, member
):
    offer = offer_factory(shimotsuma_staff, accepts_council_members=False)
    body, errors = refused(client_for(member), offer, visitor_type="council_member")
    assert list(errors) == ["visitor_type"]
    assert "「議員」の視察は受け付けていません。" in body


def test_companies_are_refused_when_the_host_does_not_accept_them(
    client_for, offer_factory, shimotsuma_staff, member
):
    offer = offer_factory(shimotsuma_staff, accepts_companies=False)
    body, errors = refused(client_for(member), offer, visitor_type="company")
    assert list(errors) == ["visitor_type"]
    assert "「企業」の視察は受け付けていません。" in body


def test_a_date_outside_the_accepted_period_is_refused(
    client_for, offer_factory, shimotsuma_staff, other_town_staff
):
    until = timezone.localdate() + datetime.timedelta(days=90)
    offer = offer_factory(shimotsuma_staff, accepted_until=until)
    late = days_ahead(100)
    body, errors = refused(client_for(other_town_staff), offer, preferred_date_2=late.isoformat())
    assert list(errors) == ["preferred_date_2"]
    assert "受入期間" in body


def test_each_broken_rule_is_its_own_message(client_for, kintone_offer, other_town_staff):
    saturday_in_session = days_ahead(SESSION_START + 1, weekday=5)
    _body, errors = refused(
        client_for(other_town_staff),
        kintone_offer,
        preferred_date_1=saturday_in_session.isoformat(),
        party_size="20",
        format="exchange",
    )
    assert len(errors["preferred_date_1"]) == 2  # a Saturday, and in the session
    assert set(errors) == {"preferred_date_1", "party_size", "format"}


def test_the_same_date_twice_is_refused(client_for, kintone_offer, other_town_staff):
    day = next_free_days(kintone_offer, count=1)[0].isoformat()
    _body, errors = refused(
        client_for(other_town_staff), kintone_offer, preferred_date_1=day, preferred_date_2=day
    )
    assert list(errors) == ["preferred_date_2"]


def test_consent_to_share_contact_details_is_required(client_for, kintone_offer, other_town_staff):
    data = form_data(kintone_offer)
    del data["consent"]
    response = client_for(other_town_staff).post(
        f"/visits/offers/{kintone_offer.pk}/request/", data
    )
    assert list(response.context["form"].errors) == ["consent"]
    assert not VisitRequest.objects.exists()


def test_a_refused_form_keeps_what_was_typed(client_for, kintone_offer, other_town_staff):
    body, _errors = refused(
        client_for(other_town_staff),
        kintone_offer,
        party_size="12",
        purpose="書きかけの視察目的",
    )
    assert "書きかけの視察目的" in body and 'value="12"' in body


def test_the_service_refuses_the_same_rules_without_a_form(kintone_offer, other_town_staff):
    saturday = days_ahead(35, weekday=5)
    with pytest.raises(services.RulesBroken) as refusal:
        services.request_visit(
            kintone_offer,
            requester=other_town_staff,
            details=details(kintone_offer, days=[saturday], party_size=9, visitor_type="student"),
            consent=True,
        )
    assert {rule.field for rule in refusal.value.breaks} == {
        "preferred_date_1",
        "party_size",
        "visitor_type",
    }
    with pytest.raises(services.VisitError):
        services.request_visit(
            kintone_offer,
            requester=other_town_staff,
            details=details(kintone_offer),
            consent=False,
        )
    assert not VisitRequest.objects.exists()


def test_next_free_days_follow_the_rules_and_skip_confirmed_days(
    kintone_offer, request_factory, other_town_staff
):
    free = next_free_days(kintone_offer, count=40)
    today = timezone.localdate()
    session = (
        today + datetime.timedelta(days=SESSION_START),
        today + datetime.timedelta(days=SESSION_START + SESSION_DAYS - 1),
    )
    assert free[0] >= today + datetime.timedelta(days=30)
    assert all(day.weekday() < 5 for day in free)
    assert not [day for day in free if session[0] <= day <= session[1]]

    confirmed = request_factory(kintone_offer, other_town_staff, status="confirmed")
    assert confirmed.visit_day == free[0]
    assert next_free_days(kintone_offer, count=1) == [free[1]]
