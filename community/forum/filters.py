"""The filters of the question lists (all, per board, per tag), their API and their
feeds, defined once. The board choices are the boards the reader may see."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.utils.translation import pgettext_lazy

from community.municipalities.filters import (
    population_filter,
    prefecture_filter,
    similar_to_filter,
)
from yokoten.filtering import (
    ChoiceFilter,
    ListFilterSet,
    SearchFilter,
    SortFilter,
    TopValuesFilter,
    WiderSearchFilter,
)

from .models import ForumTag


class Status:
    SOLVED = "solved"
    UNSOLVED = "unsolved"
    UNANSWERED = "unanswered"
    CHOICES = [
        (SOLVED, pgettext_lazy("question status", "Solved")),
        (UNSOLVED, pgettext_lazy("question status", "Not solved yet")),
        (UNANSWERED, pgettext_lazy("question status", "No answer yet")),
    ]
    CONDITIONS = {
        SOLVED: Q(accepted_answer__isnull=False),
        UNSOLVED: Q(accepted_answer__isnull=True),
        UNANSWERED: Q(answer_count=0),
    }


class Sort:
    ACTIVE = "active"
    HELPFUL = "helpful"
    NEWEST = "newest"
    CHOICES = [
        ("", pgettext_lazy("question sort", "Newest (best match when searching)")),
        (ACTIVE, pgettext_lazy("question sort", "Most active")),
        (HELPFUL, pgettext_lazy("question sort", "Most helpful")),
        (NEWEST, pgettext_lazy("question sort", "Newest")),
    ]


def _tagged(queryset, name: str):
    return queryset.filter(tagged_items__tag__name__iexact=ForumTag.normalise(name))


class QuestionFilterSet(ListFilterSet):
    """``boards``: the boards the reader may see (the board choices); ``fixed``: filters
    a board's or a tag's own page fixes (dropped from the form); ``user``: whose view
    of the forum the keyword search ranks (``everything``: every question ``user`` may
    see)."""

    q = SearchFilter(
        label=pgettext_lazy("question filter", "Keywords"),
        max_length=100,
        placeholder=pgettext_lazy("question filter", "e.g. smartphone applications"),
    )
    board = ChoiceFilter(
        "board__slug", choices=lambda: [], label=pgettext_lazy("question filter", "Board")
    )
    tag = TopValuesFilter(
        "",
        lookup=_tagged,
        facet_path="tagged_items__tag__name",
        once_per_row=True,  # forum_tag_once
        label=pgettext_lazy("question filter", "Tag"),
    )
    status = ChoiceFilter(
        choices=Status.CHOICES,
        q=Status.CONDITIONS.__getitem__,
        label=pgettext_lazy("question filter", "Status"),
    )
    population = population_filter(
        "municipality__", label=pgettext_lazy("question filter", "Asker's population")
    )
    prefecture = prefecture_filter(
        "municipality__", label=pgettext_lazy("question filter", "Asker's prefecture")
    )
    similar_to = similar_to_filter()
    # The keyword search's matches among every question, not only the newest ones
    # (``search.RECENT_QUESTIONS``).
    older = WiderSearchFilter(label=pgettext_lazy("question filter", "Include older questions"))
    sort = SortFilter(
        sorts={
            Sort.ACTIVE: lambda qs: qs.most_active(),
            Sort.HELPFUL: lambda qs: qs.most_helpful(),
            Sort.NEWEST: lambda qs: qs.newest(),
        },
        choices=Sort.CHOICES,
        default=Sort.NEWEST,
        label=pgettext_lazy("question filter", "Order"),
    )

    facet_order = ["status", "board", "population", "prefecture", "tag"]
    compiled_counts = True  # every count's condition is fixed by its key (boards: the reader's)

    def __init__(self, data=None, queryset=None, *, boards=(), fixed=(), user=None, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.user = user or AnonymousUser()
        # Read when the form is built: a list whose filters are not shown (the site
        # search's overview) reads no boards.
        self.filters["board"].set_choices(
            lambda: [(board.slug, board.local_name) for board in boards]
        )
        for name in fixed:
            self.filters.pop(name, None)

    def search(self, queryset, query, *, limit=None):
        from .search import RECENT_QUESTIONS, search_questions

        return search_questions(
            self.user,
            queryset,
            query,
            limit=limit,
            everything=self.unfiltered,
            recent=None if self.cleaned.get("older") else RECENT_QUESTIONS,
        )
