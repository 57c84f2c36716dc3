"""The issue's "done when", as a new user would go through it: staff of a small
town find 下妻市's kintone offer, request an onsite visit for 4 people with three
dates, 下妻市's staff confirm one, both download the .ics, the visit is marked
done, and the visitor's report appears on the case study (here a live page)."""

import re

import pytest
from django.core import mail
from django.template import Context, Template
from django.test import RequestFactory
from icalendar import Calendar
from wagtail.models import Page

from community.visits.models import VisitRequest
from community.visits.rules import next_free_days
from community.visits.states import Status

from .conftest import take_place

pytestmark = pytest.mark.django_db


def test_a_small_town_visits_shimotsuma_and_reports_back(
    client_for,
    django_capture_on_commit_callbacks,
    offer_factory,
    shimotsuma_staff,
    other_town_staff,
    third_town_staff,
):
    case_study = Page.objects.get(depth=2).add_child(
        instance=Page(title="kintoneで庁内アンケートをペーパーレス化", slug="shimotsuma-kintone")
    )
    offer = offer_factory(shimotsuma_staff, topics=[case_study])
    visitor, host = client_for(other_town_staff), client_for(shimotsuma_staff)

    # The visitor finds the offer: small towns look for kintone hosts.
    found = visitor.get("/visits/", {"tool": "kintone", "q": "下妻"}).content.decode()
    assert f'href="/visits/offers/{offer.pk}/"' in found
    assert "視察を申し込む" in visitor.get(f"/visits/offers/{offer.pk}/").content.decode()

    days = next_free_days(offer, count=3)
    with django_capture_on_commit_callbacks(execute=True):
        response = visitor.post(
            f"/visits/offers/{offer.pk}/request/",
            {
                "format": "onsite",
                "visitor_type": "municipal_staff",
                "organisation": "山形県飯豊町 総務企画課",
                "party_size": "4",
                "preferred_date_1": days[0].isoformat(),
                "preferred_date_2": days[1].isoformat(),
                "preferred_date_3": days[2].isoformat(),
                "purpose": "kintoneによる庁内アンケートの運用を拝見したい",
                "contact_name": "佐藤 健太",
                "contact_email": "sato@town.iide.yamagata.jp",
                "consent": "on",
            },
        )
    visit = VisitRequest.objects.get()
    assert response["Location"] == f"/visits/requests/{visit.pk}/"
    assert [m.to for m in mail.outbox] == [["dx-desk@city.shimotsuma.lg.jp"]]

    # 下妻市's staff see it among their requests and confirm the second date.
    assert str(visit.pk) in host.get("/visits/mine/?as=host").content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        host.post(
            f"/visits/requests/{visit.pk}/confirm/",
            {
                "confirm-date": days[1].isoformat(),
                "confirm-start_time": "10:00",
                "confirm-agenda": "10:00 挨拶\n10:20 アプリ実演\n11:00 意見交換",
                "confirm-version": "1",
            },
        )
    visit.refresh_from_db()
    assert visit.status == Status.CONFIRMED and visit.visit_day == days[1]
    assert [m.to for m in mail.outbox] == [[other_town_staff.email]]

    # Both download a calendar file that parses back to the confirmed visit.
    for client in (visitor, host):
        calendar = Calendar.from_ical(client.get(f"/visits/requests/{visit.pk}/visit.ics").content)
        (event,) = calendar.walk("VEVENT")
        assert event.decoded("DTSTART") == visit.starts_at
        assert str(event["LOCATION"]) == "茨城県 下妻市"

    # The day comes; the host marks the visit as done.
    take_place(visit)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        host.post(f"/visits/requests/{visit.pk}/done/", {"version": visit.version})
    visit.refresh_from_db()
    assert visit.status == Status.DONE
    assert [m.to for m in mail.outbox] == [[other_town_staff.email]]

    # The visitor writes the report, about the case study they saw.
    visitor.post(
        f"/visits/requests/{visit.pk}/report/",
        {
            "title": "下妻市のkintoneアンケートを視察して",
            "what_we_saw": "紙のアンケートがすべてkintoneに移っていました。",
            "what_we_will_try": "来年度の職員アンケートから試します。",
            "saw_page": case_study.pk,
        },
    )
    html = Template("{% load visits %}{% visit_reports_for_page page %}").render(
        Context({"page": case_study, "request": RequestFactory().get("/")})
    )
    assert "下妻市のkintoneアンケートを視察して" in html

    # Nobody else sees a trace of the request.
    third = client_for(third_town_staff)
    assert third.get(f"/visits/requests/{visit.pk}/").status_code == 404
    for client in (third, client_for(None)):
        for page in (
            "/visits/",
            f"/visits/offers/{offer.pk}/",
            "/api/v1/visit-offers",
            "/municipalities/082104/",
        ):
            body = client.get(page).content.decode()
            assert str(visit.pk) not in body and "sato@town.iide.yamagata.jp" not in body
            assert not re.search("拝見したい", body)
