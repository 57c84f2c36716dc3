"""Who may see, organise, join and record events; the calendars; query counts."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from community.events import services
from community.events.models import Event, RsvpStatus
from tests.conftest import make_member

pytestmark = pytest.mark.django_db


def one_page_pdf() -> bytes:
    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page()
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def event_form(**overrides):
    day = (timezone.localdate() + datetime.timedelta(days=14)).isoformat()
    data = {
        "title": "自治体DX勉強会 kintone編",
        "kind": "study",
        "summary": "kintoneで庁内アプリを作った3つの町が事例を話します。",
        "agenda": "14:00 開会\n14:05 下妻市の事例",
        "date": day,
        "start_time": "14:00",
        "end_time": "15:30",
        "format": "online",
        "venue": "",
        "online_url": "https://meet.example.jp/dx",
        "capacity": "2",
        "audience": "public",
        "tag_names": "kintone, 研修",
    }
    data.update(overrides)
    return data


def test_verified_staff_organise_an_online_study_session(client_for, shimotsuma_staff):
    response = client_for(shimotsuma_staff).post("/events/new/", event_form())
    event = Event.objects.get()
    assert response.status_code == 302 and response["Location"] == event.get_absolute_url()
    assert event.organiser == shimotsuma_staff and event.capacity == 2
    assert sorted(event.tags.names()) == ["kintone", "研修"]
    assert event.starts_at.astimezone(datetime.timezone(datetime.timedelta(hours=9))).hour == 14


def test_unverified_members_and_visitors_may_not_organise(client, client_for, member):
    assert client_for(member).get("/events/new/").status_code == 403
    assert client_for(member).post("/events/new/", event_form()).status_code == 403
    assert client.get("/events/new/")["Location"].startswith("/accounts/login/")
    assert not Event.objects.exists()


def test_a_failed_form_keeps_what_was_typed(client_for, shimotsuma_staff):
    response = client_for(shimotsuma_staff).post(
        "/events/new/", event_form(format="in_person", end_time="13:00")
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "自治体DX勉強会 kintone編" in body
    assert not Event.objects.exists()


def test_only_the_organiser_and_moderators_edit(
    client_for, make_event, shimotsuma_staff, other_town_staff, moderator
):
    event = make_event(shimotsuma_staff)
    assert client_for(other_town_staff).get(f"/events/{event.pk}/edit/").status_code == 403
    assert client_for(shimotsuma_staff).get(f"/events/{event.pk}/edit/").status_code == 200
    assert client_for(moderator).get(f"/events/{event.pk}/edit/").status_code == 200


def test_rsvp_waiting_list_and_promotion_through_the_pages(
    client_for, make_event, shimotsuma_staff, member, other_town_staff
):
    event = make_event(shimotsuma_staff, capacity=2)
    third = make_member("third@example.com", name="三浦 葵")
    for person in (member, other_town_staff, third):
        page = client_for(person).get(event.get_absolute_url()).content.decode()
        token = page.split('name="submission" value="')[1].split('"')[0]
        client_for(person).post(f"/events/{event.pk}/rsvp/", {"submission": token})
    waiting_page = client_for(third).get(event.get_absolute_url()).content.decode()
    assert "キャンセル待ち" in waiting_page
    client_for(member).post(f"/events/{event.pk}/cancel/")
    assert event.rsvps.get(member=third).status == RsvpStatus.GOING


def test_a_double_click_on_rsvp_makes_one_answer(client_for, make_event, shimotsuma_staff, member):
    event = make_event(shimotsuma_staff, capacity=5)
    client = client_for(member)
    page = client.get(event.get_absolute_url()).content.decode()
    token = page.split('name="submission" value="')[1].split('"')[0]
    client.post(f"/events/{event.pk}/rsvp/", {"submission": token})
    client.post(f"/events/{event.pk}/rsvp/", {"submission": token})
    assert event.rsvps.count() == 1


def test_visitors_may_not_rsvp(client, make_event, shimotsuma_staff):
    event = make_event(shimotsuma_staff)
    response = client.post(f"/events/{event.pk}/rsvp/")
    assert response["Location"].startswith("/accounts/login/")
    assert not event.rsvps.exists()


def test_staff_only_events_are_hidden_from_others(
    client, client_for, make_event, shimotsuma_staff, member, other_town_staff
):
    event = make_event(shimotsuma_staff, audience="staff", title="職員限定の意見交換会")
    assert client.get(event.get_absolute_url()).status_code == 404
    assert client_for(member).get(event.get_absolute_url()).status_code == 404
    assert "職員限定の意見交換会" not in client_for(member).get("/events/").content.decode()
    assert client_for(other_town_staff).get(event.get_absolute_url()).status_code == 200
    assert client_for(member).post(f"/events/{event.pk}/rsvp/").status_code == 404
    assert "職員限定の意見交換会" not in client.get("/events/calendar.ics").content.decode()


def test_the_meeting_link_is_for_those_coming(client_for, make_event, shimotsuma_staff, member):
    event = make_event(shimotsuma_staff)
    client = client_for(member)
    assert "meet.example.jp" not in client.get(event.get_absolute_url()).content.decode()
    assert "meet.example.jp" not in client.get(f"/events/{event.pk}/event.ics").content.decode()
    services.rsvp(event, member)
    assert "meet.example.jp" in client.get(event.get_absolute_url()).content.decode()
    assert "meet.example.jp" in client.get(f"/events/{event.pk}/event.ics").content.decode()


def test_the_calendar_subscription_lists_public_events_of_a_tag(
    client, make_event, shimotsuma_staff
):
    kintone = make_event(shimotsuma_staff, title="kintone 勉強会")
    kintone.tags.add("kintone")
    make_event(shimotsuma_staff, title="防災DXの集い").tags.add("防災")
    response = client.get("/events/calendar.ics", {"tag": "kintone"})
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/calendar")
    assert "BEGIN:VEVENT" in body and f"event-{kintone.pk}@yokoten" in body
    assert "防災DXの集い" not in body


def test_after_the_event_the_organiser_adds_minutes_and_the_archive_lists_it(
    client, client_for, make_event, shimotsuma_staff, member
):
    event = make_event(shimotsuma_staff, days=-3)
    assert client_for(member).get(f"/events/{event.pk}/record/").status_code == 403
    slides = SimpleUploadedFile("slides.pdf", one_page_pdf())
    response = client_for(shimotsuma_staff).post(
        f"/events/{event.pk}/record/",
        {
            "minutes": "参加3団体。次回は2月に開催。",
            "recording_url": "https://video.example.jp/1",
            "slides": slides,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    archive = client.get("/events/archive/").content.decode()
    assert "kintone 勉強会" in archive
    assert "kintone 勉強会" not in client.get("/events/").content.decode()
    page = client.get(event.get_absolute_url()).content.decode()
    assert "参加3団体。次回は2月に開催。" in page and "https://video.example.jp/1" in page
    event.refresh_from_db()
    assert event.slides.url in page


def test_the_calendar_queries_do_not_grow_with_its_events(
    client_for, make_event, shimotsuma_staff, member, django_assert_max_num_queries
):
    client = client_for(member)

    def count(n):
        for index in range(n):
            event = make_event(shimotsuma_staff, title=f"勉強会 {n}-{index}", capacity=3)
            event.tags.add("kintone")
            services.rsvp(event, member)
        with django_assert_max_num_queries(12) as captured:
            assert client.get("/events/").status_code == 200
        return len(captured.captured_queries)

    client.get("/events/")
    # session, member, permissions (two), count, the page of events with organisers and
    # RSVP counts, their tags (one prefetch), the menu's unread count
    assert count(2) == count(8)


def test_an_events_page_costs_the_same_with_many_attendees(
    client_for, make_event, shimotsuma_staff, django_assert_max_num_queries
):
    event = make_event(shimotsuma_staff, capacity=50)
    client = client_for(shimotsuma_staff)

    def count(n):
        for index in range(n):
            services.rsvp(event, make_member(f"a{n}-{index}@example.com", name=f"参加者{index}"))
        with django_assert_max_num_queries(16) as captured:
            assert client.get(event.get_absolute_url()).status_code == 200
        return len(captured.captured_queries)

    client.get(event.get_absolute_url())
    assert count(2) == count(6)


def test_an_event_links_the_case_studies_it_is_about(
    client_for, shimotsuma_staff, case_study_factory
):
    case = case_study_factory("082104", title="kintoneで庁内アプリ68本")
    client = client_for(shimotsuma_staff)
    response = client.post("/events/new/", event_form(related=case.full_url))
    assert response.status_code == 302
    event = Event.objects.get()
    assert list(event.related_pages.all()) == [case.page_ptr]
    assert "kintoneで庁内アプリ68本" in client.get(event.get_absolute_url()).content.decode()
    refused = client.post("/events/new/", event_form(related="https://example.com/nothing"))
    assert refused.status_code == 200 and Event.objects.count() == 1
