"""Asking, answering, commenting and editing through the site: who may, who may
not, the audit log, the limits on new members, and forms that keep what was typed."""

import datetime

import pytest
from django.utils import timezone

from community.audit.models import AuditEntry
from community.forum import services
from community.forum.models import Answer, Board, Comment, Follow, Question, Revision

from .conftest import cast

pytestmark = pytest.mark.django_db


def ask(client, board, **fields):
    data = {
        "board": board.pk,
        "title": "研修の出欠管理をどうしていますか",
        "body": "紙で集計しています。",
    }
    return client.post("/forum/ask/", {**data, **fields})


def test_a_visitor_is_sent_to_log_in_to_ask(client, db):
    response = client.get("/forum/ask/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_member_asks_with_tags_and_follows_the_question(client_for, member, public_board):
    response = ask(client_for(member), public_board, tags="kintone、研修 , ｋｉｎｔｏｎｅ")
    question = Question.objects.get()
    assert response["Location"] == question.get_absolute_url()
    assert sorted(question.tags.names()) == ["kintone", "研修"]
    assert question.author == member and question.board == public_board
    assert Follow.objects.filter(member=member, question=question).exists()
    assert Revision.objects.filter(question=question, answer=None, number=1).exists()
    entry = AuditEntry.objects.get(action="forum.question_asked")
    assert (entry.actor, entry.target_id) == (member, str(question.pk))


def test_tags_match_existing_ones_whatever_the_case(
    client_for, member, public_board, question_factory, shimotsuma_staff
):
    question_factory(shimotsuma_staff, tags=["LoGoフォーム"])
    ask(client_for(member), public_board, tags="logoフォーム")
    assert Question.objects.latest("pk").tags.names()[0] == "LoGoフォーム"


def test_a_tag_of_punctuation_alone_still_has_a_page(
    client_for, member, public_board, question_factory, shimotsuma_staff
):
    question = question_factory(shimotsuma_staff, tags=["！？", "!!"])
    slugs = sorted(question.tags.values_list("slug", flat=True))
    assert slugs == ["tag", "tag_1"]
    assert client_for(member).get("/forum/tags/tag/").status_code == 200


def test_a_failed_question_keeps_what_was_typed(client_for, member, public_board):
    response = ask(client_for(member), public_board, title="", tags="a,b,c,d,e,f")
    body = response.content.decode()
    assert response.status_code == 200
    assert "紙で集計しています。" in body
    assert "タグは5個までにしてください" in body
    assert "「タイトル」を入力してください。" in body
    assert not Question.objects.exists()


def test_new_members_may_post_a_few_times_an_hour_then_wait_keeping_their_text(
    client_for, member, public_board, settings
):
    settings.FORUM_NEW_MEMBER_POSTS_PER_HOUR = 2
    client = client_for(member)
    ask(client, public_board, title="一つ目")
    ask(client, public_board, title="二つ目")
    response = ask(client, public_board, title="三つ目", body="まだ書きたいことがあります")
    assert response.status_code == 429
    body = response.content.decode()
    assert "最初の7日間は1時間に2件まで" in body
    assert "まだ書きたいことがあります" in body
    assert Question.objects.count() == 2

    question = Question.objects.first()
    response = client.post(f"/forum/questions/{question.pk}/answer/", {"body": "待てない回答"})
    assert response.status_code == 429
    assert "待てない回答" in response.content.decode()


def test_older_members_and_verified_staff_are_not_limited(
    client_for, member, shimotsuma_staff, public_board, settings
):
    settings.FORUM_NEW_MEMBER_POSTS_PER_HOUR = 1
    for author in (shimotsuma_staff,):
        client = client_for(author)
        for number in range(3):
            assert ask(client, public_board, title=f"職員 {number}").status_code == 302
    member.date_joined = timezone.now() - datetime.timedelta(days=8)
    member.save(update_fields=["date_joined"])
    client = client_for(member)
    for number in range(3):
        assert ask(client, public_board, title=f"古参 {number}").status_code == 302


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 302), ("member", 302), ("shimotsuma_staff", 302), ("other_town_staff", 302)],
)
def test_members_answer_and_the_answer_is_logged(
    request, client_for, question_factory, moderator, who, status
):
    question = question_factory(moderator)
    client = client_for(cast(request, who))
    response = client.post(
        f"/forum/questions/{question.pk}/answer/", {"body": "規程を改正しました"}
    )
    assert response.status_code == status
    question.refresh_from_db()
    if who == "anonymous":
        assert response["Location"].startswith("/accounts/login/")
        assert question.answer_count == 0
        return
    answer = Answer.objects.get()
    assert response["Location"] == answer.get_absolute_url()
    assert question.answer_count == 1
    assert AuditEntry.objects.filter(action="forum.answer_posted", actor=answer.author).exists()


def test_an_empty_answer_comes_back_with_an_error(client_for, member, question_factory, moderator):
    question = question_factory(moderator)
    response = client_for(member).post(f"/forum/questions/{question.pk}/answer/", {"body": ""})
    assert response.status_code == 200
    assert "「回答」を入力してください。" in response.content.decode()


def test_comments_on_questions_and_answers(client_for, member, question_factory, moderator):
    question = question_factory(moderator)
    answer = services.post_answer(question, author=moderator, body="回答")
    client = client_for(member)
    client.post(f"/forum/questions/{question.pk}/comment/", {"body": "補足をお願いします"})
    response = client.post(
        f"/forum/questions/{question.pk}/comment/",
        {"body": "参考になりました", "answer": answer.pk},
    )
    on_answer = Comment.objects.get(answer=answer)
    assert response["Location"].endswith(f"#comment-{on_answer.pk}")
    assert Comment.objects.get(answer=None).body == "補足をお願いします"
    page = client.get(question.get_absolute_url()).content.decode()
    assert "補足をお願いします" in page and "参考になりました" in page


def test_a_too_long_comment_keeps_its_text_and_opens_its_form(
    client_for, member, question_factory, moderator
):
    question = question_factory(moderator)
    response = client_for(member).post(
        f"/forum/questions/{question.pk}/comment/", {"body": "長" * 601}
    )
    body = response.content.decode()
    assert "600 文字以下" in body or "600文字以下" in body
    assert "長" * 601 in body
    assert '<details class="comment-form" open>' in body


@pytest.mark.parametrize(
    ("who", "may"),
    [
        ("anonymous", False),
        ("member", False),
        ("other_town_staff", False),
        ("shimotsuma_staff", True),
        ("moderator", True),
    ],
)
def test_authors_edit_their_own_questions_and_moderators_any(
    request, client_for, with_totp, question_factory, shimotsuma_staff, who, may
):
    question = question_factory(shimotsuma_staff, body="元の本文")
    user = cast(request, who)
    if who == "moderator":
        with_totp(user)
    client = client_for(user)
    url = f"/forum/questions/{question.pk}/edit/"
    get = client.get(url)
    response = client.post(url, {"title": question.title, "body": "新しい本文", "tags": "kintone"})
    question.refresh_from_db()
    if may:
        assert get.status_code == 200 and response.status_code == 302
        assert question.body == "新しい本文" and question.edited_at
        assert question.revisions.count() == 2
        entry = AuditEntry.objects.get(action="forum.question_edited")
        assert entry.actor == user and entry.data["by_author"] == (who == "shimotsuma_staff")
    else:
        assert get.status_code == (302 if who == "anonymous" else 403)
        assert question.body == "元の本文"


@pytest.mark.parametrize(("who", "may"), [("member", False), ("other_town_staff", True)])
def test_authors_edit_their_own_answers(
    request, client_for, question_factory, shimotsuma_staff, other_town_staff, who, may
):
    question = question_factory(shimotsuma_staff)
    answer = services.post_answer(question, author=other_town_staff, body="元の回答")
    response = client_for(cast(request, who)).post(
        f"/forum/answers/{answer.pk}/edit/", {"body": "直した回答"}
    )
    answer.refresh_from_db()
    assert (answer.body == "直した回答") == may
    assert response.status_code == (302 if may else 403)
    if may:
        history = client_for(None).get(f"/forum/answers/{answer.pk}/history/").content.decode()
        assert "元の回答" in history and "直した回答" in history


def test_a_locked_question_takes_no_answers_comments_or_author_edits(
    client_for, question_factory, shimotsuma_staff, member, moderator
):
    question = question_factory(shimotsuma_staff, body="ロック前")
    services.lock_question(question, actor=moderator, reason="解決済みのため")
    client = client_for(member)
    assert client.post(f"/forum/questions/{question.pk}/answer/", {"body": "x"}).status_code == 403
    assert client.post(f"/forum/questions/{question.pk}/comment/", {"body": "x"}).status_code == 403
    author = client_for(shimotsuma_staff)
    assert author.get(f"/forum/questions/{question.pk}/edit/").status_code == 403
    page = client.get(question.get_absolute_url()).content.decode()
    assert "この質問はロックされています" in page
    with pytest.raises(services.ForumError):
        services.post_answer(question, author=member, body="サービスでも拒否")


def test_moving_between_boards_is_for_moderators_only_via_the_board_field(
    client_for, question_factory, shimotsuma_staff
):
    question = question_factory(shimotsuma_staff)
    security = Board.objects.get(slug="security")
    client_for(shimotsuma_staff).post(
        f"/forum/questions/{question.pk}/edit/",
        {"title": question.title, "body": question.body, "tags": "kintone", "board": security.pk},
    )
    question.refresh_from_db()
    assert question.board.slug == "kintone-nocode"
