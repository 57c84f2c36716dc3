"""The asker (or a moderator) accepts one answer; the question is then solved."""

import pytest

from community.audit.models import AuditEntry
from community.forum import services

from .conftest import cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def thread(question_factory, shimotsuma_staff, other_town_staff, member):
    question = question_factory(shimotsuma_staff)
    return (
        question,
        services.post_answer(question, author=other_town_staff, body="飯豊町の回答"),
        services.post_answer(question, author=member, body="会員の回答"),
    )


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
def test_only_the_asker_or_a_moderator_accepts(request, client_for, thread, who, may):
    question, answer, _other = thread
    response = client_for(cast(request, who)).post(
        f"/forum/questions/{question.pk}/accept/", {"answer": answer.pk}
    )
    question.refresh_from_db()
    assert (question.accepted_answer_id == answer.pk) == may
    expected = 302 if may or who == "anonymous" else 403
    assert response.status_code == expected


def test_accepting_is_logged_returns_whether_it_changed_and_can_switch(thread, shimotsuma_staff):
    question, first, second = thread
    assert services.accept_answer(question, first, actor=shimotsuma_staff) is True
    assert services.accept_answer(question, first, actor=shimotsuma_staff) is False
    assert services.accept_answer(question, second, actor=shimotsuma_staff) is True
    question.refresh_from_db()
    assert question.accepted_answer == second and question.is_solved
    entries = AuditEntry.objects.filter(action="forum.answer_accepted").order_by("pk")
    assert [entry.data["answer"] for entry in entries] == [first.pk, second.pk]
    assert entries[1].data["replaced"] == first.pk
    assert services.unaccept_answer(question, actor=shimotsuma_staff) is True
    question.refresh_from_db()
    assert not question.is_solved


def test_an_answer_of_another_question_cannot_be_accepted(
    client_for, thread, question_factory, shimotsuma_staff
):
    _question, answer, _other = thread
    elsewhere = question_factory(shimotsuma_staff)
    response = client_for(shimotsuma_staff).post(
        f"/forum/questions/{elsewhere.pk}/accept/", {"answer": answer.pk}
    )
    assert response.status_code == 404
    with pytest.raises(services.ForumError):
        services.accept_answer(elsewhere, answer, actor=shimotsuma_staff)


def test_hiding_the_accepted_answer_unsolves_the_question(thread, shimotsuma_staff, moderator):
    question, answer, _other = thread
    services.accept_answer(question, answer, actor=shimotsuma_staff)
    services.hide_post(answer, actor=moderator, reason="誤った情報のため")
    question.refresh_from_db()
    assert not question.is_solved and question.answer_count == 1
    assert AuditEntry.objects.get(action="forum.hidden").data["unaccepted"] is True
