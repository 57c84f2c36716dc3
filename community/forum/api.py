"""Public questions in the open API (/api/v1/questions): the same filters as
/forum/. The API is anonymous and read-only, so it lists exactly what a
visitor may see: never a staff-only board's question, never a hidden post."""

import datetime
from typing import Literal

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate

from community.municipalities.bands import POPULATION_BANDS

from .forms import filter_questions
from .models import Question
from .permissions import filter_visible_questions

router = Router(tags=["questions"])

PopulationBandSlug = Literal[tuple(band.slug for band in POPULATION_BANDS)]  # type: ignore[valid-type]


class QuestionFilters(Schema):
    board: str | None = Field(None, max_length=50, description="Board slug, e.g. kintone-nocode")
    tag: str | None = Field(None, max_length=100, description="Tag name, e.g. kintone")
    status: Literal["solved", "unsolved", "unanswered"] | None = None
    population_band: PopulationBandSlug | None = Field(  # type: ignore[valid-type]
        None, description="Population band of the asker's municipality"
    )
    prefecture: str | None = Field(
        None,
        pattern=r"^\d{2}$",
        description="Two-digit prefecture code of the asker's municipality",
    )
    q: str | None = Field(None, max_length=100, description="Japanese full-text query")
    sort: Literal["newest", "active", "helpful"] | None = Field(
        None, description="Default: newest (best match first when q is given)"
    )


class BoardRef(Schema):
    slug: str
    name: str


class MunicipalityRef(Schema):
    code: str
    name: str
    population_band: str | None

    @staticmethod
    def resolve_population_band(obj) -> str | None:
        band = obj.population_band
        return band.slug if band else None


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
        return [tag.name for tag in obj.tags.all()]

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


@router.get("/questions", response=list[QuestionOut], summary="List and filter public questions")
@paginate(PageNumberPagination, page_size=20, max_page_size=100)
def list_questions(request: HttpRequest, filters: Query[QuestionFilters]):
    questions, _snippets = filter_questions(
        AnonymousUser(), _public_questions(), filters.dict(exclude_none=True)
    )
    return questions


@router.get("/questions/{question_id}", response=QuestionDetailOut, summary="One public question")
def get_question(request: HttpRequest, question_id: int):
    question = _public_questions().filter(pk=question_id).first()
    if question is None:
        raise HttpError(404, f"No public question has the id {question_id}.")
    answers = list(question.answers.not_hidden().select_related("author__staff_municipality"))
    for answer in answers:
        answer.question = question
    answers.sort(key=lambda a: (a.pk != question.accepted_answer_id, -a.vote_count, a.created_at))
    question.visible_answers = answers
    return question
