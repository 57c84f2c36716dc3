from django.db import transaction

from yokoten.cache_policy import retire

from ..caching import follows_tag, retire_forum_lists, retire_question
from ..models import Board, Follow, ForumTag, Question


def _field(target) -> dict:
    if isinstance(target, Question):
        return {"question": target}
    if isinstance(target, Board):
        return {"board": target}
    if isinstance(target, ForumTag):
        return {"tag": target}
    raise TypeError(f"Members follow questions, boards and tags, not {target!r}.")


def _retire(member, target) -> None:
    """Follower counts: on the question page, or on the board's and tag's lists; and
    what the member follows."""
    retire(follows_tag(member.pk))
    if isinstance(target, Question):
        retire_question(target.pk, listed=False)
    else:
        retire_forum_lists()


@transaction.atomic
def follow(member, target) -> bool:
    """``member`` follows a question, board or tag; False if they already did."""
    _follow, created = Follow.objects.get_or_create(member=member, **_field(target))
    if created:
        _retire(member, target)
    return created


@transaction.atomic
def unfollow(member, target) -> bool:
    deleted, _ = Follow.objects.filter(member=member, **_field(target)).delete()
    if deleted:
        _retire(member, target)
    return bool(deleted)


def is_following(member, target) -> bool:
    if not getattr(member, "is_authenticated", False):
        return False
    return Follow.objects.filter(member=member, **_field(target)).exists()
