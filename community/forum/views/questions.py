"""Question lists (all, per board, per tag), the question page, asking and editing."""

import hashlib
from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Exists, F, IntegerField, Value
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from community.accounts.permissions import is_member, may_moderate
from community.notices.services import citations_of, notice_tag
from community.submissions.services import once
from yokoten import cache_policy
from yokoten.cache_policy import shows
from yokoten.compiled import STAND_IN, CompiledQuery
from yokoten.member_cache import share_with_members
from yokoten.pagination import paginate

from .. import services
from ..caching import FORUM_FACETS, FORUM_LIST, question_tag
from ..citations import cited_pages
from ..filters import QuestionFilterSet
from ..forms import AnswerForm, AskForm, QuestionForm
from ..models import (
    Answer,
    AnswerVote,
    Board,
    Comment,
    Follow,
    ForumTag,
    Question,
    QuestionVote,
)
from ..permissions import (
    check_ask,
    check_edit,
    filter_visible_boards,
    filter_visible_questions,
    may_accept,
    may_answer,
    may_ask,
    may_comment,
    may_edit,
    may_flag,
    may_see_post,
    may_see_tag,
    may_vote,
)
from ..rate_limits import PostingTooFast, check_posting_rate, count_post
from ..similar import similar_to

QUESTIONS_PER_PAGE = 20
POST_MODELS = {"question": Question, "answer": Answer, "comment": Comment}


def visible_question_or_404(request, pk: int) -> Question:
    """The question if ``request.user`` may see it (moderators: hidden ones too), else 404."""
    user = request.user
    questions = filter_visible_questions(
        user,
        Question.objects.select_related(
            "board",
            "author__staff_municipality",
            "addressed_to__staff_municipality",
            "municipality__prefecture",
        ).prefetch_related("tags"),
        include_hidden=may_moderate(user),
    )
    return get_object_or_404(questions, pk=pk)


def visible_post_or_404(request, kind: str, pk: int):
    model = POST_MODELS.get(kind)
    if model is None:
        raise Http404
    if model is Question:
        return visible_question_or_404(request, pk)
    post = get_object_or_404(model.objects.select_related("question__board", "author"), pk=pk)
    if not may_see_post(request.user, post):
        raise Http404
    return post


def _question_list(request, *, board: Board | None = None, tag: ForumTag | None = None):
    share_with_members(request)  # depends on the reader's audience only (staff see staff boards)
    shows(request, FORUM_LIST)
    user = request.user
    boards = list(filter_visible_boards(user))
    questions = filter_visible_questions(user, Question.objects.for_list())
    if board is not None:
        questions = questions.filter(board=board)
    if tag is not None:
        questions = questions.tagged(tag.slug)
    fixed = ("board",) if board else ("tag",) if tag else ()
    filters = QuestionFilterSet(
        request.GET,
        questions,
        request=request,
        boards=boards,
        fixed=fixed,
        user=user,
        everything=not fixed,  # neither a board's nor a tag's own list
    )
    questions, snippets = filters.results()
    # Counted only when the template reads them; kept until what they count changes.
    facet_groups = filters.facets(questions, tags=(FORUM_FACETS,))
    page, query = paginate(
        request,
        questions,
        per_page=QUESTIONS_PER_PAGE,
        count=lambda: filters.total(questions, (FORUM_FACETS,)),  # with the facets
    )
    for question in page.object_list:
        question.snippet = snippets.get(question.pk) if snippets else None
    # The filters with their counts are the same for every reader of these boards until
    # a count changes (a vote or a second answer changes none): rendered once per version.
    filters_key = ":".join(
        [
            cache_policy.version(FORUM_FACETS),
            get_language(),
            ",".join(str(item.pk) for item in boards),
            board.slug if board else "",
            tag.slug if tag else "",
            hashlib.sha256(query.encode()).hexdigest()[:32],
        ]
    )
    return render(
        request,
        "forum/question_list.html",
        {
            "form": filters.form,
            "filters": filters,
            "facet_groups": facet_groups,
            "filters_key": filters_key,
            "page": page,
            "query": query,
            "filtered": bool(query),
            "board": board,
            "tag": tag,
            "boards": boards,
            "may_ask": may_ask(user, board),
            # The keyword search kept to the newest questions (search.RECENT_QUESTIONS).
            "recent": getattr(snippets, "recent", None),
            "older_url": filters.query_with(older="1"),
            "following": services.is_following(user, board or tag) if (board or tag) else False,
        },
    )


def question_list(request):
    return _question_list(request)


def board_detail(request, slug: str):
    board = get_object_or_404(filter_visible_boards(request.user), slug=slug)
    return _question_list(request, board=board)


def tag_detail(request, tag: str):
    found = get_object_or_404(ForumTag, slug=tag)
    if not may_see_tag(request.user, found):
        raise Http404
    return _question_list(request, tag=found)


def render_question(
    request, question: Question, *, answer_form=None, comment_form=None, comment_on="", status=200
):
    """The question page; forms that failed come back with what was typed and their errors.

    Queries (constant in the number of answers and comments): the answers with
    their authors, the comments with theirs, the reader's votes on the question
    and on the answers and whether they follow it (one), the official notices the
    answers cite (one), the cited pages (one per page type).
    """
    user = request.user
    moderator = may_moderate(user)
    answers = question.answers.with_authors()
    comments = question.comments.with_authors()
    if not moderator:
        answers, comments = answers.not_hidden(), comments.not_hidden()
    accepted_id = question.accepted_answer_id
    answers = sorted(answers, key=lambda a: (a.pk != accepted_id, -a.vote_count, a.created_at))
    by_post = defaultdict(list)
    for comment in comments:
        comment.can_flag = may_flag(user, comment)
        by_post[comment.answer_id].append(comment)

    voted_question, voted_answers, following = False, set(), False
    if is_member(user):
        voted_question, voted_answers, following = _reader_marks(user, question)

    question.comment_list = by_post[None]
    question.voted = voted_question
    question.following = following
    notices_by_answer = citations_of(answers)
    for answer in answers:
        answer.notice_citations = notices_by_answer.get(answer.pk, [])
        answer.comment_list = by_post[answer.pk]
        answer.voted = answer.pk in voted_answers
        answer.is_accepted = answer.pk == accepted_id
    for post in [question, *answers]:
        post.can_edit = may_edit(user, post)
        post.can_vote = may_vote(user, post)
        post.can_flag = may_flag(user, post)

    can_answer = may_answer(user, question)
    if can_answer and answer_form is None:
        answer_form = AnswerForm()
    citations = cited_pages(question)
    shown_notices = {c.notice_id for cited in notices_by_answer.values() for c in cited}
    shows(
        request,
        question_tag(question.pk),
        *(f"page:{page.pk}" for page in citations),
        *(notice_tag(pk) for pk in sorted(shown_notices)),
    )
    if _reads_like_everyone(user, question, answers, comments, moderator):
        share_with_members(
            request, forms=True, reader_check=("forum_question", {"question": question.pk})
        )
    return render(
        request,
        "forum/question_detail.html",
        {
            "question": question,
            "tags": question.tags.all(),
            "answers": answers,
            "citations": citations,
            "following": following,
            "may_answer": can_answer,
            "may_comment": may_comment(user, question),
            "may_accept": may_accept(user, question),
            "may_moderate": moderator,
            "answer_form": answer_form,
            "comment_form": comment_form,
            "comment_on": comment_on,
        },
        status=status,
    )


def _reader_marks(user, question) -> tuple[bool, set[int], bool]:
    """Whether the reader voted for the question, the answers they voted for and
    whether they follow it: one query (a row for each)."""
    marks = [
        QuestionVote.objects.filter(member=user, question=question).annotate(
            mark=Value("voted"), voted_answer=Value(None, output_field=IntegerField())
        ),
        AnswerVote.objects.filter(member=user, answer__question=question).annotate(
            mark=Value("answer"), voted_answer=F("answer_id")
        ),
        Follow.objects.filter(member=user, question=question).annotate(
            mark=Value("following"), voted_answer=Value(None, output_field=IntegerField())
        ),
    ]
    parts = [rows.order_by().values_list("mark", "voted_answer") for rows in marks]
    found = list(parts[0].union(*parts[1:], all=True))
    kinds = {mark for mark, _answer in found}
    voted_answers = {answer for mark, answer in found if mark == "answer"}
    return "voted" in kinds, voted_answers, "following" in kinds


def _reads_like_everyone(user, question, answers, comments, moderator) -> bool:
    """Whether the page shows this member nothing another member of their audience
    would not see: not the asker or an author here, no votes, not following (then
    the page is shared, see ``reader_shares_question_page``)."""
    if not is_member(user) or moderator or question.voted or question.following:
        return False
    if any(answer.voted for answer in answers):
        return False
    authors = {question.author_id, *(post.author_id for post in (*answers, *comments))}
    return user.pk not in authors


def _mine(question_id, member_id):
    """The question's key if ``member_id`` wrote or marked anything on it: the question,
    an answer or a comment of theirs, a vote, a follow (no row if nothing)."""
    mine = (
        Exists(Question.objects.filter(pk=question_id, author_id=member_id))
        | Exists(Answer.objects.filter(question_id=question_id, author_id=member_id))
        | Exists(Comment.objects.filter(question_id=question_id, author_id=member_id))
        | Exists(QuestionVote.objects.filter(question_id=question_id, member_id=member_id))
        | Exists(AnswerVote.objects.filter(answer__question_id=question_id, member_id=member_id))
        | Exists(Follow.objects.filter(question_id=question_id, member_id=member_id))
    )
    return Question.objects.filter(pk=question_id).filter(mine).values_list("pk")[:1]


# Compiled once per process (yokoten/compiled.py): every signed-in read of a shared
# question page asks it, and Django took longer to build and compile its six EXISTS
# than the database took to answer them.
_MINE = CompiledQuery(_mine, stand_ins=(STAND_IN, STAND_IN - 1))


def reader_shares_question_page(request, arguments: dict) -> bool:
    """The same test as ``_reads_like_everyone`` for a reader of a cached copy, in one
    query: no question, answer or comment of theirs here, no vote, no follow."""
    return not _MINE.rows(int(arguments["question"]), request.user.pk)


def question_detail(request, pk: int, slug: str = ""):
    try:
        question = visible_question_or_404(request, pk)
    except Http404:
        question = Question.objects.filter(pk=pk, merged_into__isnull=False).first()
        if question is None:
            raise
    if question.merged_into_id:
        # A merged duplicate's address leads to the question kept, for whoever may see it.
        return redirect(visible_question_or_404(request, question.merged_into_id), permanent=True)
    return render_question(request, question)


@login_required
@never_cache
def ask(request):
    boards = filter_visible_boards(request.user)
    initial = {}
    if request.GET.get("board"):
        initial["board"] = boards.filter(slug=request.GET["board"]).first()
    if request.GET.get("to", "").isdigit():
        initial["to"] = int(request.GET["to"])
    form = AskForm(request.POST or None, boards=boards, initial=initial, asker=request.user)
    status = 200
    if request.method == "POST" and request.POST.get("check"):
        # The check step: what already answers it, before anything is posted (the
        # form comes back as typed, without errors for what is not written yet).
        typed = {name: request.POST.get(name, "") for name in form.fields}
        form = AskForm(boards=boards, initial={**initial, **typed}, asker=request.user)
        similar = similar_to(request, request.POST.get("title", ""))
        return render(
            request, "forum/ask.html", {"form": form, "similar": similar, "checked": True}
        )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        check_ask(request.user, data["board"])
        try:
            check_posting_rate(request.user)
        except PostingTooFast as error:
            form.add_error(None, str(error))
            status = 429
        else:
            question, first = once(
                request,
                form,
                lambda: services.ask_question(
                    request.user,
                    board=data["board"],
                    title=data["title"],
                    body=data["body"],
                    tags=data["tags"],
                    cites=data["cites"],
                    addressed_to=data["to"],
                ),
            )
            if first:
                count_post(request.user)
                messages.success(
                    request, _("Your question is posted. Followers of its tags are told.")
                )
            return redirect(question)
    return render(request, "forum/ask.html", {"form": form}, status=status)


@login_required
@never_cache
def similar_questions(request):
    """/forum/ask/similar/?title=…: the similar questions and case studies as a fragment
    of the question form (fetched while the title is typed)."""
    similar = similar_to(request, request.GET.get("title", ""))
    return render(request, "forum/includes/similar.html", {"similar": similar, "checked": True})


@login_required
@never_cache
def edit_question(request, pk: int):
    question = visible_question_or_404(request, pk)
    check_edit(request.user, question)
    citations = "\n".join(page.url or "" for page in cited_pages(question))
    form = QuestionForm(
        request.POST or None,
        initial={
            "title": question.title,
            "body": question.body,
            "tags": ", ".join(tag.name for tag in question.tags.all()),
            "cites": citations,
        },
    )
    del form.fields["board"]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if services.edit_question(
            question,
            editor=request.user,
            title=data["title"],
            body=data["body"],
            tags=data["tags"],
            cites=data["cites"],
        ):
            messages.success(request, _("Saved. The earlier version stays in the history."))
        return redirect(question)
    return render(request, "forum/edit_post.html", {"form": form, "post": question})


def question_history(request, pk: int):
    question = visible_question_or_404(request, pk)
    revisions = question.revisions.filter(answer=None).select_related("editor__staff_municipality")
    return render(
        request,
        "forum/history.html",
        {"post": question, "question": question, "revisions": revisions},
    )


def answer_history(request, pk: int):
    answer = visible_post_or_404(request, "answer", pk)
    revisions = answer.revisions.select_related("editor__staff_municipality")
    return render(
        request,
        "forum/history.html",
        {"post": answer, "question": answer.question, "revisions": revisions},
    )
