"""Questions in the site's search engine (community.search).

Choice: the index holds every question that is not hidden, staff-only boards
included, so that verified staff can search their boards with the same
Japanese analysis and synonyms as everyone else. In exchange, nothing may read
question hits without narrowing them by reader first: every search of
questions goes through ``search_questions``, which passes the candidates
through ``filter_visible_questions`` *before* matching, so hits, counts and
snippets never include a question the reader may not see. A site-wide search
that lists Question hits must do the same (filter the hit ids with
``filter_visible_questions(user, ...)``).

An unfiltered list (every question the reader may see: the site search's
overview, the forum's own list before a filter is chosen) is matched on the
index alone: its entries are marked ``public`` unless their board is staff-only
(``is_public``, re-marked by ``board_changed``), so a reader who may not see
staff-only boards matches the public entries, and one who may matches them all.
The rows shown are still read through ``filter_visible_questions``.

Hidden questions are removed from the index; hiding or restoring an answer,
editing, moving between boards and merging tags re-index the question.
"""

from community.search import registry
from community.search.index import filter_queryset, set_public

from .markdown import plain_text

# A keyword search of the forum keeps to its newest so many questions when they hold
# at least a page of matches (``index.filter_queryset``'s ``recent``), once the forum
# has three times as many (``backends.RECENT_FROM``); the reader may ask for the older
# ones too (the lists' ``older``). A common word then costs what it
# costs in these alone (``backends._newest_first``): on the scale-5 bench (100,000
# questions) ranking kinton took 9 against 53 ms.
RECENT_QUESTIONS = 10_000


def indexable_questions():
    from .models import Question

    # The board: whether the entry is public (``is_public``), read with each question.
    return Question.objects.filter(hidden_at__isnull=True).select_related("board")


def question_text(question) -> str:
    """The question, its tags and its visible answers, as plain text."""
    answers = question.answers.filter(hidden_at__isnull=True).values_list("body_html", flat=True)
    return compose_question_text(question.body_html, question.tags.names(), answers)


def compose_question_text(body_html: str, tag_names, answer_htmls, *, to_text=plain_text) -> str:
    """``question_text`` from its parts: the question's HTML, its tag names in
    name order and its visible answers' HTML in posting order (bulk loaders pass
    what they hold in memory, and a memoised ``to_text``)."""
    parts = [to_text(body_html), " ".join(tag_names), *(to_text(html) for html in answer_htmls)]
    return "\n".join(part for part in parts if part)


def register() -> None:
    from .models import Question

    registry.register(
        Question,
        get_queryset=indexable_questions,
        get_title=lambda question: question.title,
        get_body=question_text,
        is_public=lambda question: not question.board.staff_only,
    )


def board_changed(board) -> int:
    """Re-mark the entries of ``board``'s questions as its ``staff_only`` now says (a
    board made staff-only, or opened to everyone); how many changed."""
    from .models import Question

    questions = Question.objects.filter(board=board).values("pk")
    return set_public(Question, questions, not board.staff_only)


def register_kind() -> None:
    """Questions in the site-wide search, as ``user`` may see them (staff-only
    boards for verified staff only), with the forum list's filters."""
    from django.utils.translation import pgettext_lazy

    from .filters import QuestionFilterSet
    from .models import Question
    from .permissions import filter_visible_boards, filter_visible_questions

    def filters(request, data):
        user = request.user
        return QuestionFilterSet(
            data,
            filter_visible_questions(user, Question.objects.for_list()),
            request=request,
            boards=filter_visible_boards(user),
            user=user,
            everything=True,
        )

    registry.register_kind(
        "questions",
        label=pgettext_lazy("search kind", "Q&A questions"),
        filters=filters,
        describe=lambda question: question.board.name,
        order=40,
    )


def sync(question) -> bool | None:
    """Bring the question's index entry up to date; whether it is now indexed
    (None inside ``registry.deferred()``, which syncs it once at the end)."""
    return registry.sync_object(question)


def search_questions(
    user,
    queryset,
    query: str,
    *,
    limit: int | None = None,
    everything: bool = False,
    recent: int | None = None,
):
    """``queryset`` narrowed to what ``user`` may see, then to matches of ``query``
    (ranked; a blank query changes nothing; ``limit``: the best so many, as
    ``filter_queryset``). ``everything``: the caller's word that ``queryset`` holds
    every question ``user`` may see (no filter narrows it), so the index alone is
    matched. A reader who may not see staff-only boards is matched against the
    public entries alone. ``recent``: keep to the newest so many questions when they
    hold enough matches (``RECENT_QUESTIONS`` for a list). Returns (queryset, snippets
    by pk)."""
    from community.accounts.permissions import may_post_in_staff_boards

    from .permissions import filter_visible_questions

    return filter_queryset(
        filter_visible_questions(user, queryset),
        query,
        limit=limit,
        whole=everything,
        public=not may_post_in_staff_boards(user),
        recent=recent,
    )
