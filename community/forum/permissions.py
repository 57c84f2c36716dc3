"""Who may see and do what in the forum. Views, templates, feeds, the API, the
search, digests and the citations tag call these; none re-derives a rule.

Visibility: a staff-only board and its questions exist only for those who
``may_post_in_staff_boards`` (verified staff, moderators); hidden posts exist
for nobody but moderators, and for them only on the question page and in the
moderation queue, never in lists, search, feeds, digests or the API.
"""

from django.core.exceptions import PermissionDenied

from community.accounts.permissions import (
    is_member,
    is_verified_staff,
    may_moderate,
    may_post_in_staff_boards,
)


def filter_visible_boards(user, qs=None):
    from .models import Board

    qs = Board.objects.all() if qs is None else qs
    if not may_post_in_staff_boards(user):
        qs = qs.filter(staff_only=False)
    return qs


def filter_visible_questions(user, qs=None, *, include_hidden: bool = False):
    """``qs`` (all questions by default) narrowed to those ``user`` may see.

    ``include_hidden`` keeps hidden questions too; pass ``may_moderate(user)``
    where moderators must reach them (the question page), nowhere else.
    """
    from .models import Question

    qs = Question.objects.all() if qs is None else qs
    if not may_post_in_staff_boards(user):
        qs = qs.filter(board__staff_only=False)
    if not include_hidden:
        qs = qs.filter(hidden_at__isnull=True)
    return qs


def may_see_board(user, board) -> bool:
    return not board.staff_only or may_post_in_staff_boards(user)


def may_see_tag(user, tag) -> bool:
    """A tag exists for a reader only while they may see one of its questions."""
    return filter_visible_questions(user).tagged(tag.slug).exists()


def may_view_question(user, question) -> bool:
    """The same rule as ``filter_visible_questions`` for one loaded question (the
    question page's rule: moderators also see hidden ones)."""
    if not may_see_board(user, question.board):
        return False
    return not question.is_hidden or may_moderate(user)


def may_see_post(user, post) -> bool:
    """A post on a question page: hidden answers and comments are for moderators only."""
    return may_view_question(user, post.thread) and (not post.is_hidden or may_moderate(user))


def may_ask(user, board=None) -> bool:
    return is_member(user) and (board is None or may_see_board(user, board))


def may_answer(user, question) -> bool:
    """Answering and commenting: members, on an open question they can see."""
    return (
        is_member(user)
        and may_view_question(user, question)
        and not question.is_locked
        and not question.is_hidden
    )


may_comment = may_answer


def may_edit(user, post) -> bool:
    """Authors edit their own posts (unless locked or hidden); moderators edit any."""
    if not is_member(user) or not may_see_post(user, post):
        return False
    if may_moderate(user):
        return True
    return (
        post.author_id == user.pk
        and not post.is_hidden
        and not post.thread.is_locked
        and not post.thread.is_hidden
    )


def may_accept(user, question) -> bool:
    """The asker (or a moderator) chooses the accepted answer."""
    return (
        is_member(user)
        and may_view_question(user, question)
        and not question.is_hidden
        and (question.author_id == user.pk or may_moderate(user))
    )


def may_vote(user, post) -> bool:
    """Members mark others' visible posts helpful; nobody votes for themselves."""
    return is_member(user) and post.author_id != user.pk and may_see_post(user, post)


def may_flag(user, post) -> bool:
    return is_member(user) and post.author_id != user.pk and may_see_post(user, post)


def may_follow(user) -> bool:
    return is_member(user)


def exempt_from_new_member_limits(user) -> bool:
    return is_verified_staff(user) or may_moderate(user)


def _check(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def check_ask(user, board) -> None:
    _check(may_ask(user, board))


def check_answer(user, question) -> None:
    _check(may_answer(user, question))


def check_comment(user, question) -> None:
    _check(may_comment(user, question))


def check_edit(user, post) -> None:
    _check(may_edit(user, post))


def check_accept(user, question) -> None:
    _check(may_accept(user, question))


def check_vote(user, post) -> None:
    _check(may_vote(user, post))


def check_flag(user, post) -> None:
    _check(may_flag(user, post))
