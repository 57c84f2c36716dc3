"""The Q&A forum: boards, questions and their tags, answers, comments, edit
history, helpful votes, follows, flags and citations of published pages."""

from .board import Board
from .engagement import AnswerVote, Citation, Flag, FlagReason, Follow, QuestionVote
from .posts import Answer, Comment, Post, Revision
from .question import ForumTag, Question, TaggedQuestion

__all__ = [
    "Answer",
    "AnswerVote",
    "Board",
    "Citation",
    "Comment",
    "Flag",
    "FlagReason",
    "Follow",
    "ForumTag",
    "Post",
    "Question",
    "QuestionVote",
    "Revision",
    "TaggedQuestion",
]
