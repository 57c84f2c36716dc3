"""The issue's acceptance journey, as members would live it through the site:
a verified staff member of 下妻市 asks a kintone question in a staff-only
board; 飯豊町's staff member, who follows kintone, is told on site and by
email, answers, and sees the answer accepted; the question shows as solved; an
unverified member (who follows kintone too) and a visitor never see it."""

import re

import pytest
from django.core import mail

from community.forum.models import Question
from community.notifications.models import Notification

pytestmark = pytest.mark.django_db

TITLE = "kintone の外部公開リンクは情報セキュリティポリシー上どう扱っていますか"


def test_staff_ask_in_a_staff_board_peer_is_told_answers_and_is_accepted(
    client_for,
    shimotsuma_staff,
    other_town_staff,
    member,
    question_factory,
    django_capture_on_commit_callbacks,
):
    # An existing public kintone question, so the tag page exists to be followed.
    question_factory(shimotsuma_staff, title="kintone の研修資料を共有します", tags=["kintone"])
    asker, peer, outsider = (
        client_for(shimotsuma_staff),
        client_for(other_town_staff),
        client_for(member),
    )
    for client in (peer, outsider):
        response = client.post("/forum/tags/kintone/follow/", {"follow": "1"})
        assert response.status_code == 302

    with django_capture_on_commit_callbacks(execute=True):
        response = asker.post(
            "/forum/ask/",
            {
                "board": Question._meta.get_field("board")
                .related_model.objects.get(slug="security")
                .pk,
                "title": TITLE,
                "body": "庁外の事業者と **kintone** のフォームを共有したいのですが、ポリシー改定が必要でしょうか。",
                "tags": "kintone、情報セキュリティ",
            },
        )
    question = Question.objects.get(title=TITLE)
    assert response.status_code == 302 and response["Location"] == question.get_absolute_url()
    assert question.board.staff_only
    assert sorted(question.tags.names()) == ["kintone", "情報セキュリティ"]

    # The peer is told on site and by email, in Japanese; the outsider is not.
    assert [message.to for message in mail.outbox] == [[other_town_staff.email]]
    assert TITLE in mail.outbox[0].subject
    assert "石塚 美咲さんが新しい質問を投稿しました" in mail.outbox[0].subject
    assert question.get_absolute_url() in mail.outbox[0].body
    assert not Notification.objects.filter(recipient=member).exists()
    page = peer.get("/forum/").content.decode()
    assert re.search(r"お知らせ\s*<span[^>]*>1件未読</span>", page)
    inbox = peer.get("/notifications/").content.decode()
    assert TITLE in inbox

    # The peer opens it from the inbox and answers.
    opened = peer.get(
        f"/notifications/{Notification.objects.get(recipient=other_town_staff).pk}/open/"
    )
    assert opened["Location"] == question.get_absolute_url()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = peer.post(
            f"/forum/questions/{question.pk}/answer/",
            {"body": "飯豊町では外部公開リンクを原則禁止にして、申請制にしました。"},
        )
    answer = question.answers.get()
    assert response["Location"] == answer.get_absolute_url()
    assert [message.to for message in mail.outbox] == [[shimotsuma_staff.email]]

    # The asker accepts it; the peer hears of it; the question shows as solved.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        asker.post(f"/forum/questions/{question.pk}/accept/", {"answer": answer.pk})
    question.refresh_from_db()
    assert question.accepted_answer == answer
    assert [message.to for message in mail.outbox] == [[other_town_staff.email]]
    page = peer.get(question.get_absolute_url()).content.decode()
    assert "解決済み" in page and "承認された回答" in page

    # Neither the unverified member nor a visitor can find it anywhere.
    for client in (outsider, client_for(None)):
        assert client.get(question.get_absolute_url()).status_code == 404
        for url in (
            "/forum/",
            "/forum/?q=外部公開リンク",
            "/forum/tags/kintone/",
            "/forum/feeds/tags/kintone/",
            "/api/v1/questions",
            "/api/v1/questions?q=外部公開リンク",
        ):
            assert TITLE not in client.get(url).content.decode(), url
        assert client.get("/forum/boards/security/").status_code == 404
        assert client.get("/forum/feeds/boards/security/").status_code == 404
        assert client.get(f"/api/v1/questions/{question.pk}").status_code == 404
