"""Who hears about what happens in the forum. Each function picks the
recipients, keeps only those who may see the question (a staff-only board's
news never reaches anyone else), and hands them to ``notify``, which makes
one inbox item per (event, recipient) and emails after commit.

Event keys name the event, so announcing again (an edit adding a tag, a retry)
reaches only members not told before.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q

from community.notifications.models import Kind
from community.notifications.services import notify

from .markdown import plain_text
from .mentions import mentioned_members
from .models import Answer, Comment, Follow, Question
from .permissions import may_view_question

EXCERPT_CHARS = 200


def _members(member_ids):
    return (
        get_user_model()
        .objects.filter(pk__in=member_ids, is_active=True, deleted_at__isnull=True)
        .select_related("staff_municipality")
    )


def _who_may_see(members, question) -> list:
    return [member for member in members if may_view_question(member, question)]


def news_of(question, post, *, to_text=plain_text) -> dict:
    """What an inbox item about ``post`` says: the question, its title, a link to
    the post and an excerpt (``to_text`` may be a memoised ``plain_text``)."""
    return {
        "target": question,
        "title": question.title,
        "url": post.get_absolute_url(),
        "excerpt": to_text(post.body_html)[:EXCERPT_CHARS],
    }


def _send(members, question, *, kind, event, post, actor) -> list:
    return notify(
        _who_may_see(members, question),
        kind=kind,
        event=event,
        actor=actor,
        **news_of(question, post),
    )


def _participants(question) -> list:
    """The asker and everyone who answered or commented (mentions match them first)."""
    ids = {question.author_id}
    ids.update(question.answers.values_list("author_id", flat=True))
    ids.update(question.comments.values_list("author_id", flat=True))
    return list(_members(ids))


def mentions(post, actor) -> list:
    """Members named with @ in ``post``; returns those mentioned (told now or before)."""
    question = post.thread
    text = f"{question.title}\n{post.body}" if isinstance(post, Question) else post.body
    mentioned = mentioned_members(text, participants=_participants(question))
    _send(
        mentioned,
        question,
        kind=Kind.MENTION,
        event=f"forum.mention.{post.kind}.{post.pk}",
        post=post,
        actor=actor,
    )
    return mentioned


def new_question(question: Question) -> None:
    """Followers of its tags and of its board, and anyone it mentions."""
    mentioned = {member.pk for member in mentions(question, question.author)}
    followers = Follow.objects.filter(
        Q(tag__in=question.tags.all()) | Q(board_id=question.board_id)
    ).values_list("member_id", flat=True)
    _send(
        _members(followers).exclude(pk__in=mentioned),
        question,
        kind=Kind.NEW_QUESTION,
        event=f"forum.question.{question.pk}",
        post=question,
        actor=question.author,
    )


def new_answer(answer: Answer) -> None:
    """Followers of the question (the asker and earlier answerers follow it by themselves)."""
    question = answer.question
    mentioned = {member.pk for member in mentions(answer, answer.author)}
    followers = Follow.objects.filter(question=question).values_list("member_id", flat=True)
    _send(
        _members(followers).exclude(pk__in=mentioned),
        question,
        kind=Kind.NEW_ANSWER,
        event=f"forum.answer.{answer.pk}",
        post=answer,
        actor=answer.author,
    )


def accepted(question: Question, answer: Answer, actor) -> None:
    """The answer's author and the question's followers."""
    followers = set(Follow.objects.filter(question=question).values_list("member_id", flat=True))
    _send(
        _members(followers | {answer.author_id}),
        question,
        kind=Kind.ACCEPTED,
        event=f"forum.accepted.{question.pk}.{answer.pk}",
        post=answer,
        actor=actor,
    )


def new_comment(comment: Comment) -> None:
    mentions(comment, comment.author)
