"""Every content type in one query, the first time a process needs one.

Content types are rows the migrations write; nothing changes them while the site
runs, and Django keeps each one it read in the process (``ContentTypeManager``'s
cache). It reads them one lookup at a time, though: a process's first pages paid a
query for each type they met (the home page two, a case study, a question). Here
the cache of a database that has none yet is filled with all of them at once (about
a hundred short rows); a type missing from it (created since) is still looked up
alone, as Django does, and ``clear_cache()`` (the migrations) starts over.
"""

from django.contrib.contenttypes.models import ContentType


class _AllAtOnce(dict):
    """``ContentTypeManager._cache``: database alias -> {id or (app, model): type}."""

    def __missing__(self, using: str) -> dict:
        types = {}
        for content_type in ContentType.objects.db_manager(using).all():
            types[content_type.id] = types[(content_type.app_label, content_type.model)] = (
                content_type
            )
        self[using] = types
        return types


def read_all_at_once() -> None:
    """Called from YokotenConfig.ready()."""
    manager = ContentType.objects
    if not isinstance(manager._cache, _AllAtOnce):
        manager._cache = _AllAtOnce(manager._cache)
