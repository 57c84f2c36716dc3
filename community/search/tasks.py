"""The search index's tasks (run by ``manage.py db_worker``)."""

from django.apps import apps
from django_tasks import task


@task()
def sync_many(model_label: str, object_ids: list[int]) -> None:
    """``registry.sync_many`` in the background: a view restriction added above, or
    removed from, a thousand pages re-indexes them without holding the editor's request
    (each page's text read and analysed again)."""
    from . import registry

    registry.sync_many(apps.get_model(model_label), object_ids)
