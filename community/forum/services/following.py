from django.db import transaction

from ..models import Board, Follow, ForumTag, Question


def _field(target) -> dict:
    if isinstance(target, Question):
        return {"question": target}
    if isinstance(target, Board):
        return {"board": target}
    if isinstance(target, ForumTag):
        return {"tag": target}
    raise TypeError(f"Members follow questions, boards and tags, not {target!r}.")


@transaction.atomic
def follow(member, target) -> bool:
    """``member`` follows a question, board or tag; False if they already did."""
    _follow, created = Follow.objects.get_or_create(member=member, **_field(target))
    return created


@transaction.atomic
def unfollow(member, target) -> bool:
    deleted, _ = Follow.objects.filter(member=member, **_field(target)).delete()
    return bool(deleted)


def is_following(member, target) -> bool:
    if not getattr(member, "is_authenticated", False):
        return False
    return Follow.objects.filter(member=member, **_field(target)).exists()
