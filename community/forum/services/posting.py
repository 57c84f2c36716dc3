"""Asking, answering, commenting, editing and accepting."""

from collections.abc import Iterable
from functools import reduce
from operator import or_

from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from community.audit.models import record
from community.notices.services import cite_notices

from .. import announce, search
from ..caching import retire_question
from ..models import Answer, Citation, Comment, ForumTag, Question, Revision
from .following import follow

MAX_TAGS = 5
MAX_CITATIONS = 5


class ForumError(Exception):
    """An action that cannot be done, with a translated message for the member."""


def asker_municipality_id(member) -> int | None:
    """The municipality shown on a question: the verified one, else the one the member declared."""
    if member.is_verified_staff:
        return member.staff_municipality_id
    return member.municipality_id


def _create_tag(name: str) -> ForumTag:
    """A new tag, or the one a member posting at the same moment just made: the
    insert runs in a savepoint, and losing the race on the unique name reads the
    winner's row (committed by then: the insert waited for it)."""
    try:
        with transaction.atomic():
            return ForumTag.objects.create(name=name)
    except IntegrityError:
        winner = ForumTag.objects.filter(name__iexact=name).order_by("pk").first()
        if winner is None:
            raise
        return winner


def resolve_tags(names: Iterable[str]) -> list[ForumTag]:
    """Tags by name, existing ones matched regardless of case and width (ｋｉｎｔｏｎｅ = Kintone =
    kintone), new ones created; at most ``MAX_TAGS``."""
    cleaned = list(dict.fromkeys(n for n in map(ForumTag.normalise, names) if n))[:MAX_TAGS]
    if not cleaned:
        return []
    existing = {
        tag.name.casefold(): tag
        for tag in ForumTag.objects.filter(reduce(or_, (Q(name__iexact=n) for n in cleaned)))
    }
    tags = []
    for name in cleaned:
        tag = existing.get(name.casefold())
        if tag is None:
            tag = existing[name.casefold()] = _create_tag(name)
        if tag not in tags:
            tags.append(tag)
    return tags


def _set_citations(question: Question, pages) -> None:
    Citation.objects.filter(question=question).delete()
    unique = list({page.pk: page for page in pages}.values())[:MAX_CITATIONS]
    Citation.objects.bulk_create(
        Citation(question=question, page=page, position=position)
        for position, page in enumerate(unique)
    )


def _revise(post, *, editor) -> Revision:
    """Keep this version of ``post`` (its first version too) for the history page."""
    question = post.thread
    answer = post if isinstance(post, Answer) else None
    latest = Revision.objects.filter(question=question, answer=answer).aggregate(n=Max("number"))
    return Revision.objects.create(
        question=question,
        answer=answer,
        number=(latest["n"] or 0) + 1,
        title=getattr(post, "title", ""),
        body=post.body,
        tags=", ".join(post.tags.names()) if answer is None else "",
        editor=editor,
    )


def _touch(question: Question) -> None:
    Question.objects.filter(pk=question.pk).update(last_activity_at=timezone.now())


def _locked_question(question: Question) -> Question:
    """The question's row, locked for this transaction (answers and accepts queue behind it)."""
    return Question.objects.select_for_update().get(pk=question.pk)


@transaction.atomic
def ask_question(
    author, *, board, title: str, body: str, tags: Iterable[str] = (), cites=(), addressed_to=None
) -> Question:
    question = Question(
        author=author,
        addressed_to=addressed_to,
        board=board,
        title=title.strip(),
        municipality_id=asker_municipality_id(author),
    )
    question.set_body(body)
    question.save()
    question.tags.set(resolve_tags(tags))
    _set_citations(question, cites)
    _revise(question, editor=author)
    follow(author, question)
    record("forum.question_asked", actor=author, target=question, board=board.slug)
    retire_question(question.pk)
    search.sync(question)
    announce.later("forum.question", question.pk)
    return question


@transaction.atomic
def edit_question(
    question: Question, *, editor, title: str, body: str, tags: Iterable[str], cites=None
) -> bool:
    """Save a new version; False if nothing changed. Followers of newly added tags hear of it."""
    new_tags = resolve_tags(tags)
    same_tags = {tag.pk for tag in new_tags} == set(question.tags.values_list("pk", flat=True))
    same_cites = cites is None or [page.pk for page in cites] == list(
        question.citations.values_list("page_id", flat=True)
    )
    if question.title == title.strip() and question.body == body and same_tags and same_cites:
        return False
    question.title = title.strip()
    question.set_body(body)
    question.edited_at = timezone.now()
    question.save(update_fields=["title", "body", "body_html", "edited_at"])
    question.tags.set(new_tags)
    if cites is not None:
        _set_citations(question, cites)
    _revise(question, editor=editor)
    _touch(question)
    record(
        "forum.question_edited",
        actor=editor,
        target=question,
        by_author=editor.pk == question.author_id,
    )
    retire_question(question.pk)
    search.sync(question)
    # Reaches only followers and mentioned members not told before (new tags, new @names).
    announce.later("forum.question", question.pk)
    return True


@transaction.atomic
def post_answer(question: Question, *, author, body: str, notices=()) -> Answer:
    current = _locked_question(question)
    if current.is_locked or current.is_hidden:
        raise ForumError(_("This question is closed to new answers."))
    answer = Answer(question=question, author=author)
    answer.set_body(body)
    answer.save()
    cite_notices(answer, notices, author=author)
    Question.objects.filter(pk=question.pk).update(
        answer_count=F("answer_count") + 1, last_activity_at=answer.created_at
    )
    _revise(answer, editor=author)
    follow(author, question)
    record("forum.answer_posted", actor=author, target=answer, question=question.pk)
    # The lists' counts count only a question's first answer (“no answer yet”).
    retire_question(question.pk, counted=current.answer_count == 0)
    search.sync(question)
    announce.later("forum.answer", answer.pk)
    return answer


@transaction.atomic
def edit_answer(answer: Answer, *, editor, body: str, notices=None) -> bool:
    """Save a new version (and, if given, the official notices it cites; they stay the
    author's to confirm); False if nothing changed."""
    cited = notices is not None and cite_notices(answer, notices, author=answer.author)
    if answer.body == body:
        if cited:
            record("forum.answer_notices", actor=editor, target=answer)
            retire_question(answer.question_id, listed=False)
        return cited
    answer.set_body(body)
    answer.edited_at = timezone.now()
    answer.save(update_fields=["body", "body_html", "edited_at"])
    _revise(answer, editor=editor)
    _touch(answer.question)
    record(
        "forum.answer_edited",
        actor=editor,
        target=answer,
        question=answer.question_id,
        by_author=editor.pk == answer.author_id,
    )
    retire_question(answer.question_id, counted=False)  # its text: no count counts it
    search.sync(answer.question)
    announce.later("forum.answer_mentions", answer.pk, editor.pk)
    return True


@transaction.atomic
def post_comment(question: Question, *, author, body: str, answer: Answer | None = None) -> Comment:
    current = _locked_question(question)
    if current.is_locked or current.is_hidden:
        raise ForumError(_("This question is closed to new comments."))
    if answer is not None and (answer.question_id != question.pk or answer.is_hidden):
        raise ForumError(_("That answer cannot take comments."))
    comment = Comment(question=question, answer=answer, author=author)
    comment.set_body(body)
    comment.save()
    _touch(question)
    record("forum.comment_posted", actor=author, target=comment, question=question.pk)
    retire_question(question.pk, counted=False)  # no count counts comments
    announce.later("forum.comment", comment.pk)
    return comment


@transaction.atomic
def accept_answer(question: Question, answer: Answer, *, actor) -> bool:
    """Make ``answer`` the accepted one (replacing any other); False if it already was."""
    if answer.question_id != question.pk or answer.is_hidden:
        raise ForumError(_("Only a visible answer to this question can be accepted."))
    current = _locked_question(question)
    if current.accepted_answer_id == answer.pk:
        return False
    Question.objects.filter(pk=question.pk).update(
        accepted_answer=answer, last_activity_at=timezone.now()
    )
    question.accepted_answer = answer
    record(
        "forum.answer_accepted",
        actor=actor,
        target=question,
        answer=answer.pk,
        replaced=current.accepted_answer_id,
    )
    retire_question(question.pk)
    announce.later("forum.accepted", question.pk, answer.pk, getattr(actor, "pk", None))
    return True


@transaction.atomic
def unaccept_answer(question: Question, *, actor) -> bool:
    current = _locked_question(question)
    if current.accepted_answer_id is None:
        return False
    Question.objects.filter(pk=question.pk).update(accepted_answer=None)
    record(
        "forum.answer_unaccepted", actor=actor, target=question, answer=current.accepted_answer_id
    )
    retire_question(question.pk)
    question.accepted_answer = None
    return True
