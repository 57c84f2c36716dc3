"""The forum's moderation: the flag queue, hide/restore, lock, move, merge tags,
boards. Everything here is under /moderation/ (two-factor authentication
required) and for moderators only; destructive actions ask for confirmation
(a GET shows what will happen, a POST does it)."""

from collections import OrderedDict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from community.accounts.permissions import check_moderate
from yokoten.pagination import paginate

from .. import services
from ..forms import (
    BoardForm,
    MergeQuestionForm,
    MergeTagsForm,
    MoveForm,
    OptionalReasonForm,
    ReasonForm,
)
from ..models import Answer, Board, Comment, Flag, Question, TaggedQuestion
from .questions import POST_MODELS


def _post_or_404(kind: str, pk: int):
    model = POST_MODELS.get(kind)
    if model is None:
        raise Http404
    related = ["board"] if model is Question else ["question__board"]
    return get_object_or_404(model.objects.select_related("author", *related), pk=pk)


@login_required
@never_cache
def queue(request):
    """Open flags, grouped by post, oldest first; then the most recently hidden posts."""
    check_moderate(request.user)
    flags = (
        Flag.objects.filter(resolved_at__isnull=True)
        .select_related("reporter__staff_municipality", "question__board")
        .prefetch_related(
            GenericPrefetch(
                "target",
                [
                    Question.objects.with_authors(),
                    Answer.objects.with_authors().select_related("question"),
                    Comment.objects.with_authors().select_related("question"),
                ],
            )
        )
    )
    page, query = paginate(request, flags, per_page=50)
    grouped: OrderedDict = OrderedDict()
    for item in page.object_list:
        grouped.setdefault((item.target_type_id, item.target_id), []).append(item)
    groups = [
        {"post": items[0].target, "question": items[0].question, "flags": items}
        for items in grouped.values()
        if items[0].target is not None
    ]
    hidden = {
        "questions": Question.objects.filter(hidden_at__isnull=False)
        .select_related("hidden_by")
        .order_by("-hidden_at")[:20],
        "answers": Answer.objects.filter(hidden_at__isnull=False)
        .select_related("hidden_by", "question")
        .order_by("-hidden_at")[:20],
        "comments": Comment.objects.filter(hidden_at__isnull=False)
        .select_related("hidden_by", "question")
        .order_by("-hidden_at")[:20],
    }
    return render(
        request,
        "forum/moderation/queue.html",
        {"page": page, "query": query, "groups": groups, "hidden": hidden},
    )


@login_required
@never_cache
def hide(request, kind: str, pk: int):
    check_moderate(request.user)
    post = _post_or_404(kind, pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.hide_post(post, actor=request.user, reason=form.cleaned_data["reason"]):
            messages.success(request, _("Hidden. Only moderators can see it now."))
        else:
            messages.info(request, _("It was already hidden."))
        return redirect(
            post.thread.get_absolute_url() if kind != "question" else "forum_moderation:queue"
        )
    return render(
        request, "forum/moderation/confirm.html", {"form": form, "post": post, "action": "hide"}
    )


@login_required
@never_cache
def restore(request, kind: str, pk: int):
    check_moderate(request.user)
    post = _post_or_404(kind, pk)
    form = OptionalReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.restore_post(post, actor=request.user, reason=form.cleaned_data["reason"]):
            messages.success(request, _("Restored. Everyone who may see it can again."))
        return redirect(post.get_absolute_url())
    return render(
        request, "forum/moderation/confirm.html", {"form": form, "post": post, "action": "restore"}
    )


@login_required
@require_POST
def dismiss(request, kind: str, pk: int):
    check_moderate(request.user)
    post = _post_or_404(kind, pk)
    if services.dismiss_flags(post, actor=request.user):
        messages.success(request, _("Flags dismissed; the post stays as it is."))
    return redirect("forum_moderation:queue")


@login_required
@never_cache
def lock(request, pk: int):
    check_moderate(request.user)
    question = _post_or_404("question", pk)
    form = OptionalReasonForm(request.POST or None)
    action = "unlock" if question.is_locked else "lock"
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        if action == "lock":
            services.lock_question(question, actor=request.user, reason=reason)
            messages.success(request, _("Locked: no new answers or comments."))
        else:
            services.unlock_question(question, actor=request.user, reason=reason)
            messages.success(request, _("Unlocked: members can answer again."))
        return redirect(question)
    return render(
        request, "forum/moderation/confirm.html", {"form": form, "post": question, "action": action}
    )


@login_required
@never_cache
def move(request, pk: int):
    check_moderate(request.user)
    question = _post_or_404("question", pk)
    form = MoveForm(request.POST or None, initial={"board": question.board_id})
    if request.method == "POST" and form.is_valid():
        if services.move_question(
            question,
            board=form.cleaned_data["board"],
            actor=request.user,
            reason=form.cleaned_data["reason"],
        ):
            messages.success(
                request, _("Moved to %(board)s.") % {"board": form.cleaned_data["board"].name}
            )
        return redirect(question)
    return render(request, "forum/moderation/move.html", {"form": form, "question": question})


@login_required
@never_cache
def merge_question(request, pk: int):
    """A GET says what merging does; a POST with the question to keep does it."""
    check_moderate(request.user)
    duplicate = _post_or_404("question", pk)
    if duplicate.merged_into_id:
        return redirect(duplicate.merged_into)
    form = MergeQuestionForm(request.POST or None, duplicate=duplicate)
    if request.method == "POST" and form.is_valid():
        into = form.cleaned_data["into"]
        try:
            services.merge_question(
                duplicate, into=into, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except services.ForumError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Merged into this question: its answers and followers are here now."),
            )
            return redirect(into)
    return render(
        request, "forum/moderation/merge_question.html", {"form": form, "question": duplicate}
    )


@login_required
@never_cache
def merge_tags(request):
    """Two steps: the form, then a confirmation saying how many questions move."""
    check_moderate(request.user)
    form = MergeTagsForm(request.POST or None)
    summary = None
    if request.method == "POST" and form.is_valid():
        source, target = form.cleaned_data["source"], form.cleaned_data["target"]
        if request.POST.get("confirmed") == "1":
            count = services.merge_tags(
                source, target, actor=request.user, reason=form.cleaned_data["reason"]
            )
            messages.success(
                request,
                _("Merged “%(source)s” into “%(target)s”: %(count)s questions retagged.")
                % {"source": source.name, "target": target.name, "count": count},
            )
            return redirect(target)
        summary = {
            "source": source,
            "target": target,
            "questions": TaggedQuestion.objects.filter(tag=source).count(),
            "followers": source.follows.count(),
        }
    return render(request, "forum/moderation/merge_tags.html", {"form": form, "summary": summary})


@login_required
@never_cache
def boards(request):
    check_moderate(request.user)
    return render(request, "forum/moderation/boards.html", {"boards": Board.objects.all()})


@login_required
@never_cache
def board_edit(request, pk: int | None = None):
    check_moderate(request.user)
    board = get_object_or_404(Board, pk=pk) if pk else Board()
    form = BoardForm(request.POST or None, instance=board)
    if request.method == "POST" and form.is_valid():
        services.save_board(form.save(commit=False), actor=request.user)
        messages.success(request, _("Board saved."))
        return redirect("forum_moderation:boards")
    return render(request, "forum/moderation/board_form.html", {"form": form, "board": board})
