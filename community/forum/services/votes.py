from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from ..caching import retire_question
from ..models import Answer, AnswerVote, Question, QuestionVote
from .posting import ForumError


def _vote_model(post):
    if isinstance(post, Question):
        return QuestionVote, {"question": post}
    if isinstance(post, Answer):
        return AnswerVote, {"answer": post}
    raise TypeError(f"Only questions and answers take helpful votes, not {post!r}.")


@transaction.atomic
def toggle_vote(post, *, member, helpful: bool) -> bool:
    """Mark ``post`` helpful for ``member`` (or take the mark back); True if that changed anything.

    The request says which state the member wants (the button they pressed), so
    a double click or two requests at once never undo each other: the unique
    (member, post) constraint admits one vote, and the counter moves with F()
    in the same transaction only when a vote row was really added or removed.
    """
    if post.author_id == member.pk:
        raise ForumError(_("You cannot mark your own post as helpful."))
    vote_model, lookup = _vote_model(post)
    if helpful:
        try:
            with transaction.atomic():
                vote_model.objects.create(member=member, **lookup)
        except IntegrityError:
            return False
        change = F("vote_count") + 1
    else:
        deleted, _deleted = vote_model.objects.filter(member=member, **lookup).delete()
        if not deleted:
            return False
        change = F("vote_count") - 1
    type(post).objects.filter(pk=post.pk).update(vote_count=change)
    # The lists show the count (and sort by it); no facet counts votes.
    retire_question(post.pk if isinstance(post, Question) else post.question_id, counted=False)
    return True
