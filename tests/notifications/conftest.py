import pytest

from community.forum import services
from community.forum.models import Board


@pytest.fixture
def question(db, shimotsuma_staff):
    return services.ask_question(
        shimotsuma_staff,
        board=Board.objects.get(slug="kintone-nocode"),
        title="LoGoフォームの添付ファイル上限",
        body="1ファイル何MBまで添付できますか。",
        tags=["LoGoフォーム"],
    )


@pytest.fixture
def announce(question, shimotsuma_staff):
    """``announce(recipients, event=…)``: tell members about the question, as the forum does."""
    from community.forum.notifications import Kind
    from community.notifications.services import notify

    def send(recipients, *, event="test.event.1", kind=Kind.NEW_QUESTION):
        return notify(
            recipients,
            kind=kind,
            event=event,
            target=question,
            title=question.title,
            url=question.get_absolute_url(),
            actor=shimotsuma_staff,
            excerpt="1ファイル何MBまで添付できますか。",
        )

    return send
