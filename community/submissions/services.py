import hashlib
import json
from collections.abc import Callable
from typing import TypeVar

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction

from .models import Receipt

T = TypeVar("T")


def fingerprint(data: dict) -> str:
    """A stable digest of what was submitted (the token itself left out)."""
    content = {key: value for key, value in data.items() if key != "submission"}
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, default=_plain)
    return hashlib.sha256(text.encode()).hexdigest()


def _plain(value):
    if hasattr(value, "pk"):
        return f"{type(value).__name__}:{value.pk}"
    if isinstance(value, set | frozenset):
        return sorted(map(str, value))
    if hasattr(value, "__iter__") and not isinstance(value, str | bytes):
        return [_plain(item) if not isinstance(item, str | int) else item for item in value]
    return str(value)


def once(request, form, create: Callable[[], T]) -> tuple[T, bool]:
    """``create()``'s result and True, or — for a repeat of a submission already made
    by this member with this token and this content — the first result and False."""
    token = form.cleaned_data.get("submission")
    member = request.user
    if token is None or not getattr(member, "is_authenticated", False):
        return create(), True
    digest = fingerprint(form.cleaned_data)
    earlier = _earlier(member, token, digest)
    if earlier is not None:
        return earlier, False
    # What an earlier submission made is gone (deleted since): make it again.
    Receipt.objects.filter(member=member, token=token, fingerprint=digest).delete()
    try:
        with transaction.atomic():
            # The unique key is taken first: a concurrent repeat waits here until this
            # transaction ends, then finds the receipt below.
            receipt = Receipt.objects.create(member=member, token=token, fingerprint=digest)
            created = create()
            receipt.target_type = ContentType.objects.get_for_model(created)
            receipt.target_id = str(created.pk)
            receipt.save(update_fields=["target_type", "target_id"])
    except IntegrityError:
        earlier = _earlier(member, token, digest)
        if earlier is None:
            raise
        return earlier, False
    return created, True


def _earlier(member, token, digest):
    receipt = (
        Receipt.objects.filter(member=member, token=token, fingerprint=digest)
        .select_related("target_type")
        .first()
    )
    if receipt is None or not receipt.target_id:
        return None
    return receipt.target  # None if it was deleted since: then it is made again
