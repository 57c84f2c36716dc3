"""System checks for production (``YOKOTEN_PRODUCTION``, set by
``yokoten.settings.production``): the settings refuse to start with SQLite or
without Redis, and these checks catch a profile built on top of them that
swaps either back in. They run with ``check``, ``migrate`` and ``check --deploy``."""

from django.conf import settings
from django.core import checks

PER_PROCESS_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
    "django.core.cache.backends.filebased.FileBasedCache",
)


@checks.register(checks.Tags.caches)
def shared_cache_in_production(app_configs=None, **kwargs):
    if not settings.YOKOTEN_PRODUCTION:
        return []
    return [
        checks.Error(
            f"The {alias!r} cache is per process ({config['BACKEND']}).",
            hint="In production every worker must share one cache: set REDIS_URL. "
            "A per-process cache keeps a logged-out or deactivated member signed in "
            "in the other workers and lets rate limits be dodged.",
            id="yokoten.E001",
        )
        for alias, config in settings.CACHES.items()
        if config["BACKEND"] in PER_PROCESS_CACHES
    ]


@checks.register(checks.Tags.database)
def postgresql_in_production(app_configs=None, **kwargs):
    if not settings.YOKOTEN_PRODUCTION:
        return []
    return [
        checks.Error(
            f"The {alias!r} database is SQLite.",
            hint="Production runs on PostgreSQL: set DATABASE_URL=postgresql://…",
            id="yokoten.E002",
        )
        for alias, config in settings.DATABASES.items()
        if config["ENGINE"] == "django.db.backends.sqlite3"
    ]
