"""A staff-only board's questions exist only for verified staff and moderators;
a hidden question exists for nobody in lists, search, feeds or the API.
Invisible means absent (404, not listed), never 403."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from wagtail.models import Page

from community.forum import services
from community.forum.models import Citation
from community.forum.permissions import filter_visible_questions, may_view_question

from .conftest import ROLES, SEES_STAFF_BOARDS, cast

pytestmark = pytest.mark.django_db

SECRET = "庁内ネットワーク分離の例外申請"


@pytest.fixture
def secret_question(question_factory, shimotsuma_staff, staff_board):
    return question_factory(
        shimotsuma_staff,
        board=staff_board,
        title=f"{SECRET}はどう運用していますか",
        body="LGWAN接続系から kintone を使う際の例外申請の様式を教えてください。",
        tags=["kintone", "三層分離"],
    )


def places(question) -> dict[str, str]:
    """Everywhere a question can show up, by name."""
    return {
        "page": question.get_absolute_url(),
        "page with slug": f"{question.get_absolute_url()}lgwan/",
        "list": "/forum/",
        "search": "/forum/?q=例外申請",
        "board page": "/forum/boards/security/",
        "tag page": "/forum/tags/三層分離/",
        "board feed": "/forum/feeds/boards/security/",
        "tag feed": "/forum/feeds/tags/kintone/",
        "API list": "/api/v1/questions",
        "API search": "/api/v1/questions?q=例外申請",
        "API detail": f"/api/v1/questions/{question.pk}",
        "history": f"{question.get_absolute_url()}history/",
    }


@pytest.mark.parametrize("who", ROLES)
def test_a_staff_only_question_exists_only_for_staff_and_moderators(
    request, client_for, with_totp, secret_question, who
):
    user = cast(request, who)
    if who == "moderator":
        with_totp(user)
    client = client_for(user)
    may_see = who in SEES_STAFF_BOARDS
    for place, url in places(secret_question).items():
        response = client.get(url)
        shown = SECRET in response.content.decode()
        if place.startswith("API"):
            # The open API is anonymous: staff-only questions are never in it.
            assert not shown, (who, place)
            continue
        assert shown == may_see, (who, place)
        if not may_see and place in ("page", "page with slug", "board page", "tag page", "history"):
            assert response.status_code == 404, (who, place)
        if not may_see and place.endswith("feed") and "boards" in url:
            assert response.status_code == 404, (who, place)


@pytest.mark.parametrize("who", ["anonymous", "member"])
def test_others_cannot_act_on_a_staff_only_question(
    request, client_for, secret_question, shimotsuma_staff, other_town_staff, who
):
    answer = services.post_answer(secret_question, author=other_town_staff, body="様式を共有します")
    client = client_for(cast(request, who))
    question_url = secret_question.get_absolute_url()
    attempts = [
        (f"{question_url}answer/", {"body": "横から失礼します"}),
        (f"{question_url}comment/", {"body": "横から失礼します"}),
        (f"{question_url}follow/", {"follow": "1"}),
        (f"{question_url}accept/", {"answer": answer.pk}),
        (f"/forum/vote/question/{secret_question.pk}/", {"helpful": "1"}),
        (f"/forum/vote/answer/{answer.pk}/", {"helpful": "1"}),
        (f"/forum/flag/answer/{answer.pk}/", {"reason": "spam"}),
        ("/forum/boards/security/follow/", {"follow": "1"}),
    ]
    for url, data in attempts:
        response = client.post(url, data)
        expected = 302 if who == "anonymous" else 404
        assert response.status_code == expected, url
        if who == "anonymous":
            assert response["Location"].startswith("/accounts/login/"), url
    secret_question.refresh_from_db()
    assert secret_question.answer_count == 1 and secret_question.vote_count == 0
    assert secret_question.accepted_answer_id is None


def test_a_member_cannot_ask_in_a_staff_only_board(client_for, member, staff_board):
    response = client_for(member).post(
        "/forum/ask/",
        {"board": staff_board.pk, "title": "セキュリティについて", "body": "教えてください"},
    )
    assert response.status_code == 200
    assert "正しく選択してください" in response.content.decode()
    assert not staff_board.questions.exists()


def test_the_ask_form_offers_staff_boards_only_to_staff(client_for, member, shimotsuma_staff):
    assert "情報セキュリティ" not in client_for(member).get("/forum/ask/").content.decode()
    assert "情報セキュリティ" in client_for(shimotsuma_staff).get("/forum/ask/").content.decode()


@pytest.mark.parametrize("who", ROLES)
def test_a_hidden_question_vanishes_from_lists_search_feeds_and_api_for_everyone(
    request, client_for, with_totp, question_factory, shimotsuma_staff, moderator, who
):
    question = question_factory(shimotsuma_staff, title=f"{SECRET}（公開板）", tags=["三層分離"])
    services.hide_post(question, actor=moderator, reason="個人情報を含むため")
    user = cast(request, who)
    if who == "moderator":
        with_totp(user)
    client = client_for(user)
    for place, url in places(question).items():
        if "security" in url:
            continue
        response = client.get(url)
        shown = SECRET in response.content.decode()
        # Moderators reach a hidden question's page (to restore it), nothing else.
        expect_shown = who == "moderator" and place in ("page", "page with slug", "history")
        assert shown == expect_shown, (who, place)


def test_an_expired_verification_takes_staff_boards_away(
    client_for, secret_question, other_town_staff
):
    from tests.accounts.test_expiry import expire

    client = client_for(other_town_staff)
    assert client.get(secret_question.get_absolute_url()).status_code == 200
    expire(other_town_staff)
    assert client.get(secret_question.get_absolute_url()).status_code == 404


def test_queryset_rule_and_single_question_rule_agree(
    request, secret_question, question_factory, shimotsuma_staff
):
    public = question_factory(shimotsuma_staff)
    for who in ROLES:
        user = cast(request, who)
        visible = set(filter_visible_questions(user).values_list("pk", flat=True))
        for question in (secret_question, public):
            assert (question.pk in visible) == may_view_question(user, question), who


@pytest.mark.parametrize("who", ROLES)
def test_the_citations_tag_lists_only_visible_questions(
    request, secret_question, question_factory, shimotsuma_staff, who
):
    home = Page.objects.live().filter(depth=2).first()
    public = question_factory(shimotsuma_staff, title="公開板でトップページを参照する質問")
    Citation.objects.create(question=secret_question, page=home)
    Citation.objects.create(question=public, page=home)
    http_request = RequestFactory().get("/")
    user = cast(request, who)
    from django.contrib.auth.models import AnonymousUser

    from community.accounts.permissions import mark_session_level

    http_request.user = user or AnonymousUser()
    if user is not None:  # as SecondFactorMiddleware marks a session that passed TOTP
        mark_session_level(user, second_factor=True)
    html = Template("{% load forum %}{% questions_citing page %}").render(
        Context({"request": http_request, "page": home})
    )
    assert public.title in html
    assert (SECRET in html) == (who in SEES_STAFF_BOARDS)
