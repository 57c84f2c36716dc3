"""Answering, commenting, editing answers, accepting, voting, flagging, following."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from community.notices.services import citations_of
from community.submissions.services import once

from .. import services
from ..forms import AnswerForm, CommentForm, FlagForm
from ..models import Answer, Board, ForumTag, Question
from ..permissions import (
    check_accept,
    check_answer,
    check_comment,
    check_edit,
    check_flag,
    check_vote,
    filter_visible_boards,
    filter_visible_questions,
    may_follow,
    may_see_tag,
)
from ..rate_limits import PostingTooFast, check_posting_rate, count_post
from .questions import render_question, visible_post_or_404, visible_question_or_404


def _post_answer(author, question, body, notices=()):
    """A new answer, within the member's posting rate (a repeated submit is not counted)."""
    check_posting_rate(author)
    answer = services.post_answer(question, author=author, body=body, notices=notices)
    count_post(author)
    return answer


def _post_comment(author, question, body, answer):
    check_posting_rate(author)
    comment = services.post_comment(question, author=author, body=body, answer=answer)
    count_post(author)
    return comment


@login_required
@require_POST
def post_answer(request, pk: int):
    question = visible_question_or_404(request, pk)
    check_answer(request.user, question)
    form = AnswerForm(request.POST)
    status = 200
    if form.is_valid():
        try:
            answer, first = once(
                request,
                form,
                lambda: _post_answer(
                    request.user, question, form.cleaned_data["body"], form.cleaned_data["notices"]
                ),
            )
        except (PostingTooFast, services.ForumError) as error:
            form.add_error(None, str(error))
            status = 429 if isinstance(error, PostingTooFast) else 200
        else:
            if first:
                messages.success(request, _("Your answer is posted. Thank you for sharing."))
            return redirect(answer.get_absolute_url())
    return render_question(request, question, answer_form=form, status=status)


@login_required
@require_POST
def post_comment(request, pk: int):
    question = visible_question_or_404(request, pk)
    check_comment(request.user, question)
    form = CommentForm(request.POST)
    answer = None
    if form.is_valid() and form.cleaned_data["answer"]:
        answer = get_object_or_404(question.answers.not_hidden(), pk=form.cleaned_data["answer"])
    status = 200
    if form.is_valid():
        try:
            comment, _first = once(
                request,
                form,
                lambda: _post_comment(request.user, question, form.cleaned_data["body"], answer),
            )
        except (PostingTooFast, services.ForumError) as error:
            form.add_error(None, str(error))
            status = 429 if isinstance(error, PostingTooFast) else 200
        else:
            return redirect(comment.get_absolute_url())
    target = f"answer-{answer.pk}" if answer else "question"
    return render_question(request, question, comment_form=form, comment_on=target, status=status)


@login_required
@never_cache
def edit_answer(request, pk: int):
    answer = visible_post_or_404(request, "answer", pk)
    check_edit(request.user, answer)
    cited = "\n".join(c.notice.url for c in citations_of([answer]).get(answer.pk, []))
    form = AnswerForm(request.POST or None, initial={"body": answer.body, "notices": cited})
    if request.method == "POST" and form.is_valid():
        if services.edit_answer(
            answer,
            editor=request.user,
            body=form.cleaned_data["body"],
            notices=form.cleaned_data["notices"],
        ):
            messages.success(request, _("Saved. The earlier version stays in the history."))
        return redirect(answer.get_absolute_url())
    return render(request, "forum/edit_post.html", {"form": form, "post": answer})


@login_required
@require_POST
def accept(request, pk: int):
    question = visible_question_or_404(request, pk)
    check_accept(request.user, question)
    answer = get_object_or_404(Answer, pk=request.POST.get("answer") or 0, question=question)
    try:
        if services.accept_answer(question, answer, actor=request.user):
            messages.success(request, _("Marked as the accepted answer. The question is solved."))
    except services.ForumError as error:
        messages.error(request, str(error))
    return redirect(answer.get_absolute_url())


@login_required
@require_POST
def vote(request, kind: str, pk: int):
    if kind not in ("question", "answer"):
        raise Http404
    post = visible_post_or_404(request, kind, pk)
    check_vote(request.user, post)
    services.toggle_vote(post, member=request.user, helpful=request.POST.get("helpful") == "1")
    return redirect(post.get_absolute_url())


@login_required
@never_cache
def flag(request, kind: str, pk: int):
    post = visible_post_or_404(request, kind, pk)
    check_flag(request.user, post)
    form = FlagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.flag_post(
            post,
            reporter=request.user,
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"],
        ):
            messages.success(request, _("Thank you. A moderator will look at it."))
        else:
            messages.info(request, _("You already flagged this; a moderator will look at it."))
        return redirect(post.get_absolute_url())
    return render(request, "forum/flag.html", {"form": form, "post": post})


def _follow_or_unfollow(request, target, fallback: str):
    if not may_follow(request.user):
        raise Http404
    if request.POST.get("follow") == "1":
        if services.follow(request.user, target):
            messages.success(request, _("Following. You will be notified of new posts."))
    elif services.unfollow(request.user, target):
        messages.success(request, _("No longer following."))
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = fallback
    return redirect(next_url)


@login_required
@require_POST
def follow_question(request, pk: int):
    question = visible_question_or_404(request, pk)
    return _follow_or_unfollow(request, question, question.get_absolute_url())


@login_required
@require_POST
def follow_board(request, slug: str):
    board = get_object_or_404(filter_visible_boards(request.user), slug=slug)
    return _follow_or_unfollow(request, board, board.get_absolute_url())


@login_required
@require_POST
def follow_tag(request, tag: str):
    found = get_object_or_404(ForumTag, slug=tag)
    if not may_see_tag(request.user, found):
        raise Http404
    return _follow_or_unfollow(request, found, found.get_absolute_url())


@login_required
@never_cache
def following(request):
    """What I follow; questions and boards I can no longer see are left out."""
    user = request.user
    questions = filter_visible_questions(
        user, Question.objects.filter(follows__member=user).select_related("board")
    ).order_by("-last_activity_at")
    boards = filter_visible_boards(user, Board.objects.filter(follows__member=user))
    tags = ForumTag.objects.filter(follows__member=user)
    return render(
        request,
        "forum/following.html",
        {
            "questions": questions[:100],
            "boards": boards,
            "tags": tags,
        },
    )
