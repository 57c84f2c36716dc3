"""Counting downloads of a template version: one UPDATE with F(), so simultaneous
downloads all count; the counter row is created once, race-free."""

from django.db import transaction
from django.db.models import F

from .models import DownloadCounter


@transaction.atomic
def count_download(version_id: int) -> None:
    if DownloadCounter.objects.filter(version_id=version_id).update(count=F("count") + 1):
        return
    DownloadCounter.objects.bulk_create(
        [DownloadCounter(version_id=version_id, count=0)], ignore_conflicts=True
    )
    DownloadCounter.objects.filter(version_id=version_id).update(count=F("count") + 1)
