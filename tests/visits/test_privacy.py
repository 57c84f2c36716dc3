"""The journey's privacy promise: a third municipality, an anonymous visitor and
the API see no trace of a request; contact details leave with the member."""

import pytest

from community.accounts import services as account_services
from community.visits.models import VisitRequest
from community.visits.states import Status

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/visits/",
    "/visits/mine/",
    "/visits/calendar/",
    "/municipalities/082104/",
    "/municipalities/064033/",
]


def traces(visit):
    return [
        str(visit.pk),
        "sato@town.iide.yamagata.jp",
        "0238-72-0000",
        "拝見したい",
        "アプリの管理者は何人",
    ]


@pytest.mark.parametrize("status", [Status.REQUESTED, Status.CONFIRMED])
def test_a_third_municipality_and_anonymous_visitors_see_no_trace(
    client_for, request_factory, kintone_offer, other_town_staff, third_town_staff, status
):
    visit = request_factory(kintone_offer, other_town_staff, status=status)
    pages = [*PUBLIC_PAGES, f"/visits/offers/{kintone_offer.pk}/", "/api/v1/visit-offers"]
    for viewer in (None, third_town_staff):
        client = client_for(viewer)
        for page in pages:
            body = client.get(page).content.decode()
            for trace in traces(visit):
                assert trace not in body, (viewer, page, trace)
        # Not even that it exists.
        assert client.get(f"/visits/requests/{visit.pk}/").status_code in (302, 404)
    assert client_for(third_town_staff).get(f"/visits/requests/{visit.pk}/").status_code == 404


def test_the_hosts_list_shows_its_requests_and_only_its_own(
    client_for,
    request_factory,
    kintone_offer,
    offer_factory,
    other_town_staff,
    third_town_staff,
    shimotsuma_staff,
):
    ours = request_factory(kintone_offer, other_town_staff)
    theirs = request_factory(
        offer_factory(third_town_staff, title="つくば市の視察"), other_town_staff
    )
    body = client_for(shimotsuma_staff).get("/visits/mine/?as=host").content.decode()
    assert str(ours.pk) in body and str(theirs.pk) not in body
    mine = client_for(other_town_staff).get("/visits/mine/").content.decode()
    assert str(ours.pk) in mine and str(theirs.pk) in mine
    # ?as=host means nothing to someone who hosts nothing.
    assert (
        str(ours.pk)
        not in client_for(third_town_staff).get("/visits/mine/?as=host").content.decode()
    )


def test_my_visits_is_for_members(client_for, member):
    response = client_for(None).get("/visits/mine/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    body = client_for(member).get("/visits/mine/").content.decode()
    assert "まだ視察を申し込んでいません" in body
    assert "自治体への申込" not in body  # the host tab is for verified staff


def test_my_visits_query_count_is_constant(
    session_query,
    client_for,
    django_assert_num_queries,
    request_factory,
    offer_factory,
    shimotsuma_staff,
    other_town_staff,
):
    client = client_for(other_town_staff)
    request_factory(offer_factory(shimotsuma_staff), other_town_staff)
    client.get("/visits/mine/")
    # Warm (the request above filled the caches): 1 the session, 2 COUNT, 3 the page
    # of requests with offers and hosts. The member's row, the header's moderator
    # check and unread count come from the cache.
    with django_assert_num_queries(2 + session_query):
        client.get("/visits/mine/")
    for index in range(5):
        request_factory(offer_factory(shimotsuma_staff, title=f"視察{index}"), other_town_staff)
    client.get("/visits/mine/")  # the writes above retired the cached entries
    with django_assert_num_queries(2 + session_query):
        client.get("/visits/mine/")


def test_deleting_an_account_removes_the_contact_details_from_requests(visit, other_town_staff):
    account_services.delete_account(other_town_staff)
    visit = VisitRequest.objects.get(pk=visit.pk)
    assert (visit.contact_name, visit.contact_email, visit.contact_phone) == ("", "", "")
