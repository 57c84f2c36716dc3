"""The forum's cast and factories. The boards come from the seed migration:
kintone・ノーコード is public, 情報セキュリティ is for verified staff only."""

import itertools

import pytest

from community.forum import services
from community.forum.models import Board

_titles = itertools.count(1)


@pytest.fixture
def public_board(db):
    return Board.objects.get(slug="kintone-nocode")


@pytest.fixture
def staff_board(db):
    board = Board.objects.get(slug="security")
    assert board.staff_only
    return board


@pytest.fixture
def question_factory(public_board):
    """``question_factory(author, *, board=…, tags=…, answered_by=None, solved=False)``."""

    def make(
        author,
        *,
        board=None,
        title: str = "",
        body: str = "kintone のアクセス権を課ごとに分けたいのですが、どう設定していますか？",
        tags=("kintone",),
        answered_by=None,
        solved: bool = False,
    ):
        question = services.ask_question(
            author,
            board=board or public_board,
            title=title or f"kintone のアクセス権の設定について（{next(_titles)}）",
            body=body,
            tags=tags,
        )
        if answered_by is not None:
            answer = services.post_answer(
                question, author=answered_by, body="当町ではグループ単位で設定しています。"
            )
            if solved:
                services.accept_answer(question, answer, actor=author)
        question.refresh_from_db()
        return question

    return make


@pytest.fixture
def answer_factory():
    def make(question, author, body: str = "うちでは課ごとにスペースを分けました。"):
        return services.post_answer(question, author=author, body=body)

    return make


@pytest.fixture
def moderator_client(client_for, moderator, with_totp):
    return client_for(with_totp(moderator))


def cast(request, name):
    """The member of the cast called ``name`` (None for "anonymous")."""
    return None if name == "anonymous" else request.getfixturevalue(name)


ROLES = ["anonymous", "member", "shimotsuma_staff", "other_town_staff", "moderator"]
# Who may see a staff-only board.
SEES_STAFF_BOARDS = {"shimotsuma_staff", "other_town_staff", "moderator"}
