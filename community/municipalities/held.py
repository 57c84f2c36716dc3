"""What each process holds of the registry of local governments, by the registry's
version: its 1,788 rows change only with ``import_municipalities`` (or a row written
by hand), so a process reads them once per version rather than joining them into
every query that asks about a prefecture or a town's peers."""

import uuid
from collections import defaultdict

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Sum
from django.db.models.functions import Length

from .models import Municipality

REGISTRY_VERSION_KEY = "municipalities:registry-version"


def registry_changed() -> None:
    """A new version: every process reads the registry again, and forgets every
    municipality's peers (their figures changed)."""
    cache.set(REGISTRY_VERSION_KEY, uuid.uuid4().hex, timeout=None)


def registry_version() -> str:
    """The registry's version: set by ``registry_changed``, or, when the cache has
    none (emptied, or never set), read from the registry's own figures, so that an
    emptied cache does not make every process read the registry again."""
    version = cache.get(REGISTRY_VERSION_KEY)
    if version is None:
        figures = Municipality.objects.aggregate(
            rows=Count("pk"), people=Sum("population"), names=Sum(Length("name"))
        )
        version = "-".join(str(figures[name]) for name in ("rows", "people", "names"))
        cache.set(REGISTRY_VERSION_KEY, version, timeout=None)
    return version


def row_written() -> None:
    """A municipality saved or deleted one by one (the admin, a test): a new version
    now, for this process, and again once committed, so that no other process holds
    the registry as it was read before the commit."""
    registry_changed()
    transaction.on_commit(registry_changed)


class _Held:
    def __init__(self, version: str):
        self.version = version
        self.rows = list(Municipality.objects.select_related("prefecture").order_by("code"))
        by_prefecture = defaultdict(list)
        for row in self.rows:
            by_prefecture[row.prefecture.code].append(row.pk)
        self.ids_by_prefecture = dict(by_prefecture)


_held: _Held | None = None


def held() -> _Held:
    """The registry as of its current version (one query when the version changed)."""
    global _held
    version = registry_version()
    if _held is None or _held.version != version:
        _held = _Held(version)
    return _held


def ids_in_prefecture(code: str) -> list[int]:
    """The ids of the prefecture's own row and of every municipality in it."""
    return held().ids_by_prefecture.get(code, [])
