"""Calendar files for confirmed visits, the host's calendar page."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from community.visits import services
from community.visits.states import Status

pytestmark = pytest.mark.django_db
TOKYO = ZoneInfo("Asia/Tokyo")


def ics_event(response):
    calendar = Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1
    return calendar, events[0]


def test_both_sides_download_the_same_valid_ics(
    client_for, request_factory, kintone_offer, other_town_staff, shimotsuma_staff
):
    visit = request_factory(kintone_offer, other_town_staff, status=Status.CONFIRMED)
    responses = [
        client_for(user).get(f"/visits/requests/{visit.pk}/visit.ics")
        for user in (other_town_staff, shimotsuma_staff)
    ]
    for response in responses:
        assert response.status_code == 200
        assert response["Content-Type"] == "text/calendar; charset=utf-8"
        assert response["Content-Disposition"] == (
            f'attachment; filename="yokoten-visit-{visit.visit_day:%Y%m%d}.ics"'
        )
        assert "no-store" in response["Cache-Control"]
        calendar, event = ics_event(response)
        assert str(calendar["VERSION"]) == "2.0"
        assert str(event["UID"]) == f"visit-{visit.pk}@yokoten"
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert start == visit.starts_at and end == visit.ends_at
        assert start.astimezone(TOKYO).time() == datetime.time(10, 0)
        assert event["DTSTART"].params["TZID"] == "Asia/Tokyo"
        assert (
            str(event["SUMMARY"])
            == "行政視察：茨城県 下妻市「kintoneで進める庁内業務改善とアンケート運用」"
        )
        assert str(event["LOCATION"]) == "茨城県 下妻市"
        assert "10:30 アプリ実演" in str(event["DESCRIPTION"])
        assert calendar.walk("VTIMEZONE")  # the time zone travels with the file
        # No personal data of the visitor in a file that gets forwarded.
        assert "0238-72-0000" not in response.content.decode()
    assert ics_event(responses[0])[1]["UID"] == ics_event(responses[1])[1]["UID"]


def test_moving_the_visit_keeps_the_uid_and_raises_the_sequence(
    client_for, request_factory, kintone_offer, other_town_staff, shimotsuma_staff
):
    visit = request_factory(kintone_offer, other_town_staff, status=Status.CONFIRMED)
    client = client_for(other_town_staff)
    _cal, before = ics_event(client.get(f"/visits/requests/{visit.pk}/visit.ics"))
    services.confirm_visit(
        visit, visit.preferred_days[2], actor=shimotsuma_staff, expected_version=visit.version
    )
    _cal, after = ics_event(client.get(f"/visits/requests/{visit.pk}/visit.ics"))
    assert before["UID"] == after["UID"]
    assert int(after["SEQUENCE"]) > int(before["SEQUENCE"])
    assert after.decoded("DTSTART").date() == visit.preferred_days[2]


@pytest.mark.parametrize("status", [Status.REQUESTED, Status.SCHEDULING, Status.DECLINED])
def test_no_calendar_file_before_a_date_is_confirmed(
    client_for, request_factory, kintone_offer, other_town_staff, status
):
    visit = request_factory(kintone_offer, other_town_staff, status=status)
    assert (
        client_for(other_town_staff).get(f"/visits/requests/{visit.pk}/visit.ics").status_code
        == 403
    )


def test_moderators_and_outsiders_get_no_calendar_file(
    client_for, request_factory, kintone_offer, other_town_staff, moderator, third_town_staff
):
    visit = request_factory(kintone_offer, other_town_staff, status=Status.CONFIRMED)
    assert client_for(moderator).get(f"/visits/requests/{visit.pk}/visit.ics").status_code == 403
    assert (
        client_for(third_town_staff).get(f"/visits/requests/{visit.pk}/visit.ics").status_code
        == 404
    )


def test_the_host_calendar_lists_upcoming_confirmed_visits_by_month(
    client_for, request_factory, kintone_offer, other_town_staff, member, shimotsuma_staff
):
    confirmed = request_factory(kintone_offer, other_town_staff, status=Status.CONFIRMED)
    request_factory(
        kintone_offer,
        member,
        status=Status.REQUESTED,
        visitor_type="company",
        organisation="株式会社サンプル",
    )
    response = client_for(shimotsuma_staff).get("/visits/calendar/")
    body = response.content.decode()
    assert response.status_code == 200 and len(re.findall(r"<h1[\s>]", body)) == 1
    assert "茨城県 下妻市への視察" in body
    assert f"{confirmed.visit_day.year}年{confirmed.visit_day.month}月" in body
    assert "山形県飯豊町 総務企画課、4名" in body
    assert "株式会社サンプル" not in body  # not confirmed


def test_the_visitor_sees_the_visit_on_their_calendar_and_others_do_not(
    client_for, request_factory, kintone_offer, other_town_staff, third_town_staff, member
):
    visit = request_factory(kintone_offer, other_town_staff, status=Status.CONFIRMED)
    assert str(visit.pk) in client_for(other_town_staff).get("/visits/calendar/").content.decode()
    for outsider in (third_town_staff, member):
        body = client_for(outsider).get("/visits/calendar/").content.decode()
        assert str(visit.pk) not in body and "飯豊町" not in body
        assert "予定されている視察はありません" in body
    assert client_for(None).get("/visits/calendar/").status_code == 302


def test_calendar_query_count_is_constant(
    session_query,
    client_for,
    django_assert_num_queries,
    request_factory,
    offer_factory,
    shimotsuma_staff,
    other_town_staff,
    member,
    third_town_staff,
):
    client = client_for(shimotsuma_staff)
    request_factory(offer_factory(shimotsuma_staff), other_town_staff, status=Status.CONFIRMED)
    client.get("/visits/calendar/")
    # Warm (the request above filled the caches): 1 the session, 2 the host municipality
    # with its prefecture, 3 visits it hosts, 4 the member's own visits. The member's
    # row, the header's moderator check and unread count come from the cache.
    with django_assert_num_queries(3 + session_query):
        client.get("/visits/calendar/")
    for visitor in (member, third_town_staff):
        request_factory(
            offer_factory(shimotsuma_staff, title=f"別の視察 {visitor.pk}"),
            visitor,
            status=Status.CONFIRMED,
            visitor_type="researcher",
        )
    client.get("/visits/calendar/")  # the writes above retired the cached entries
    with django_assert_num_queries(3 + session_query):
        client.get("/visits/calendar/")
