"""The shared list of notices, adding one, citing one from an answer, confirming it and
marking it superseded: who may, and what readers see."""

import pytest

from community.forum import services as forum
from community.notices import services
from community.notices.models import Notice, NoticeCitation
from tests.forum.conftest import ROLES, cast

pytestmark = pytest.mark.django_db

NEW_NOTICE = {
    "title": "地方公共団体における情報セキュリティポリシーに関するガイドライン（令和7年3月版）",
    "issuer": "総務省",
    "number": "",
    "issued_on": "2025-03-28",
    "url": "https://www.soumu.go.jp/denshijiti/jyouhou_policy/",
    "applies_from": "2025",
    "applies_until": "",
}


@pytest.mark.parametrize("who", ROLES)
def test_verified_staff_and_moderators_add_notices_others_may_not(
    request, client_for, with_totp, who
):
    user = cast(request, who)
    if who == "moderator":
        with_totp(user)
    client = client_for(user)
    response = client.post("/notices/new/", NEW_NOTICE)
    if who == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif who == "member":
        assert response.status_code == 403
    else:
        notice = Notice.objects.get()
        assert response["Location"] == notice.get_absolute_url()
        assert notice.added_by == user and notice.applies_from == 2025
    assert Notice.objects.count() == (0 if who in ("anonymous", "member") else 1)


def test_a_notice_is_listed_once_and_cited_again_by_its_address(
    client_for, shimotsuma_staff, make_notice
):
    existing = make_notice(url="https://www.digital.go.jp/policies/local_governments/dx-plan")
    response = client_for(shimotsuma_staff).post(
        "/notices/new/",
        {**NEW_NOTICE, "url": "https://www.digital.go.jp/policies/local_governments/dx-plan/"},
    )
    assert response.status_code == 200
    assert "すでに一覧にあります" in response.content.decode()
    assert Notice.objects.count() == 1 and existing.citations.count() == 0


def test_an_answer_cites_a_listed_notice_and_shows_when_it_was_confirmed(
    client_for, question_factory, shimotsuma_staff, other_town_staff, make_notice
):
    plan = make_notice("自治体DX推進計画（第3.0版）")
    question = question_factory(shimotsuma_staff)
    client = client_for(other_town_staff)
    response = client.post(
        f"/forum/questions/{question.pk}/answer/",
        {"body": "計画の重点取組に沿って進めています。", "notices": plan.url + "/\n"},
    )
    assert response.status_code == 302
    citation = NoticeCitation.objects.get()
    assert (citation.notice, citation.author) == (plan, other_town_staff)
    page = client_for(None).get(question.get_absolute_url()).content.decode()
    assert "自治体DX推進計画（第3.0版）" in page
    assert "作成者の最終確認" in page
    assert "置き換えられました" not in page


def test_an_address_not_in_the_list_is_refused_with_a_way_forward(
    client_for, question_factory, shimotsuma_staff, other_town_staff
):
    question = question_factory(shimotsuma_staff)
    response = client_for(other_town_staff).post(
        f"/forum/questions/{question.pk}/answer/",
        {"body": "通知に沿っています。", "notices": "https://www.soumu.go.jp/unknown.html"},
    )
    assert response.status_code == 200
    assert "公的通知の一覧にまだありません" in response.content.decode()
    assert not NoticeCitation.objects.exists()


def test_an_answer_citing_a_superseded_notice_shows_a_warning_at_once(
    client, question_factory, shimotsuma_staff, other_town_staff, moderator, make_notice
):
    old = make_notice("自治体DX推進計画（第2.2版）")
    new = make_notice("自治体DX推進計画（第3.0版）")
    question = question_factory(shimotsuma_staff)
    forum.post_answer(question, author=other_town_staff, body="計画に沿って。", notices=[old])
    assert "置き換えられました" not in client.get(question.get_absolute_url()).content.decode()
    services.supersede_notice(old, by=new, actor=moderator)
    page = client.get(question.get_absolute_url()).content.decode()  # the cached copy retired
    assert "この通知は新しい通知に置き換えられました" in page
    assert new.get_absolute_url() in page


@pytest.mark.parametrize("who", ROLES)
def test_only_moderators_mark_a_notice_superseded(request, client_for, with_totp, who, make_notice):
    user = cast(request, who)
    if who == "moderator":
        with_totp(user)
    old, new = make_notice("旧版"), make_notice("新版")
    response = client_for(user).post(f"/notices/{old.pk}/supersede/", {"by": new.pk})
    old.refresh_from_db()
    if who == "moderator":
        assert response.status_code == 302
        assert old.superseded_by == new and old.is_superseded
    else:
        assert response.status_code in (302, 403) and not old.is_superseded
        if who == "anonymous":
            assert "/accounts/login/" in response["Location"]
        else:
            assert response.status_code == 403


def test_only_an_author_who_cites_the_notice_confirms_it(
    client_for, question_factory, shimotsuma_staff, other_town_staff, member, make_notice
):
    plan = make_notice()
    question = question_factory(member)
    answer = forum.post_answer(question, author=other_town_staff, body="はい。", notices=[plan])
    NoticeCitation.objects.update(confirmed_at="2020-05-01T00:00:00+09:00")
    assert client_for(shimotsuma_staff).post(f"/notices/{plan.pk}/confirm/").status_code == 404
    assert client_for(None).post(f"/notices/{plan.pk}/confirm/").status_code == 302
    assert NoticeCitation.objects.get().confirmed_at.year == 2020

    client = client_for(other_town_staff)
    page = client.get(f"/notices/{plan.pk}/").content.decode()
    assert answer.get_absolute_url() in page and "も有効です" in page
    assert client.post(f"/notices/{plan.pk}/confirm/").status_code == 302
    assert NoticeCitation.objects.get().confirmed_at.year > 2020
    # Strangers see the notice, never who cites it where.
    assert (
        answer.get_absolute_url()
        not in client_for(member).get(plan.get_absolute_url()).content.decode()
    )


def test_the_notice_list_query_count_does_not_grow(
    full_renders, client, make_notice, django_assert_num_queries
):
    make_notice()
    # The count, the page of notices with what replaced them.
    with django_assert_num_queries(2):
        assert client.get("/notices/").status_code == 200
    for number in range(12):
        make_notice(f"通知 {number}")
    with django_assert_num_queries(2):
        response = client.get("/notices/")
    assert response.content.decode().count('class="card"') == 13


def test_the_question_page_reads_the_cited_notices_in_one_query(
    client,
    question_factory,
    shimotsuma_staff,
    other_town_staff,
    make_notice,
    django_assert_num_queries,
):
    question = question_factory(shimotsuma_staff)
    forum.post_answer(question, author=other_town_staff, body="回答", notices=[make_notice()])
    client.get(question.get_absolute_url())
    with django_assert_num_queries(7) as few:
        client.get(question.get_absolute_url() + "?again")
    for number in range(5):
        forum.post_answer(
            question,
            author=other_town_staff,
            body=f"回答 {number}",
            notices=[make_notice(f"通知 {number}"), make_notice(f"事務連絡 {number}")],
        )
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(question.get_absolute_url() + "?more")
    assert response.content.decode().count("作成者の最終確認") == 11


def test_a_new_or_superseded_notice_shows_at_once_in_the_cached_list(
    client, make_notice, moderator
):
    make_notice("最初の通知")
    assert "最初の通知" in client.get("/notices/").content.decode()
    assert client.get("/notices/")["X-Page-Cache"] == "hit"
    old = make_notice("あとから追加された通知")
    assert "あとから追加された通知" in client.get("/notices/").content.decode()
    services.supersede_notice(old, by=None, actor=moderator)
    assert client.get("/notices/")["X-Page-Cache"] == "miss"
