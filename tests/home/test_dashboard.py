"""The signed-in home page is the member's dashboard: what waits for them, what towns
like theirs published, their municipality's work and its adopters, its adoptions,
their notifications; empty states that say what to do; constant queries."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from casestudies.adoption.services import adopt
from community.accounts.models import User
from community.forum.models import ForumTag
from community.forum.services import flag_post, follow
from community.municipalities.models import Municipality
from community.municipalities.peers import peers_of
from community.visits.states import Status
from tests.visits.conftest import make_offer

pytestmark = pytest.mark.django_db

HOME = "/"
IIDE, SHIMOTSUMA = "064033", "082104"


def section(html: str, heading_id: str) -> str:
    start = html.index(f'id="{heading_id}"')
    return html[start : html.find("</section>", start)]


def test_host_staff_see_a_new_visit_request_and_a_date_to_confirm(
    client_for, request_factory, shimotsuma_staff, other_town_staff
):
    offer = make_offer(shimotsuma_staff, title="kintoneの庁内展開")
    visit = request_factory(offer, other_town_staff)
    request_factory(offer, other_town_staff, status=Status.SCHEDULING, organisation="飯豊町 議会")
    request_factory(offer, other_town_staff, status=Status.DECLINED, organisation="辞退した申込")

    html = client_for(shimotsuma_staff).get(HOME).content.decode()
    assert "<h1>茨城県 下妻市：マイページ</h1>" in html
    waiting = section(html, "dash-waiting-heading")
    assert "回答が必要な視察申込" in waiting and visit.get_absolute_url() in waiting
    assert "山形県飯豊町 総務企画課から「kintoneの庁内展開」の視察申込" in waiting
    assert "日程の確定" in waiting and "飯豊町 議会" in waiting
    assert "辞退した申込" not in waiting
    assert 'href="/visits/mine/?as=host"' in waiting

    # The requester's own home does not list it as theirs to answer.
    other = section(client_for(other_town_staff).get(HOME).content.decode(), "dash-waiting-heading")
    assert visit.get_absolute_url() not in other


def test_unanswered_questions_in_followed_tags_wait_for_the_member(
    client_for, question_factory, member, other_town_staff, shimotsuma_staff
):
    question_factory(other_town_staff, title="kintoneの権限設定で困っています", tags=["kintone"])
    follow(member, ForumTag.objects.get(name="kintone"))
    question_factory(other_town_staff, title="RPAの質問", tags=["RPA"])
    question_factory(
        other_town_staff,
        title="回答済みのkintoneの質問",
        tags=["kintone"],
        answered_by=shimotsuma_staff,
    )

    waiting = section(client_for(member).get(HOME).content.decode(), "dash-waiting-heading")
    assert "kintoneの権限設定で困っています" in waiting
    assert "RPAの質問" not in waiting and "回答済みのkintoneの質問" not in waiting


def test_moderators_see_flagged_questions_and_others_do_not(
    client_for, question_factory, moderator, member, other_town_staff
):
    question = question_factory(other_town_staff)
    flag_post(question, reporter=member, reason="spam")

    assert "通報された質問 1件を確認" in client_for(moderator).get(HOME).content.decode()
    assert "通報された質問" not in client_for(member).get(HOME).content.decode()


def test_a_verification_expiring_within_30_days_asks_to_be_renewed(client_for, shimotsuma_staff):
    User.objects.filter(pk=shimotsuma_staff.pk).update(
        staff_until=timezone.now() + datetime.timedelta(days=20)
    )
    waiting = section(
        client_for(shimotsuma_staff).get(HOME).content.decode(), "dash-waiting-heading"
    )
    assert "職員認証の有効期限" in waiting and 'href="/members/me/verification/"' in waiting


def test_staff_see_what_towns_like_theirs_published_and_who_adopted_their_work(
    client_for, case_study_factory, template_factory, other_town_staff, shimotsuma_staff
):
    iide = Municipality.objects.get(code=IIDE)
    peer = peers_of(iide)[0]
    case_study_factory(peer.code, title="よく似た町の事例")
    case_study_factory("131016", title="千代田区の事例")  # far from a town of 6,000
    ours = template_factory(IIDE, title="飯豊町の予約テンプレート")
    adopt(
        ours,
        Municipality.objects.get(code=SHIMOTSUMA),
        actor=shimotsuma_staff,
        adopted_on=datetime.date(2024, 6, 1),
    )
    theirs = case_study_factory(SHIMOTSUMA, title="下妻市の事例")
    adopt(theirs, iide, actor=other_town_staff, adopted_on=datetime.date(2024, 7, 1))

    html = client_for(other_town_staff).get(HOME).content.decode()
    peers = section(html, "dash-peers-heading")
    assert "よく似た町の事例" in peers and peer.name in peers
    assert "千代田区の事例" not in peers
    ours_block = section(html, "dash-ours-heading")
    assert "飯豊町の予約テンプレート" in ours_block and "下妻市" in ours_block
    adoptions = section(html, "dash-adoptions-heading")
    assert "下妻市の事例" in adoptions and "成果は未記録" in adoptions


def test_a_member_without_a_municipality_is_told_what_to_do_in_every_block(client_for, member):
    html = client_for(member).get(HOME).content.decode()
    assert "<h1>マイページ</h1>" in html
    assert "今、対応が必要なことはありません。" in section(html, "dash-waiting-heading")
    assert 'href="/members/me/profile/"' in section(html, "dash-peers-heading")
    assert "お知らせはまだありません。" in section(html, "dash-notifications-heading")


def test_recent_notifications_are_listed_with_a_link_to_each(
    client_for,
    question_factory,
    other_town_staff,
    shimotsuma_staff,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        question_factory(other_town_staff, title="通知の確認", answered_by=shimotsuma_staff)
    block = section(
        client_for(other_town_staff).get(HOME).content.decode(), "dash-notifications-heading"
    )
    assert "通知の確認" in block and "未読" in block
    assert re.search(r'href="/notifications/\d+/open/"', block)


def test_anonymous_visitors_still_get_the_front_door(client):
    html = client.get(HOME).content.decode()
    assert "マイページ" not in html and 'id="home-entry-heading"' in html


def test_dashboard_query_count_does_not_grow_with_data(
    session_query,
    client_for,
    request_factory,
    case_study_factory,
    question_factory,
    shimotsuma_staff,
    other_town_staff,
    django_capture_on_commit_callbacks,
    django_assert_num_queries,
):
    follow(shimotsuma_staff, ForumTag.objects.get_or_create(name="kintone", slug="kintone")[0])
    offer = make_offer(shimotsuma_staff)
    iide = Municipality.objects.get(code=IIDE)

    def add_rows(number):
        for _ in range(number):
            request_factory(offer, other_town_staff)
            request_factory(offer, other_town_staff, status=Status.SCHEDULING)
            page = case_study_factory(SHIMOTSUMA)
            adopt(page, iide, actor=other_town_staff, adopted_on=datetime.date(2024, 6, 1))
            for peer in peers_of(Municipality.objects.get(code=SHIMOTSUMA))[:2]:
                case_study_factory(peer.code)
            with django_capture_on_commit_callbacks(execute=True):
                question_factory(other_town_staff, tags=["kintone"])
                question_factory(shimotsuma_staff, answered_by=other_town_staff)

    client = client_for(shimotsuma_staff)
    client.get(HOME)  # the visit is recorded, and the member's cached row retired
    filled = []
    for rows in (1, 5):
        add_rows(rows)
        # The writes retired every block: they fill again, in as many queries.
        with CaptureQueriesContext(connection) as fill:
            client.get(HOME)
        filled.append(len(fill.captured_queries))
        # The session (unless its copy is in Redis), nothing else: the member (with
        # their municipality) comes from the cache, and the page from the copy kept
        # for them (yokoten/member_cache.py), before Wagtail's routing.
        with django_assert_num_queries(session_query):
            response = client.get(HOME)
        assert response["X-Page-Cache"] == "member-hit"
    assert filled[0] == filled[1]


@pytest.fixture
def demo_site(django_capture_on_commit_callbacks):
    from casestudies.demo import accounts, cases, dashboard, forum, visits

    with django_capture_on_commit_callbacks(execute=True):
        for step in (accounts, forum, cases, visits, dashboard):
            step.load()


def test_demo_data_fills_every_block_of_the_demo_officers_dashboards(demo_site, client_for):
    from casestudies.demo import accounts

    # One demo load for both officers (it is the slow part).
    for who in [accounts.SHIMOTSUMA_STAFF, accounts.SMALL_TOWN_STAFF]:
        officer = User.objects.get(email=who.email)
        html = client_for(officer).get(HOME).content.decode()
        for block in [
            "dash-waiting-heading",
            "dash-news-heading",
            "dash-peers-heading",
            "dash-ours-heading",
            "dash-adoptions-heading",
            "dash-notifications-heading",
        ]:
            assert 'class="empty-state"' not in section(html, block), (who.email, block)
