"""Public questions in the open API (/api/v1/questions): the same filters as
/forum/. The API is anonymous and read-only, so it lists exactly what a
visitor may see: never a staff-only board's question, never a hidden post."""

import datetime

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from ninja import Path, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from community.municipalities.api import MunicipalityRef
from yokoten.openapi import (
    Pagination,
    detail_responses,
    filter_parameters,
    filtered,
    list_responses,
)

from .filters import QuestionFilterSet
from .models import Question
from .permissions import filter_visible_boards, filter_visible_questions

router = Router(tags=["questions"])


class BoardRef(Schema):
    slug: str
    name: str


class QuestionOut(Schema):
    id: int
    title: str
    url: str
    board: BoardRef
    tags: list[str]
    solved: bool
    answer_count: int
    vote_count: int
    created_at: datetime.datetime
    last_activity_at: datetime.datetime
    asker_municipality: MunicipalityRef | None

    @staticmethod
    def resolve_url(obj: Question) -> str:
        return obj.get_absolute_url()

    @staticmethod
    def resolve_tags(obj: Question) -> list[str]:
        return [tag.name for tag in obj.listed_tags]

    @staticmethod
    def resolve_solved(obj: Question) -> bool:
        return obj.is_solved

    @staticmethod
    def resolve_asker_municipality(obj: Question):
        return obj.municipality


class AnswerOut(Schema):
    id: int
    body_html: str
    author: str
    author_verified_staff: bool
    created_at: datetime.datetime
    vote_count: int
    accepted: bool

    @staticmethod
    def resolve_author(obj) -> str:
        return obj.author.public_name

    @staticmethod
    def resolve_author_verified_staff(obj) -> bool:
        return obj.author.is_verified_staff

    @staticmethod
    def resolve_accepted(obj) -> bool:
        return obj.pk == obj.question.accepted_answer_id


class QuestionDetailOut(QuestionOut):
    body_html: str
    answers: list[AnswerOut]

    @staticmethod
    def resolve_answers(obj: Question):
        return obj.visible_answers


def _public_questions():
    return filter_visible_questions(AnonymousUser(), Question.objects.for_list())


@router.get(
    "/questions",
    response=list_responses(QuestionOut),
    summary="List and filter public questions",
    openapi_extra=filter_parameters(QuestionFilterSet),
)
@paginate(Pagination, page_size=20, max_page_size=100)
def list_questions(request: HttpRequest):
    visitor = AnonymousUser()
    return filtered(
        QuestionFilterSet,
        request,
        _public_questions(),
        boards=filter_visible_boards(visitor),
        user=visitor,
    )


@router.get(
    "/questions/{question_id}",
    response=detail_responses(QuestionDetailOut),
    summary="One public question",
)
def get_question(request: HttpRequest, question_id: int = Path(..., ge=1, le=2**63 - 1)):
    question = _public_questions().filter(pk=question_id).first()
    if question is None:
        raise HttpError(404, f"No public question has the id {question_id}.")
    answers = list(question.answers.not_hidden().select_related("author__staff_municipality"))
    for answer in answers:
        answer.question = question
    answers.sort(key=lambda a: (a.pk != question.accepted_answer_id, -a.vote_count, a.created_at))
    question.visible_answers = answers
    return question
