"""Signed-in members share cached pages, but never each other's personal parts."""

import datetime
import re

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from casestudies.adoption.models import Adoption
from casestudies.adoption.services import adopt
from tests.conftest import make_member, sign_in

pytestmark = pytest.mark.django_db

LIST = "/casestudies/"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.YOKOTEN_PAGE_CACHE = True


def tell(member, count: int):
    from community.forum.notifications import Kind
    from community.notifications.services import notify

    for number in range(count):
        notify(
            [member], kind=Kind.NEW_ANSWER, event=f"test.{number}", target=member,
            title=f"新しい回答 {number}", url="/forum/",
        )  # fmt: skip


def test_members_share_a_list_but_each_sees_their_own_account_menu(
    client_for, member, case_study_factory
):
    case_study_factory(title="書かない窓口の事例")
    other = make_member("kobayashi@example.com", name="小林 大輔")
    tell(member, 3)
    first = client_for(member).get(LIST)
    assert first["X-Page-Cache"] == "member-miss"
    assert "3件未読" in first.content.decode()

    second = client_for(other).get(LIST)
    html = second.content.decode()
    assert second["X-Page-Cache"] == "member-hit"
    assert "書かない窓口の事例" in html
    assert "件未読" not in html  # the first member's badge stayed theirs
    assert "private" in second["Cache-Control"]
    assert "<!--yk-personal" not in html


def test_a_shared_page_carries_a_logout_token_that_works_for_its_reader(client_for, member):
    client_for(make_member("first@example.com")).get(LIST)
    browser = Client(enforce_csrf_checks=True)
    sign_in(browser, member)
    browser.get("/forum/")  # sets the CSRF cookie, as a real first visit would
    page = browser.get(LIST)
    assert page["X-Page-Cache"] == "member-hit"
    token = TOKEN.search(page.content.decode()).group(1)
    response = browser.post("/accounts/logout/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert "_auth_user_id" not in browser.session


def test_a_member_hit_costs_no_query_however_many_case_studies(
    session_query, client_for, member, case_study_factory
):
    reader = client_for(member)
    counts = []
    for rows in (1, 25):
        while len(counts) < rows:
            counts.append(case_study_factory())
        reader.get(LIST)
        with CaptureQueriesContext(connection) as queries:
            response = reader.get(LIST)
            count = len(queries.captured_queries)
        assert response["X-Page-Cache"] == "member-hit"
        # The session (its row, or its copy in Redis); member, page, menu and counts from the cache.
        assert count == session_query


def test_staff_of_a_town_and_unverified_members_do_not_share_pages(
    client_for, member, other_town_staff
):
    staff_view = client_for(other_town_staff).get("/forum/")
    assert "情報セキュリティ" in staff_view.content.decode()
    member_view = client_for(member).get("/forum/")
    assert member_view["X-Page-Cache"] == "member-miss"
    assert "情報セキュリティ" not in member_view.content.decode()


def test_moderators_and_editors_are_never_served_a_shared_page(client_for, member, moderator):
    client_for(member).get(LIST)
    for _ in range(2):
        response = client_for(moderator).get(LIST)
        assert "X-Page-Cache" not in response
        assert "モデレーション" in response.content.decode()


def test_a_page_with_a_form_for_this_member_is_not_stored(client_for, member):
    reader = client_for(member)
    reader.get("/forum/boards/kintone-nocode/")
    response = reader.get("/forum/boards/kintone-nocode/")
    assert "X-Page-Cache" not in response  # the follow button is this member's form
    assert TOKEN.search(response.content.decode())


def test_each_member_gets_their_own_adoption_form_on_a_shared_case_study(
    client_for, other_town_staff, case_study_factory
):
    case = case_study_factory(title="AI議事録の事例")
    colleague = make_member("tanaka@town.iide.yamagata.jp", name="田中 翼")
    first = client_for(other_town_staff).get(case.url)
    assert first["X-Page-Cache"] == "member-miss"
    browser = Client(enforce_csrf_checks=True)
    sign_in(browser, colleague)
    browser.get("/forum/")
    page = browser.get(case.url)
    html = page.content.decode()
    assert page["X-Page-Cache"] == "member-hit"
    assert "AI議事録の事例" in html
    token = TOKEN.findall(html)[-1]  # the adoption form's, after the logout form's
    assert 'action="/adoptions/' in html
    adopted = browser.post(
        f"/adoptions/{case.pk}/",
        {"csrfmiddlewaretoken": token, "adopted_on": "2026-10-01", "metrics-TOTAL_FORMS": "0",
         "metrics-INITIAL_FORMS": "0"},
    )  # fmt: skip
    assert adopted.status_code == 302
    assert Adoption.objects.get(page_id=case.pk).municipality_id == colleague.staff_municipality_id


def test_an_adoption_retires_the_shared_page(
    client_for, member, other_town_staff, case_study_factory, django_capture_on_commit_callbacks
):
    case = case_study_factory()
    reader = client_for(member)
    reader.get(case.url)
    assert reader.get(case.url)["X-Page-Cache"] == "member-hit"
    with django_capture_on_commit_callbacks(execute=True):
        adopt(
            case, other_town_staff.staff_municipality, actor=other_town_staff,
            adopted_on=datetime.date(2026, 10, 1),
        )  # fmt: skip
    response = reader.get(case.url)
    assert response["X-Page-Cache"] == "member-miss"
    assert "飯豊町" in response.content.decode()


def test_waiting_messages_bypass_the_shared_page(client_for, member):
    reader = client_for(member)
    reader.get(LIST)
    waiting = CookieStorage(RequestFactory().get("/"))
    reader.cookies["messages"] = waiting._encode([Message(constants.SUCCESS, "保存しました。")])
    response = reader.get(LIST)
    assert "X-Page-Cache" not in response
    assert "保存しました。" in response.content.decode()


def test_the_open_api_is_cached_for_signed_in_readers_too(client_for, member):
    reader = client_for(member)
    first = reader.get("/api/v1/casestudies")
    second = reader.get("/api/v1/casestudies")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content


def test_signing_in_does_not_retire_everyone_s_cached_pages(client_for, member):
    client_for(make_member("first@example.com")).get(LIST)
    assert client_for(member).get(LIST)["X-Page-Cache"] == "member-hit"


def test_granting_moderation_takes_effect_at_once_despite_cached_permissions(
    member, django_capture_on_commit_callbacks
):
    from django.contrib.auth.models import Group

    from community.accounts.models import User
    from community.accounts.permissions import MODERATOR_GROUP, holds_moderator_role

    assert not holds_moderator_role(User.objects.get(pk=member.pk))
    with django_capture_on_commit_callbacks(execute=True):
        member.groups.add(Group.objects.get(name=MODERATOR_GROUP))
    assert holds_moderator_role(User.objects.get(pk=member.pk))


def test_wagtail_s_edit_bar_is_personal_on_a_shared_page(
    client_for, member, other_town_staff, with_totp, case_study_factory
):
    case = case_study_factory()
    colleague = with_totp(make_member("tanaka@town.iide.yamagata.jp", name="田中 翼"))
    assert colleague.holds_perm("wagtailadmin.access_admin")
    client_for(other_town_staff).get(case.url)
    staff_page = client_for(colleague).get(case.url)
    assert staff_page["X-Page-Cache"] == "member-hit"
    assert "wagtail-userbar" in staff_page.content.decode()
    member_page = client_for(member).get(case.url)
    assert "wagtail-userbar" not in member_page.content.decode()


def test_a_deactivated_member_is_signed_out_at_once_despite_the_cached_row(
    client_for, member, django_capture_on_commit_callbacks
):
    reader = client_for(member)
    reader.get(LIST)
    member.is_active = False
    with django_capture_on_commit_callbacks(execute=True):
        member.save()
    response = reader.get(LIST)
    assert "マイアカウント" not in response.content.decode()
    assert "ログイン" in response.content.decode()


def test_a_new_notification_shows_in_the_menu_of_a_shared_page_at_once(
    client_for, member, django_capture_on_commit_callbacks
):
    reader = client_for(member)
    reader.get(LIST)
    assert "件未読" not in reader.get(LIST).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        tell(member, 2)
    assert "2件未読" in reader.get(LIST).content.decode()


def test_reading_every_notification_clears_the_count_on_a_shared_page(
    client_for, member, django_capture_on_commit_callbacks
):
    tell(member, 2)
    reader = client_for(member)
    reader.get(LIST)
    assert "2件未読" in reader.get(LIST).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        reader.post("/notifications/", follow=True)  # "Mark all as read"; the message is shown
    response = reader.get(LIST)
    assert "件未読" not in response.content.decode()
