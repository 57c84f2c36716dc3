"""State changes in the forum. Every function runs in a transaction, records
who acted in the audit log (votes and follows excepted: they are personal
choices, not decisions anyone answers for) and returns what changed."""

from .following import follow, is_following, unfollow
from .moderation import (
    dismiss_flags,
    flag_post,
    hide_post,
    lock_question,
    merge_question,
    merge_tags,
    move_question,
    restore_post,
    save_board,
    unlock_question,
)
from .posting import (
    ForumError,
    accept_answer,
    ask_question,
    edit_answer,
    edit_question,
    post_answer,
    post_comment,
    unaccept_answer,
)
from .votes import toggle_vote

__all__ = [
    "ForumError",
    "accept_answer",
    "ask_question",
    "dismiss_flags",
    "edit_answer",
    "edit_question",
    "flag_post",
    "follow",
    "hide_post",
    "is_following",
    "lock_question",
    "merge_question",
    "merge_tags",
    "move_question",
    "post_answer",
    "post_comment",
    "restore_post",
    "save_board",
    "toggle_vote",
    "unaccept_answer",
    "unfollow",
    "unlock_question",
]
