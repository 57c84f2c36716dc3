"""Flags and what moderators do about them. Nothing is ever deleted: hiding
is soft and can be undone, and every action lands in the audit log."""

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from community.audit.models import record

from .. import search
from ..caching import retire_forum_lists, retire_question
from ..models import (
    Answer,
    Board,
    Comment,
    Flag,
    Follow,
    ForumTag,
    Question,
    QuestionVote,
    Revision,
    TaggedQuestion,
)
from .posting import ForumError


def _open_flags(post):
    return Flag.objects.filter(
        target_type=ContentType.objects.get_for_model(post),
        target_id=post.pk,
        resolved_at__isnull=True,
    )


@transaction.atomic
def flag_post(post, *, reporter, reason: str, note: str = "") -> bool:
    """Ask moderators to look at ``post``; False if this member already has an open flag on it."""
    try:
        with transaction.atomic():
            Flag.objects.create(
                reporter=reporter,
                target_type=ContentType.objects.get_for_model(post),
                target_id=post.pk,
                question=post.thread,
                reason=reason,
                note=note,
            )
    except IntegrityError:
        return False
    record(
        "forum.flagged",
        actor=reporter,
        target=post,
        reason=note,
        flag_reason=reason,
        question=post.thread.pk,
    )
    return True


@transaction.atomic
def dismiss_flags(post, *, actor, reason: str = "") -> int:
    """Close the open flags on ``post`` without hiding it."""
    count = _open_flags(post).update(
        resolved_at=timezone.now(), resolved_by=actor, resolution=Flag.Resolution.DISMISSED
    )
    if count:
        record("forum.flags_dismissed", actor=actor, target=post, reason=reason, flags=count)
    return count


@transaction.atomic
def hide_post(post, *, actor, reason: str) -> bool:
    """Hide a question, answer or comment from everyone but moderators; False if it already was.

    Hiding the accepted answer un-accepts it (the asker may accept another).
    """
    if not reason.strip():
        raise ForumError(_("Give a reason: it is kept in the audit log."))
    now = timezone.now()
    changed = (
        type(post)
        .objects.filter(pk=post.pk, hidden_at__isnull=True)
        .update(hidden_at=now, hidden_by=actor, hidden_reason=reason)
    )
    if not changed:
        return False
    post.hidden_at, post.hidden_by, post.hidden_reason = now, actor, reason
    unaccepted = False
    if isinstance(post, Answer):
        Question.objects.filter(pk=post.question_id).update(answer_count=F("answer_count") - 1)
        unaccepted = bool(
            Question.objects.filter(pk=post.question_id, accepted_answer=post).update(
                accepted_answer=None
            )
        )
    flags = _open_flags(post).update(
        resolved_at=now, resolved_by=actor, resolution=Flag.Resolution.HIDDEN
    )
    record(
        "forum.hidden",
        actor=actor,
        target=post,
        reason=reason,
        kind=post.kind,
        question=post.thread.pk,
        flags_resolved=flags,
        unaccepted=unaccepted,
    )
    retire_question(post.thread.pk)
    search.sync(Question.objects.get(pk=post.thread.pk))
    return True


@transaction.atomic
def restore_post(post, *, actor, reason: str = "") -> bool:
    changed = (
        type(post)
        .objects.filter(pk=post.pk, hidden_at__isnull=False)
        .update(hidden_at=None, hidden_by=None, hidden_reason="")
    )
    if not changed:
        return False
    post.hidden_at, post.hidden_by, post.hidden_reason = None, None, ""
    if isinstance(post, Answer):
        Question.objects.filter(pk=post.question_id).update(answer_count=F("answer_count") + 1)
    record(
        "forum.restored", actor=actor, target=post, reason=reason, kind=post.kind,
        question=post.thread.pk,
    )  # fmt: skip
    retire_question(post.thread.pk)
    search.sync(Question.objects.get(pk=post.thread.pk))
    return True


@transaction.atomic
def lock_question(question: Question, *, actor, reason: str = "") -> bool:
    """No new answers or comments, and authors can no longer edit; False if already locked."""
    now = timezone.now()
    if not Question.objects.filter(pk=question.pk, locked_at__isnull=True).update(locked_at=now):
        return False
    question.locked_at = now
    record("forum.locked", actor=actor, target=question, reason=reason)
    retire_question(question.pk)
    return True


@transaction.atomic
def unlock_question(question: Question, *, actor, reason: str = "") -> bool:
    if not Question.objects.filter(pk=question.pk, locked_at__isnull=False).update(locked_at=None):
        return False
    question.locked_at = None
    record("forum.unlocked", actor=actor, target=question, reason=reason)
    retire_question(question.pk)
    return True


@transaction.atomic
def move_question(question: Question, *, board: Board, actor, reason: str = "") -> bool:
    """Move to another board (into a staff-only one makes it vanish for everyone else)."""
    previous = question.board
    if previous.pk == board.pk:
        return False
    Question.objects.filter(pk=question.pk).update(board=board)
    question.board = board
    record(
        "forum.moved", actor=actor, target=question, reason=reason, source=previous.slug,
        destination=board.slug,
    )  # fmt: skip
    retire_question(question.pk)
    search.sync(question)
    return True


@transaction.atomic
def merge_question(duplicate: Question, *, into: Question, actor, reason: str = "") -> bool:
    """Merge ``duplicate`` into ``into``: its answers and comments move there, its
    helpful votes and followers too (once per member), and it is hidden with a
    pointer to ``into`` (its address redirects there). False if it already was."""
    if duplicate.pk == into.pk:
        raise ForumError(_("A question cannot be merged into itself."))
    if into.merged_into_id:
        raise ForumError(_("That question was itself merged into another; choose that one."))
    if duplicate.merged_into_id:
        return False
    answers = Answer.objects.filter(question=duplicate).update(question=into)
    Comment.objects.filter(question=duplicate).update(question=into)
    Revision.objects.filter(question=duplicate, answer__isnull=False).update(question=into)
    Flag.objects.filter(question=duplicate).exclude(
        target_type=ContentType.objects.get_for_model(Question)
    ).update(question=into)
    # Nobody marks their own question helpful, even by a merge.
    QuestionVote.objects.filter(question=duplicate, member_id=into.author_id).delete()
    for model, link in ((QuestionVote, "question"), (Follow, "question")):
        already = model.objects.filter(**{link: into}).values("member_id")
        model.objects.filter(**{link: duplicate}, member_id__in=already).delete()
        model.objects.filter(**{link: duplicate}).update(**{link: into})
    now = timezone.now()
    Question.objects.filter(pk=duplicate.pk).update(
        merged_into=into,
        accepted_answer=None,
        answer_count=0,
        vote_count=0,
        hidden_at=now,
        hidden_by=actor,
        hidden_reason=reason or _("Merged into question %(number)s.") % {"number": into.pk},
    )
    latest = into.answers.not_hidden().order_by("-created_at").values("created_at").first()
    Question.objects.filter(pk=into.pk).update(
        answer_count=into.answers.not_hidden().count(),
        vote_count=QuestionVote.objects.filter(question=into).count(),
        last_activity_at=max(into.last_activity_at, latest["created_at"])
        if latest
        else into.last_activity_at,
    )
    _open_flags(duplicate).update(
        resolved_at=now, resolved_by=actor, resolution=Flag.Resolution.HIDDEN
    )
    record(
        "forum.merged", actor=actor, target=duplicate, reason=reason, into=into.pk,
        answers=answers,
    )  # fmt: skip
    for question in (duplicate, into):
        retire_question(question.pk)
        search.sync(Question.objects.get(pk=question.pk))
    return True


@transaction.atomic
def merge_tags(source: ForumTag, target: ForumTag, *, actor, reason: str = "") -> int:
    """Retag every question of ``source`` as ``target``, move its followers, then
    remove ``source``; returns how many questions were retagged."""
    if source.pk == target.pk:
        raise ForumError(_("Choose two different tags."))
    question_ids = list(
        TaggedQuestion.objects.filter(tag=source).values_list("content_object_id", flat=True)
    )
    TaggedQuestion.objects.filter(
        tag=source,
        content_object_id__in=TaggedQuestion.objects.filter(tag=target).values("content_object_id"),
    ).delete()
    TaggedQuestion.objects.filter(tag=source).update(tag=target)
    Follow.objects.filter(
        tag=source, member_id__in=Follow.objects.filter(tag=target).values("member_id")
    ).delete()
    Follow.objects.filter(tag=source).update(tag=target)
    record(
        "forum.tags_merged", actor=actor, target=target, reason=reason, source=source.name,
        questions=len(question_ids),
    )  # fmt: skip
    source.delete()
    for question_id in question_ids:
        retire_question(question_id, listed=False)
    retire_forum_lists()
    for question in Question.objects.filter(pk__in=question_ids, hidden_at__isnull=True):
        search.sync(question)
    return len(question_ids)


@transaction.atomic
def save_board(board: Board, *, actor) -> Board:
    created = board.pk is None
    board.save()
    if not created:
        search.board_changed(board)  # made staff-only, or opened to everyone
    retire_forum_lists()
    record(
        "forum.board_created" if created else "forum.board_changed",
        actor=actor,
        target=board,
        staff_only=board.staff_only,
    )
    return board
