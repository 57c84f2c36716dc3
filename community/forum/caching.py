"""The forum's cache tags (yokoten/cache_policy.py).

- ``question:<id>``: the question page (its answers, comments, votes, followers).
- ``list:forum``: the forum list, boards, tags, feeds and search, which show each
  question's title, counts, tags and last activity.
- ``facets:forum``: the lists' counts per status, board, tag and asker: every change
  the lists show retires it too, except what none of those counts counts: a vote, a
  comment, an edited answer, an answer to a question that had one already (at one
  vote or answer a second the forum's lists no longer recount 20,000 questions a
  second).
- ``follows:<member id>``: what one member follows.

Each service retires what it changed (``retire_question``), on commit; a vote on
one question leaves every other question page and every case study cached.
"""

from yokoten.cache_policy import retire

FORUM_LIST = "list:forum"
FORUM_FACETS = "facets:forum"


def question_tag(question_id) -> str:
    return f"question:{question_id}"


def retire_question(question_id, *, listed: bool = True, counted: bool = True) -> None:
    """The question's page, and the forum lists (``listed``: they show what changed)
    with their facet counts (``counted``: False for what no count counts, a vote)."""
    lists = (FORUM_LIST, *((FORUM_FACETS,) if counted else ())) if listed else ()
    retire(question_tag(question_id), *lists)


def retire_forum_lists() -> None:
    retire(FORUM_LIST, FORUM_FACETS)


def follows_tag(member_id) -> str:
    """What a member follows (their dashboard counts the answers to it)."""
    return f"follows:{member_id}"
