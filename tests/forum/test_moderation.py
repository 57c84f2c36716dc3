"""Flags, the moderator queue, hide/restore (soft), lock, move, merge tags and
boards: who may, who may not, confirmation first, and the audit log."""

import pytest

from community.audit.models import AuditEntry
from community.forum import services
from community.forum.models import Board, Flag, Follow, ForumTag, Question

from .conftest import cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def thread(question_factory, shimotsuma_staff, other_town_staff):
    question = question_factory(shimotsuma_staff, title="窓口のキャッシュレス決済の手数料")
    answer = services.post_answer(question, author=other_town_staff, body="広告です。今すぐ購入！")
    comment = services.post_comment(question, author=other_town_staff, body="宣伝コメント")
    return question, answer, comment


def test_any_member_flags_a_post_once_with_a_reason(client_for, member, thread):
    _question, answer, _comment = thread
    client = client_for(member)
    assert client.get(f"/forum/flag/answer/{answer.pk}/").status_code == 200
    response = client.post(
        f"/forum/flag/answer/{answer.pk}/", {"reason": "spam", "note": "宣伝です"}, follow=True
    )
    assert "モデレーターが確認します" in response.content.decode()
    client.post(f"/forum/flag/answer/{answer.pk}/", {"reason": "rude"})
    flag = Flag.objects.get()
    assert (flag.reporter, flag.reason, flag.note, flag.target) == (
        member,
        "spam",
        "宣伝です",
        answer,
    )
    entry = AuditEntry.objects.get(action="forum.flagged")
    assert entry.actor == member and entry.data["flag_reason"] == "spam"


def test_visitors_and_authors_cannot_flag(client, client_for, other_town_staff, thread):
    _question, answer, _comment = thread
    assert client.post(f"/forum/flag/answer/{answer.pk}/", {"reason": "spam"}).status_code == 302
    assert (
        client_for(other_town_staff)
        .post(f"/forum/flag/answer/{answer.pk}/", {"reason": "spam"})
        .status_code
        == 403
    )
    assert not Flag.objects.exists()


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("member", 403),
        ("shimotsuma_staff", 403),
        ("other_town_staff", 403),
        ("moderator", 200),
    ],
)
def test_who_may_open_the_moderation_pages(request, client_for, with_totp, thread, who, status):
    question, answer, _comment = thread
    user = cast(request, who)
    if who == "moderator":
        with_totp(user)
    client = client_for(user)
    for url in (
        "/moderation/forum/",
        f"/moderation/forum/answer/{answer.pk}/hide/",
        f"/moderation/forum/question/{question.pk}/restore/",
        f"/moderation/forum/questions/{question.pk}/lock/",
        f"/moderation/forum/questions/{question.pk}/move/",
        "/moderation/forum/tags/merge/",
        "/moderation/forum/boards/",
        "/moderation/forum/boards/new/",
    ):
        response = client.get(url)
        assert response.status_code == status, url
        if status == 302:
            assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("who", ["member", "shimotsuma_staff", "other_town_staff"])
def test_who_may_not_moderate(request, client_for, thread, who):
    question, answer, comment = thread
    client = client_for(cast(request, who))
    security = Board.objects.get(slug="security")
    client.post(f"/moderation/forum/answer/{answer.pk}/hide/", {"reason": "x"})
    client.post(f"/moderation/forum/comment/{comment.pk}/hide/", {"reason": "x"})
    client.post(f"/moderation/forum/questions/{question.pk}/lock/", {"reason": "x"})
    client.post(f"/moderation/forum/questions/{question.pk}/move/", {"board": security.pk})
    client.post("/moderation/forum/boards/new/", {"name": "荒らし", "slug": "troll", "position": 1})
    question.refresh_from_db()
    answer.refresh_from_db()
    assert not answer.is_hidden and not question.is_locked and question.board.slug != "security"
    assert not Board.objects.filter(slug="troll").exists()
    assert not AuditEntry.objects.filter(action__startswith="forum.hid").exists()


def test_a_moderator_without_two_factor_is_sent_to_set_it_up(client_for, moderator_without_totp):
    response = client_for(moderator_without_totp).get("/moderation/forum/")
    assert response["Location"].startswith("/accounts/2fa/totp/activate/")


def test_the_queue_groups_flags_by_post_with_hide_and_dismiss(
    moderator_client, thread, member, shimotsuma_staff
):
    _question, answer, comment = thread
    services.flag_post(answer, reporter=member, reason="spam", note="広告")
    services.flag_post(answer, reporter=shimotsuma_staff, reason="off_topic")
    services.flag_post(comment, reporter=member, reason="spam")
    response = moderator_client.get("/moderation/forum/")
    groups = response.context["groups"]
    assert [(group["post"], len(group["flags"])) for group in groups] == [(answer, 2), (comment, 1)]
    body = response.content.decode()
    assert f"/moderation/forum/answer/{answer.pk}/hide/" in body
    assert "広告" in body


def test_hiding_asks_first_needs_a_reason_and_is_soft_and_logged(
    moderator_client, moderator, thread, member, client_for
):
    question, answer, _comment = thread
    services.flag_post(answer, reporter=member, reason="spam")
    confirm = moderator_client.get(f"/moderation/forum/answer/{answer.pk}/hide/")
    assert "この投稿を非表示にしますか" in confirm.content.decode()
    answer.refresh_from_db()
    assert not answer.is_hidden  # the GET changed nothing

    response = moderator_client.post(f"/moderation/forum/answer/{answer.pk}/hide/", {"reason": ""})
    assert response.status_code == 200
    assert "「理由（監査ログに記録されます）」を入力してください。" in response.content.decode()

    moderator_client.post(f"/moderation/forum/answer/{answer.pk}/hide/", {"reason": "広告のため"})
    answer.refresh_from_db()
    question.refresh_from_db()
    assert answer.is_hidden and answer.hidden_by == moderator
    assert question.answer_count == 0
    assert Flag.objects.get().resolution == Flag.Resolution.HIDDEN
    entry = AuditEntry.objects.get(action="forum.hidden")
    assert (entry.actor, entry.reason, entry.data["kind"]) == (moderator, "広告のため", "answer")

    reader_page = client_for(member).get(question.get_absolute_url()).content.decode()
    assert "今すぐ購入" not in reader_page
    moderator_page = moderator_client.get(question.get_absolute_url()).content.decode()
    assert "今すぐ購入" in moderator_page and "再表示" in moderator_page

    moderator_client.post(f"/moderation/forum/answer/{answer.pk}/restore/", {"reason": "誤判定"})
    answer.refresh_from_db()
    question.refresh_from_db()
    assert not answer.is_hidden and question.answer_count == 1
    assert AuditEntry.objects.get(action="forum.restored").reason == "誤判定"
    assert answer.pk  # never deleted


def test_hiding_a_comment_and_a_question(moderator_client, thread, client_for, member):
    question, _answer, comment = thread
    moderator_client.post(f"/moderation/forum/comment/{comment.pk}/hide/", {"reason": "宣伝"})
    assert (
        "宣伝コメント" not in client_for(member).get(question.get_absolute_url()).content.decode()
    )
    moderator_client.post(f"/moderation/forum/question/{question.pk}/hide/", {"reason": "重複"})
    assert client_for(member).get(question.get_absolute_url()).status_code == 404
    assert Question.objects.filter(pk=question.pk).exists()


def test_dismissing_flags_keeps_the_post(moderator_client, moderator, thread, member):
    _question, answer, _comment = thread
    services.flag_post(answer, reporter=member, reason="rude")
    moderator_client.post(f"/moderation/forum/answer/{answer.pk}/dismiss/")
    answer.refresh_from_db()
    assert not answer.is_hidden
    assert Flag.objects.get().resolution == Flag.Resolution.DISMISSED
    assert AuditEntry.objects.get(action="forum.flags_dismissed").actor == moderator
    assert not moderator_client.get("/moderation/forum/").context["groups"]


def test_locking_and_unlocking_ask_first_and_are_logged(moderator_client, thread):
    question, _answer, _comment = thread
    assert (
        "この質問をロックしますか"
        in moderator_client.get(f"/moderation/forum/questions/{question.pk}/lock/").content.decode()
    )
    moderator_client.post(
        f"/moderation/forum/questions/{question.pk}/lock/", {"reason": "解決済み"}
    )
    question.refresh_from_db()
    assert question.is_locked
    moderator_client.post(f"/moderation/forum/questions/{question.pk}/lock/", {"reason": ""})
    question.refresh_from_db()
    assert not question.is_locked
    actions = list(AuditEntry.objects.filter(action__in=["forum.locked", "forum.unlocked"]))
    assert sorted(entry.action for entry in actions) == ["forum.locked", "forum.unlocked"]


def test_moving_a_question_into_a_staff_board_hides_it_from_members(
    moderator_client, thread, client_for, member
):
    question, _answer, _comment = thread
    security = Board.objects.get(slug="security")
    moderator_client.post(
        f"/moderation/forum/questions/{question.pk}/move/", {"board": security.pk, "reason": "機微"}
    )
    question.refresh_from_db()
    assert question.board == security
    entry = AuditEntry.objects.get(action="forum.moved")
    assert (entry.data["source"], entry.data["destination"]) == ("kintone-nocode", "security")
    assert client_for(member).get(question.get_absolute_url()).status_code == 404


def test_merging_tags_shows_what_will_change_then_moves_questions_and_followers(
    moderator_client, moderator, question_factory, shimotsuma_staff, member
):
    both = question_factory(shimotsuma_staff, tags=["キントーン", "kintone"])
    only_old = question_factory(shimotsuma_staff, tags=["キントーン"])
    old = ForumTag.objects.get(name="キントーン")
    services.follow(member, old)
    data = {"source": "キントーン", "target": "kintone", "reason": "表記ゆれ"}
    preview = moderator_client.post("/moderation/forum/tags/merge/", data)
    assert "2件の質問と1人のフォロワー" in preview.content.decode()
    assert ForumTag.objects.filter(name="キントーン").exists()

    moderator_client.post("/moderation/forum/tags/merge/", {**data, "confirmed": "1"})
    assert not ForumTag.objects.filter(name="キントーン").exists()
    for question in (both, only_old):
        assert list(question.tags.names()) == ["kintone"]
    assert Follow.objects.get(member=member).tag.name == "kintone"
    entry = AuditEntry.objects.get(action="forum.tags_merged")
    assert (entry.actor, entry.data["source"], entry.data["questions"]) == (
        moderator,
        "キントーン",
        2,
    )


def test_merging_a_tag_into_itself_is_refused(moderator_client, question_factory, shimotsuma_staff):
    question_factory(shimotsuma_staff, tags=["kintone"])
    response = moderator_client.post(
        "/moderation/forum/tags/merge/",
        {"source": "kintone", "target": "KINTONE", "confirmed": "1"},
    )
    assert "異なる2つのタグを選んでください" in response.content.decode()


def test_moderators_manage_boards(moderator_client, moderator, client_for, member):
    moderator_client.post(
        "/moderation/forum/boards/new/",
        {"name": "首長・議会対応", "slug": "leaders", "description": "", "position": 80,
         "staff_only": "on"},
    )  # fmt: skip
    board = Board.objects.get(slug="leaders")
    assert board.staff_only
    assert AuditEntry.objects.get(action="forum.board_created").actor == moderator
    assert client_for(member).get("/forum/boards/leaders/").status_code == 404
    moderator_client.post(
        f"/moderation/forum/boards/{board.pk}/edit/",
        {"name": "首長・議会対応", "slug": "leaders", "description": "", "position": 80},
    )
    assert client_for(member).get("/forum/boards/leaders/").status_code == 200


def test_the_queue_query_count_does_not_grow_with_flags(
    session_query,
    moderator_client,
    thread,
    question_factory,
    shimotsuma_staff,
    member,
    django_assert_num_queries,
):
    """Queries, warm: the session, the flag count, the page of flags with reporters
    and questions, the flagged posts with their authors (one per kind: question,
    answer, comment), the recently hidden questions, answers and comments. The
    moderator's row, permissions and unread count come from the cache."""
    question, answer, comment = thread
    for post in (question, answer, comment):
        services.flag_post(post, reporter=member, reason="spam")
    moderator_client.get("/moderation/forum/")
    with django_assert_num_queries(8 + session_query) as few:
        moderator_client.get("/moderation/forum/")
    for number in range(10):
        other = question_factory(shimotsuma_staff, title=f"通報された質問 {number}")
        services.flag_post(other, reporter=member, reason="spam")
        extra = services.post_answer(other, author=shimotsuma_staff, body="回答")
        services.flag_post(extra, reporter=member, reason="rude")
    with django_assert_num_queries(len(few.captured_queries)):
        moderator_client.get("/moderation/forum/")
