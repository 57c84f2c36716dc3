"""Request pages: who may open them (requester, host staff, moderators) and who
gets a 404 (everyone else), no-store caching, confirmation before closing,
and stale forms refused with what was typed kept."""

import re
import uuid

import pytest
from django.core import mail

from community.visits import services
from community.visits.rules import next_free_days
from community.visits.states import Status

from .conftest import details, take_place

pytestmark = pytest.mark.django_db


def url(visit, suffix=""):
    return f"/visits/requests/{visit.pk}/{suffix}"


@pytest.fixture
def cast(member, shimotsuma_staff, other_town_staff, third_town_staff, moderator):
    return {
        "anonymous": None,
        "member": member,
        "requester": other_town_staff,
        "host staff": shimotsuma_staff,
        "third municipality": third_town_staff,
        "moderator": moderator,
    }


READ_PAGES = ["", "edit/", "decline/", "cancel/", "report/", "visit.ics"]


@pytest.mark.parametrize("who", ["member", "third municipality"])
def test_people_outside_the_request_get_404_on_every_page(
    client_for, cast, request_factory, kintone_offer, other_town_staff, who
):
    visit = request_factory(kintone_offer, other_town_staff, status=Status.DONE)
    client = client_for(cast[who])
    for suffix in READ_PAGES:
        assert client.get(url(visit, suffix)).status_code == 404, suffix
    for suffix in ["propose/", "confirm/", "done/", "messages/", "decline/", "cancel/", "report/"]:
        assert client.post(url(visit, suffix), {"version": 1, "body": "x"}).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in_whether_or_not_the_request_exists(client_for, visit):
    client = client_for(None)
    real = client.get(url(visit))
    made_up = client.get(f"/visits/requests/{uuid.uuid4()}/")
    assert real.status_code == made_up.status_code == 302
    assert real["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("who", ["requester", "host staff", "moderator"])
def test_the_two_sides_and_moderators_see_the_request_and_contact_details(
    client_for, cast, visit, who
):
    response = client_for(cast[who]).get(url(visit))
    body = response.content.decode()
    assert response.status_code == 200
    assert "sato@town.iide.yamagata.jp" in body and "0238-72-0000" in body
    assert "kintoneによる庁内アンケートの運用を拝見したい" in body
    assert len(re.findall(r"<h1[\s>]", body)) == 1
    assert '<meta name="robots" content="noindex">' in body


def test_every_page_showing_a_request_is_never_cached(
    client_for, request_factory, kintone_offer, other_town_staff, shimotsuma_staff
):
    visit = request_factory(kintone_offer, other_town_staff, status=Status.CONFIRMED)
    pages = {
        other_town_staff: [
            url(visit),
            url(visit, "edit/"),
            url(visit, "cancel/"),
            url(visit, "visit.ics"),
            "/visits/mine/",
            "/visits/calendar/",
        ],
        shimotsuma_staff: [
            url(visit),
            url(visit, "decline/"),
            "/visits/mine/?as=host",
            "/visits/calendar/",
        ],
    }
    for user, urls in pages.items():
        client = client_for(user)
        for page in urls:
            response = client.get(page)
            assert response.status_code in (200, 302), page
            assert "no-store" in response["Cache-Control"], page


def test_moderators_read_but_cannot_act(client_for, visit, moderator):
    client = client_for(moderator)
    body = client.get(url(visit)).content.decode()
    assert "日程を確定する" not in body and "メッセージを送信" not in body
    for suffix in ["confirm/", "propose/", "messages/", "decline/", "cancel/"]:
        assert client.post(url(visit, suffix), {"version": 1}).status_code == 403
    visit.refresh_from_db()
    assert visit.status == Status.REQUESTED


def test_the_host_confirms_a_preferred_date_from_the_page(client_for, visit, shimotsuma_staff):
    client = client_for(shimotsuma_staff)
    page = client.get(url(visit)).content.decode()
    day = visit.preferred_days[1]
    assert f'value="{day.isoformat()}"' in page
    response = client.post(
        url(visit, "confirm/"),
        {
            "confirm-date": day.isoformat(),
            "confirm-start_time": "10:00",
            "confirm-agenda": "10:00 概要説明",
            "confirm-version": "1",
        },
    )
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.status == Status.CONFIRMED and visit.visit_day == day
    assert visit.agenda == "10:00 概要説明"


def test_the_host_may_confirm_another_date_than_the_preferred_ones(
    client_for, visit, shimotsuma_staff
):
    other = next_free_days(visit.offer, count=6)[5]
    assert other not in visit.preferred_days
    response = client_for(shimotsuma_staff).post(
        url(visit, "confirm/"),
        {
            "confirm-date": "other",
            "confirm-other_date": other.isoformat(),
            "confirm-start_time": "14:00",
            "confirm-version": "1",
        },
    )
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.visit_day == other


def test_a_stale_confirm_form_is_refused_with_a_message_and_keeps_the_agenda(
    client_for, visit, shimotsuma_staff, other_town_staff
):
    host = client_for(shimotsuma_staff)
    host.get(url(visit))  # the host opens the page at version 1 …
    services.update_request(  # … the visitor changes the request meanwhile …
        visit, details(visit.offer, party_size=5), actor=other_town_staff, expected_version=1
    )
    response = host.post(  # … and the host's form, made from version 1, arrives.
        url(visit, "confirm/"),
        {
            "confirm-date": visit.preferred_days[0].isoformat(),
            "confirm-start_time": "10:00",
            "confirm-agenda": "手書きの次第",
            "confirm-version": "1",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "相手側がこの申込を更新しました" in body
    assert "手書きの次第" in body
    assert (
        'name="confirm-version" value="2"' in body
    )  # a second submit, after checking, goes through
    visit.refresh_from_db()
    assert visit.status == Status.REQUESTED and visit.party_size == 5


def test_a_stale_edit_by_the_requester_is_refused_and_keeps_the_typing(
    client_for, visit, shimotsuma_staff, other_town_staff
):
    services.propose_dates(
        visit, visit.preferred_days[1:], actor=shimotsuma_staff, expected_version=1
    )
    data = {
        "format": "onsite",
        "visitor_type": "municipal_staff",
        "organisation": "飯豊町 総務企画課",
        "party_size": "3",
        "preferred_date_1": visit.preferred_days[0].isoformat(),
        "purpose": "書き直した目的",
        "contact_name": "佐藤 健太",
        "contact_email": "sato@town.iide.yamagata.jp",
        "version": "1",
    }
    response = client_for(other_town_staff).post(url(visit, "edit/"), data)
    body = response.content.decode()
    assert response.status_code == 200 and "相手側がこの申込を更新しました" in body
    assert "書き直した目的" in body
    visit.refresh_from_db()
    assert visit.party_size == 4 and visit.status == Status.SCHEDULING


def test_declining_asks_for_confirmation_and_a_reason_first(client_for, visit, shimotsuma_staff):
    client = client_for(shimotsuma_staff)
    page = client.get(url(visit, "decline/"))
    body = page.content.decode()
    assert page.status_code == 200 and "元に戻せません" in body
    assert client.post(url(visit, "decline/"), {"version": "1", "reason": ""}).status_code == 200
    visit.refresh_from_db()
    assert visit.status == Status.REQUESTED
    response = client.post(url(visit, "decline/"), {"version": "1", "reason": "議会対応のため"})
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.status == Status.DECLINED


def test_cancelling_asks_for_confirmation_first(
    client_for, visit, other_town_staff, shimotsuma_staff
):
    assert client_for(shimotsuma_staff).get(url(visit, "cancel/")).status_code == 403
    client = client_for(other_town_staff)
    assert "元に戻せません" in client.get(url(visit, "cancel/")).content.decode()
    assert client.post(url(visit, "cancel/"), {"version": "1"}).status_code == 302
    visit.refresh_from_db()
    assert visit.status == Status.CANCELLED
    # Closed requests have nothing more to cancel.
    assert client.get(url(visit, "cancel/")).status_code == 302


def test_the_requester_edits_the_request_but_not_the_host(
    client_for, visit, shimotsuma_staff, other_town_staff
):
    assert client_for(shimotsuma_staff).get(url(visit, "edit/")).status_code == 403
    page = client_for(other_town_staff).get(url(visit, "edit/")).content.decode()
    assert "山形県飯豊町 総務企画課" in page and 'name="version" value="1"' in page


def test_either_side_writes_in_the_thread(
    client_for, django_capture_on_commit_callbacks, visit, shimotsuma_staff, other_town_staff
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(shimotsuma_staff).post(
            url(visit, "messages/"), {"message-body": "当日は本庁舎3階へお越しください。"}
        )
    assert response.status_code == 302 and response["Location"].endswith("#messages")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [other_town_staff.email]
    body = client_for(other_town_staff).get(url(visit)).content.decode()
    assert "当日は本庁舎3階へお越しください。" in body
    assert "石塚 美咲" in body


def test_an_empty_message_is_refused(client_for, visit, other_town_staff):
    response = client_for(other_town_staff).post(url(visit, "messages/"), {"message-body": "  "})
    assert response.status_code == 200
    assert visit.messages.count() == 0


def test_mark_done_appears_once_the_visit_took_place(
    client_for, request_factory, kintone_offer, other_town_staff
):
    visit = request_factory(kintone_offer, other_town_staff, status=Status.CONFIRMED)
    client = client_for(other_town_staff)
    assert "実施済みにする" not in client.get(url(visit)).content.decode()
    take_place(visit)
    assert "実施済みにする" in client.get(url(visit)).content.decode()
    assert client.post(url(visit, "done/"), {"version": visit.version}).status_code == 302
    visit.refresh_from_db()
    assert visit.status == Status.DONE


def test_the_history_lists_each_change_with_who_did_it(
    client_for, request_factory, kintone_offer, other_town_staff
):
    visit = request_factory(kintone_offer, other_town_staff, status=Status.CONFIRMED)
    body = client_for(other_town_staff).get(url(visit)).content.decode()
    history = body[body.index('id="history-heading"') :]
    assert "申込を送信" in history and "日程を確定" in history and "石塚 美咲" in history


def test_request_urls_carry_no_personal_data(visit):
    assert url(visit) == f"/visits/requests/{visit.pk}/"
    assert re.fullmatch(r"/visits/requests/[0-9a-f-]{36}/", url(visit))


def test_the_host_own_staff_cannot_request_their_own_offer(
    client_for, kintone_offer, shimotsuma_staff
):
    assert (
        client_for(shimotsuma_staff).get(f"/visits/offers/{kintone_offer.pk}/request/").status_code
        == 403
    )


def test_the_request_form_needs_a_login_and_a_published_offer(
    client_for, offer_factory, kintone_offer, shimotsuma_staff, member
):
    response = client_for(None).get(f"/visits/offers/{kintone_offer.pk}/request/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    withdrawn = offer_factory(shimotsuma_staff, title="休止中", published=False)
    assert client_for(member).get(f"/visits/offers/{withdrawn.pk}/request/").status_code == 404
    page = client_for(member).get(f"/visits/offers/{kintone_offer.pk}/request/")
    body = page.content.decode()
    assert page.status_code == 200 and len(re.findall(r"<h1[\s>]", body)) == 1
    assert "個人情報" in body and "6月定例会" in body


def test_request_detail_query_count_does_not_grow_with_messages(
    session_query,
    client_for,
    django_assert_num_queries,
    warm_caches,
    visit,
    shimotsuma_staff,
    other_town_staff,
):
    client = client_for(shimotsuma_staff)
    warm_caches()
    for count in (1, 10):
        for index in range(count):
            services.post_message(visit, actor=other_town_staff, body=f"質問{index}")
        client.get(url(visit))  # the new message's notification changed the unread count
        # 1 the session, 2 the request with its offer, host and requester, 3 its
        # history (audit entries) with actors, 4 its reports, 5 its messages with their
        # authors. The member's row, permissions (for the header's moderator check) and
        # unread count come from the cache.
        with django_assert_num_queries(4 + session_query):
            client.get(url(visit))


def test_the_request_form_lets_the_browser_fill_in_the_contact_details(
    client_for, kintone_offer, other_town_staff
):
    body = client_for(other_town_staff).get(f"/visits/offers/{kintone_offer.pk}/request/")
    inputs = {
        name: re.search(rf'<input[^>]*name="{name}"[^>]*>', body.content.decode()).group(0)
        for name in ["organisation", "contact_name", "contact_email", "contact_phone"]
    }
    assert 'autocomplete="organization"' in inputs["organisation"]
    assert 'autocomplete="name"' in inputs["contact_name"]
    assert 'type="email"' in inputs["contact_email"]
    assert 'autocomplete="email"' in inputs["contact_email"]
    assert 'type="tel"' in inputs["contact_phone"]
    assert 'autocomplete="tel"' in inputs["contact_phone"]
