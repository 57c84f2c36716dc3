"""The demo Q&A: at least 40 questions with answers across every board, some
solved and some open, asked from towns of every size; loading twice adds nothing.
(Each load takes a few seconds, so each test checks several things.)"""

import pytest

from casestudies.demo import forum as demo
from community.audit.models import AuditEntry
from community.forum.models import Answer, Board, Comment, Question
from community.municipalities.bands import POPULATION_BANDS
from community.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(db):
    from casestudies.demo.accounts import load as load_accounts

    load_accounts()
    return demo.load()


def test_the_demo_fills_every_board_from_towns_of_every_size(loaded):
    questions = Question.objects.select_related("municipality")
    assert questions.filter(answers__isnull=False).distinct().count() >= 40
    assert set(questions.values_list("board__slug", flat=True)) == set(
        Board.objects.values_list("slug", flat=True)
    )
    assert questions.solved().count() >= 10
    assert questions.unsolved().count() >= 10
    assert questions.unanswered().exists()
    bands = {
        question.municipality.population_band.slug
        for question in questions
        if question.municipality  # a company's question has no town
    }
    assert bands == {band.slug for band in POPULATION_BANDS}
    assert Comment.objects.exists()
    assert Answer.objects.filter(vote_count__gt=0).exists()

    # Demo authors are verified through their town's official domain.
    question = Question.objects.get(title__startswith="kintone のアクセス権を課ごとに")
    author = question.author
    assert author.email.startswith("forum-demo-") and author.is_verified_staff
    assert author.email.endswith("@" + author.staff_municipality.domains.first().domain)
    assert question.municipality.name == "五城目町"
    accepted = question.answers.get(pk=question.accepted_answer_id)
    assert accepted.author.display_name == "石塚 美咲"

    # Spread over past weeks; recent news stays unread in the demo inboxes.
    oldest = Question.objects.order_by("created_at").first()
    newest = Question.objects.order_by("-created_at").first()
    assert (newest.created_at - oldest.created_at).days >= 30
    assert Notification.objects.filter(read_at__isnull=True).exists()
    assert Notification.objects.filter(read_at__isnull=False).exists()


def test_loading_twice_adds_nothing(loaded):
    def counts():
        return [
            model.objects.count() for model in (Question, Answer, Comment, AuditEntry, Notification)
        ]

    before = counts()
    demo.load()
    assert counts() == before  # no audit rows or inbox items for nothing either
    assert loaded[0].email.startswith("forum-demo-1@")
