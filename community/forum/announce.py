"""Who hears about what happens in the forum. Each function picks the
recipients, keeps only those who may see the question (a staff-only board's
news never reaches anyone else), and hands them to ``notify``, which makes
one inbox item per (event, recipient) in bulk and queues their emails.

The services never call these in the request: ``later(name, *ids)`` queues one
task that runs the announcer of ``ANNOUNCERS`` once the post is committed.
Event keys name the event, so announcing again (an edit adding a tag, a retry of
the task) reaches only members not told before.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q

from community.notifications.services import announce_later, notify

from .markdown import plain_text
from .mentions import mentioned_members
from .models import Answer, Comment, Follow, Question
from .notifications import Kind
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
    """The member it is addressed to ("ask this person"), followers of its tags and of
    its board, and anyone it mentions."""
    asked = set()
    if question.addressed_to_id:
        asked = {question.addressed_to_id}
        _send(
            _members(asked),
            question,
            kind=Kind.ASKED_OF,
            event=f"forum.asked.{question.pk}",
            post=question,
            actor=question.author,
        )
    mentioned = {member.pk for member in mentions(question, question.author)} | asked
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
    """The asker (their question was answered), then the question's other followers
    (earlier answerers follow it by themselves); a member it mentions hears of the mention."""
    question = answer.question
    mentioned = {member.pk for member in mentions(answer, answer.author)}
    _send(
        _members([question.author_id]).exclude(pk__in=mentioned),
        question,
        kind=Kind.MY_QUESTION_ANSWERED,
        event=f"forum.answer.{answer.pk}",
        post=answer,
        actor=answer.author,
    )
    followers = (
        Follow.objects.filter(question=question)
        .exclude(member_id=question.author_id)
        .values_list("member_id", flat=True)
    )
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


def _one(source, pk):
    """The row ``pk`` of a model or queryset, or None if it was deleted meanwhile."""
    queryset = source._default_manager.all() if isinstance(source, type) else source
    return queryset.filter(pk=pk).first()


def _actor(pk):
    return get_user_model().objects.filter(pk=pk).first() if pk else None


def _question_by_id(question_id: int) -> None:
    question = _one(Question, question_id)
    if question is not None:
        new_question(question)


def _answer_by_id(answer_id: int) -> None:
    answer = _one(Answer.objects.select_related("question"), answer_id)
    if answer is not None:
        new_answer(answer)


def _accepted_by_id(question_id: int, answer_id: int, actor_id: int | None) -> None:
    question, answer = _one(Question, question_id), _one(Answer, answer_id)
    if question is not None and answer is not None:
        accepted(question, answer, _actor(actor_id))


def _answer_mentions_by_id(answer_id: int, editor_id: int | None) -> None:
    answer = _one(Answer.objects.select_related("question"), answer_id)
    if answer is not None:
        mentions(answer, _actor(editor_id))


def _comment_by_id(comment_id: int) -> None:
    comment = _one(Comment.objects.select_related("question"), comment_id)
    if comment is not None:
        new_comment(comment)


ANNOUNCERS = {
    "forum.question": _question_by_id,
    "forum.answer": _answer_by_id,
    "forum.accepted": _accepted_by_id,
    "forum.answer_mentions": _answer_mentions_by_id,
    "forum.comment": _comment_by_id,
}


def later(name: str, *ids) -> None:
    """Queue the announcer ``name`` to run once the current transaction commits."""
    announce_later(name, *ids)
