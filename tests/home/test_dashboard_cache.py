"""The dashboard's blocks are cached (casestudies/home/dashboard.py), and each shows a
write on the very next visit: read, write, read again."""

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.formats import date_format

from casestudies.adoption.services import adopt
from community.accounts.models import User
from community.accounts.news import VISIT_GAP
from community.events.services import rsvp
from community.forum.models import ForumTag
from community.forum.services import follow, post_answer
from community.municipalities.models import Municipality
from community.municipalities.peers import peers_of
from community.notifications.models import Notification
from community.visits import services as visits
from tests.conftest import make_member, sign_in
from tests.home.test_dashboard import HOME, IIDE, SHIMOTSUMA, section
from tests.visits.conftest import make_offer
from yokoten import cache_policy

pytestmark = pytest.mark.django_db


def dashboard(client) -> str:
    return client.get(HOME).content.decode()


def test_a_new_visit_request_shows_at_once_on_the_host_s_dashboard(
    client_for, request_factory, shimotsuma_staff, other_town_staff
):
    offer = make_offer(shimotsuma_staff, title="kintoneの庁内展開")
    host = client_for(shimotsuma_staff)
    assert "回答が必要な視察申込" not in section(dashboard(host), "dash-waiting-heading")

    visit = request_factory(offer, other_town_staff)
    html = dashboard(host)
    assert visit.get_absolute_url() in section(html, "dash-waiting-heading")
    assert "自分の自治体への新しい視察申込 1件" in section(html, "dash-news-heading")

    days = [visit.preferred_days[0]]
    visits.propose_dates(visit, days, actor=shimotsuma_staff, expected_version=visit.version)
    waiting = section(dashboard(host), "dash-waiting-heading")
    assert "日程の確定" in waiting and "回答が必要な視察申込" not in waiting


def test_a_notification_read_or_new_shows_at_once(
    client_for,
    question_factory,
    shimotsuma_staff,
    other_town_staff,
    django_capture_on_commit_callbacks,
):
    question = question_factory(other_town_staff, title="通知の確認")
    reader = client_for(other_town_staff)
    assert "お知らせはまだありません。" in section(dashboard(reader), "dash-notifications-heading")

    with django_capture_on_commit_callbacks(execute=True):  # notified after the commit
        post_answer(question, author=shimotsuma_staff, body="回答です。")
    block = section(dashboard(reader), "dash-notifications-heading")
    assert "通知の確認" in block and "未読" in block

    reader.post("/notifications/")  # "Mark all as read"
    assert Notification.objects.filter(recipient=other_town_staff, read_at=None).count() == 0
    assert "未読" not in section(dashboard(reader), "dash-notifications-heading")


def test_a_case_newly_published_in_a_peer_town_shows_at_once(
    client_for, case_study_factory, other_town_staff
):
    reader = client_for(other_town_staff)
    dashboard(reader)
    peer = peers_of(Municipality.objects.get(code=IIDE))[0]
    case_study_factory(peer.code, title="よく似た町の新しい事例")
    html = dashboard(reader)
    assert "よく似た町の新しい事例" in section(html, "dash-peers-heading")
    assert "似た自治体の新しい公開 1件" in section(html, "dash-news-heading")


def test_an_adoption_shows_at_once_on_both_municipalities_dashboards(
    client_for, case_study_factory, shimotsuma_staff, other_town_staff
):
    ours = case_study_factory(SHIMOTSUMA, title="下妻市の事例")
    publisher, adopter = client_for(shimotsuma_staff), client_for(other_town_staff)
    assert "まだ他の自治体には導入されていません。" in section(
        dashboard(publisher), "dash-ours-heading"
    )
    dashboard(adopter)

    adopt(ours, other_town_staff.staff_municipality, actor=other_town_staff,
          adopted_on=datetime.date(2026, 10, 1))  # fmt: skip
    assert "飯豊町" in section(dashboard(publisher), "dash-ours-heading")
    assert "下妻市の事例" in section(dashboard(adopter), "dash-adoptions-heading")


def test_answers_to_a_question_followed_since_the_last_read_are_counted(
    client_for, question_factory, member, shimotsuma_staff, other_town_staff
):
    question = question_factory(other_town_staff, title="フォローする質問")
    post_answer(question, author=shimotsuma_staff, body="最初の回答です。")
    reader = client_for(member)
    assert "フォロー中の質問への新しい回答" not in section(dashboard(reader), "dash-news-heading")
    follow(member, question)  # retires nothing the forum lists show, but what I follow
    assert "フォロー中の質問への新しい回答 1件" in section(dashboard(reader), "dash-news-heading")


def test_a_new_question_in_a_followed_tag_waits_at_once(
    client_for, question_factory, member, other_town_staff
):
    follow(member, ForumTag.objects.get_or_create(name="kintone", slug="kintone")[0])
    reader = client_for(member)
    dashboard(reader)
    question_factory(other_town_staff, title="kintoneの新しい質問", tags=["kintone"])
    assert "kintoneの新しい質問" in section(dashboard(reader), "dash-waiting-heading")


def test_signing_up_for_an_event_shows_at_once(client_for, make_event, member, moderator):
    event = make_event(moderator, title="kintone勉強会")
    reader = client_for(member)
    dashboard(reader)  # the visit is recorded, and the member's cached row retired
    assert "申し込んだイベント" not in dashboard(reader)
    rsvp(event, member)
    assert "申し込んだイベント" in dashboard(reader)


# The whole page is kept for its member (yokoten/member_cache.py: keep_for_member).


def _news_form_token(html: str) -> str:
    form = html[html.index('action="/members/me/news-seen/"') :]
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)


def _a_question_waits_for(reader, other_town_staff, question_factory, title: str) -> None:
    follow(reader, ForumTag.objects.get_or_create(name="kintone", slug="kintone")[0])
    question_factory(other_town_staff, title=title, tags=["kintone"])


def test_a_member_is_never_served_another_member_s_dashboard(
    client_for, question_factory, member, other_town_staff
):
    _a_question_waits_for(member, other_town_staff, question_factory, "山口さんの待ち質問")
    mine = client_for(member)
    dashboard(mine)  # the visit is recorded: the page kept is of this visit
    assert mine.get(HOME)["X-Page-Cache"] == "member-hit"

    neighbour = client_for(make_member("neighbour@example.com"))  # the same audience
    response = neighbour.get(HOME)
    assert response["X-Page-Cache"] != "member-hit"
    assert "山口さんの待ち質問" not in response.content.decode()
    assert "山口さんの待ち質問" in dashboard(mine)


def test_a_kept_dashboard_s_form_carries_the_reader_s_own_working_token(
    question_factory, member, other_town_staff
):
    browser = Client(enforce_csrf_checks=True)
    sign_in(browser, member)
    browser.get(HOME)  # the first visit (it sets the CSRF cookie)
    _a_question_waits_for(member, other_town_staff, question_factory, "新しい質問")
    browser.get(HOME)
    page = browser.get(HOME)
    assert page["X-Page-Cache"] == "member-hit"
    assert "フォロー中のタグの新しい質問 1件" in section(page.content.decode(), "dash-news-heading")

    token = _news_form_token(page.content.decode())
    assert browser.post("/members/me/news-seen/", {"csrfmiddlewaretoken": token}).status_code == 302
    assert "新着はまだありません" in section(dashboard(browser), "dash-news-heading")


def test_the_first_view_after_the_half_hour_starts_a_new_visit_on_a_kept_dashboard(
    client_for, monkeypatch, member
):
    reader = client_for(member)
    dashboard(reader)
    dashboard(reader)  # kept
    first_visit = User.objects.get(pk=member.pk).home_visited_at

    later = timezone.now() + VISIT_GAP + datetime.timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    monkeypatch.setattr(cache_policy, "now", later.timestamp)
    response = reader.get(HOME)
    assert response["X-Page-Cache"] != "member-hit"
    assert User.objects.get(pk=member.pk).home_visited_at == later
    news = section(response.content.decode(), "dash-news-heading")
    assert date_format(timezone.localtime(first_visit), "DATETIME_FORMAT") in news


def test_an_event_that_ended_leaves_a_kept_dashboard(
    client_for, monkeypatch, make_event, member, moderator
):
    event = make_event(moderator, title="終わるイベント")
    reader = client_for(member)
    dashboard(reader)
    assert "終わるイベント" in dashboard(reader)  # kept

    after = event.ends_at + datetime.timedelta(minutes=1)
    monkeypatch.setattr(cache_policy, "now", after.timestamp)
    monkeypatch.setattr(timezone, "now", lambda: after)
    assert "終わるイベント" not in dashboard(reader)
