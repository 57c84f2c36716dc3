"""National holidays and the New Year closure (12/29–1/3) are never offered or
accepted, unless the host opens then."""

import datetime

import pytest

from community.visits.rules import day_breaks, next_free_days, request_breaks

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 20)
COMING_OF_AGE_DAY = datetime.date(2027, 1, 11)  # 成人の日, a Monday


@pytest.fixture
def offer(offer_factory, shimotsuma_staff):
    return offer_factory(shimotsuma_staff, lead_time_days=7)


def free_days_between(offer, start, end):
    days = next_free_days(offer, count=60, today=TODAY)
    return [day for day in days if start <= day <= end]


def test_a_national_holiday_is_never_offered(offer):
    january = free_days_between(offer, datetime.date(2027, 1, 4), datetime.date(2027, 1, 15))
    assert COMING_OF_AGE_DAY not in january
    assert datetime.date(2027, 1, 12) in january  # the Tuesday after is a working day


def test_the_new_year_closure_is_never_offered(offer):
    closure = free_days_between(offer, datetime.date(2026, 12, 29), datetime.date(2027, 1, 3))
    assert closure == []
    assert datetime.date(2026, 12, 28) in next_free_days(offer, count=60, today=TODAY)


def test_a_request_for_a_holiday_is_refused_naming_the_holiday(offer):
    breaks = request_breaks(
        offer, visit_format="onsite", visitor_type="municipal_staff", party_size=3,
        days=[("preferred_date_1", COMING_OF_AGE_DAY)], today=TODAY,
    )  # fmt: skip
    assert [rule.field for rule in breaks] == ["preferred_date_1"]
    assert "成人の日" in breaks[0].message


def test_a_request_in_the_new_year_closure_is_refused(offer):
    breaks = day_breaks(offer, datetime.date(2026, 12, 30), today=TODAY, blackouts=[])
    assert any("年末年始" in message for message in breaks)


def test_a_host_that_opens_on_holidays_offers_and_accepts_them(offer):
    offer.open_on_holidays = True
    offer.save()
    assert day_breaks(offer, COMING_OF_AGE_DAY, today=TODAY, blackouts=[]) == []
    january = free_days_between(offer, datetime.date(2027, 1, 4), datetime.date(2027, 1, 15))
    assert COMING_OF_AGE_DAY in january


def test_the_host_cannot_confirm_or_propose_a_holiday(
    client_for, visit, shimotsuma_staff, monkeypatch
):
    client = client_for(shimotsuma_staff)
    response = client.post(
        f"/visits/requests/{visit.pk}/confirm/",
        {
            "confirm-date": "other", "confirm-other_date": "2027-01-11",
            "confirm-start_time": "10:00", "confirm-version": str(visit.version),
        },
    )  # fmt: skip
    assert response.status_code == 200
    assert "成人の日" in response.content.decode()
    response = client.post(
        f"/visits/requests/{visit.pk}/propose/",
        {"propose-proposed_date_1": "2027-01-02", "propose-version": str(visit.version)},
    )
    assert response.status_code == 200
    assert "年末年始" in response.content.decode()
    visit.refresh_from_db()
    assert visit.status == "requested"
