""" "New since my last visit" on the dashboard: what came since the member's previous
visit, counted and marked, until they mark it seen; the visit is written at most once
per half hour, not on every view."""

import datetime
import re

import pytest
from django.utils import timezone
from wagtail.models import Page

from community.accounts.models import User
from community.accounts.news import VISIT_GAP, mark_news_seen, news_since
from community.forum import services as forum
from community.forum.models import ForumTag
from community.municipalities.models import Municipality
from community.municipalities.peers import POOL, peers_of
from tests.visits.conftest import make_offer

pytestmark = pytest.mark.django_db

HOME = "/"


def news_block(client) -> str:
    html = client.get(HOME).content.decode()
    start = html.index('id="dash-news-heading"')
    return re.sub(r"\s+", " ", html[start : html.find("</section>", start)])


def visited(member, *, ago: datetime.timedelta) -> None:
    """The member's last visit was ``ago``: what came since then is new."""
    then = timezone.now() - ago
    User.objects.filter(pk=member.pk).update(home_visited_at=then, news_since=then)


def test_what_came_since_the_last_visit_is_counted_until_marked_seen(
    client_for,
    shimotsuma_staff,
    other_town_staff,
    case_study_factory,
    question_factory,
    request_factory,
):
    followed = question_factory(shimotsuma_staff, title="以前からの質問")
    forum.follow(shimotsuma_staff, followed)
    forum.follow(shimotsuma_staff, ForumTag.objects.get_or_create(name="RPA", slug="rpa")[0])
    offer = make_offer(shimotsuma_staff, title="kintoneの庁内展開")
    shimotsuma = Municipality.objects.select_related("prefecture").get(code="082104")
    peer = peers_of(shimotsuma, limit=POOL)[0]
    old = case_study_factory(peer.code, title="前からある似た市の事例")
    Page.objects.filter(pk=old.pk).update(
        first_published_at=timezone.now() - datetime.timedelta(days=1)
    )
    visited(shimotsuma_staff, ago=datetime.timedelta(hours=3))
    client = client_for(shimotsuma_staff)
    client.get(HOME)  # this visit starts; nothing has come since the last one
    assert "新着はまだありません" in news_block(client)

    # Three hours later, while the member was away:
    visited(shimotsuma_staff, ago=datetime.timedelta(hours=3))
    new = case_study_factory(peer.code, title="似た市の新しい事例")
    forum.post_answer(followed, author=other_town_staff, body="当町では課ごとに分けています。")
    question_factory(other_town_staff, title="RPAの導入費用", tags=["RPA"])
    question_factory(other_town_staff, title="関係のないタグの質問", tags=["LINE"])
    request_factory(offer, other_town_staff)

    block = news_block(client)
    assert "以降の新着：4件" in block
    assert "自分の自治体への新しい視察申込 1件" in block
    assert "フォロー中の質問への新しい回答 1件" in block
    assert "フォロー中のタグの新しい質問 1件" in block
    assert "似た自治体の新しい公開 1件" in block
    assert 'href="/casestudies/?similar_to=082104"' in block
    html = client.get(HOME).content.decode()
    assert re.search(r'<span class="badge">新着</span>\s*<a href="[^"]+">似た市の新しい事例', html)
    assert not re.search(r'新着</span>\s*<a href="[^"]+">前からある', html)
    assert old.title in html and new.title in html

    # Seen again within the same visit, it is still new; marked seen, it is not.
    assert "以降の新着：4件" in news_block(client)
    response = client.post("/members/me/news-seen/")
    assert response.status_code == 302 and response["Location"] == "/"
    assert "新着はまだありません" in news_block(client)


def test_a_visit_is_written_once_per_half_hour_not_on_every_view(
    shimotsuma_staff, django_assert_num_queries
):
    start = timezone.now()
    with django_assert_num_queries(1):  # the first visit: recorded
        since = news_since(shimotsuma_staff, now=start)
    assert since == shimotsuma_staff.date_joined  # a new member: since they joined
    with django_assert_num_queries(0):  # ten minutes on, the same visit
        assert news_since(shimotsuma_staff, now=start + datetime.timedelta(minutes=10)) == since
    later = start + VISIT_GAP + datetime.timedelta(minutes=10)
    with django_assert_num_queries(1):  # a new visit: new since the previous one
        assert news_since(shimotsuma_staff, now=later) == start
    stored = User.objects.get(pk=shimotsuma_staff.pk)
    assert (stored.home_visited_at, stored.news_since) == (later, start)
    mark_news_seen(shimotsuma_staff, now=later + datetime.timedelta(minutes=1))
    assert news_since(shimotsuma_staff, now=later + datetime.timedelta(minutes=2)) == (
        later + datetime.timedelta(minutes=1)
    )


def test_a_first_visit_counts_at_most_the_last_two_weeks(shimotsuma_staff):
    User.objects.filter(pk=shimotsuma_staff.pk).update(
        date_joined=timezone.now() - datetime.timedelta(days=400)
    )
    shimotsuma_staff.refresh_from_db()
    now = timezone.now()
    assert news_since(shimotsuma_staff, now=now) == now - datetime.timedelta(days=14)


def test_only_a_signed_in_member_marks_their_own_news_seen(client, client_for, member):
    assert client.get("/members/me/news-seen/").status_code == 405
    anonymous = client.post("/members/me/news-seen/")
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert client_for(member).post("/members/me/news-seen/").status_code == 302
    assert User.objects.get(pk=member.pk).news_since is not None
