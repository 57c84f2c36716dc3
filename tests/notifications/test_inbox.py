"""The on-site inbox, its unread count in the header, and the email settings page."""

import re

import pytest

from community.forum import services
from community.notifications import registry
from community.notifications.models import Delivery, DigestSetting, EmailPreference, Notification

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/notifications/", "/notifications/settings/"])
def test_visitors_are_sent_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_the_inbox_lists_items_and_the_header_counts_unread(client_for, announce, other_town_staff):
    announce([other_town_staff])
    client = client_for(other_town_staff)
    body = client.get("/notifications/").content.decode()
    assert "LoGoフォームの添付ファイル上限" in body and "1ファイル何MBまで" in body
    assert re.search(r"お知らせ\s*<span[^>]*>1件未読</span>", body)
    assert len(re.findall(r"<h1[\s>]", body)) == 1


def test_opening_an_item_marks_it_read_and_goes_to_the_question(
    client_for, announce, other_town_staff, question
):
    notification = announce([other_town_staff])[0]
    client = client_for(other_town_staff)
    response = client.get(f"/notifications/{notification.pk}/open/")
    assert response["Location"] == question.get_absolute_url()
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert "件未読" not in client.get("/forum/").content.decode()


def test_nobody_opens_someone_elses_item(client_for, announce, other_town_staff, member):
    notification = announce([other_town_staff])[0]
    assert client_for(member).get(f"/notifications/{notification.pk}/open/").status_code == 404


def test_a_hidden_question_no_longer_shows_in_the_inbox(
    client_for, announce, other_town_staff, question, moderator
):
    notification = announce([other_town_staff])[0]
    services.hide_post(question, actor=moderator, reason="重複")
    client = client_for(other_town_staff)
    body = client.get("/notifications/").content.decode()
    assert "LoGoフォームの添付ファイル上限" not in body
    assert "この通知の内容はもう表示できません" in body
    response = client.get(f"/notifications/{notification.pk}/open/")
    assert response["Location"] == "/notifications/"


def test_mark_all_read(client_for, announce, other_town_staff):
    announce([other_town_staff])
    announce([other_town_staff], event="test.event.2")
    client_for(other_town_staff).post("/notifications/")
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_the_unread_count_costs_one_query_and_only_for_members(
    client, client_for, other_town_staff, announce
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    announce([other_town_staff])
    with CaptureQueriesContext(connection) as queries:
        client.get("/forum/")
    assert not any("notifications_notification" in q["sql"] for q in queries.captured_queries)
    with CaptureQueriesContext(connection) as queries:
        client_for(other_town_staff).get("/forum/")
    assert sum("notifications_notification" in q["sql"] for q in queries.captured_queries) == 1


def test_the_inbox_query_count_does_not_grow(
    session_query, client_for, announce, other_town_staff, django_assert_num_queries
):
    """Queries, warm: the session, count, the page with actors, visible targets (one
    per target model). The member's row and permissions (for the header's moderation
    link) and the header's unread count come from the cache."""
    announce([other_town_staff])
    client = client_for(other_town_staff)
    client.get("/notifications/")
    with django_assert_num_queries(3 + session_query) as few:
        client.get("/notifications/")
    baseline = len(few.captured_queries)
    for number in range(20):
        announce([other_town_staff], event=f"test.more.{number}")
    client.get("/notifications/")  # the new notifications retired the cached entries
    with django_assert_num_queries(baseline):
        client.get("/notifications/")


def test_members_choose_what_is_emailed_and_how_often(client_for, other_town_staff):
    client = client_for(other_town_staff)
    page = client.get("/notifications/settings/").content.decode()
    assert "フォロー中の質問への新しい回答" in page and "すぐにメールする" in page
    # Every app's kinds, as each registered them.
    assert "自分の視察申込" in page and "自分の職員認証の有効期限が近づいたとき" in page
    response = client.post(
        "/notifications/settings/",
        {
            **{kind.key: kind.default_delivery for kind in registry.kinds()},
            "forum_accepted": "off",
            "forum_question": "digest",
            "frequency": "daily",
        },
    )
    assert response.status_code == 302
    assert dict(
        EmailPreference.objects.filter(member=other_town_staff).values_list("kind", "delivery")
    ) == {"forum_accepted": Delivery.OFF, "forum_question": Delivery.DIGEST}
    assert DigestSetting.objects.get(member=other_town_staff).frequency == "daily"
