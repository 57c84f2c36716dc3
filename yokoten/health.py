"""``/healthz``: can this instance serve, and what is broken? JSON for monitors and
load balancers; never cached, never behind a session or a redirect.

    {"status": "ok" | "degraded" | "down",
     "checks": {"database": {"status": "ok", "ms": 0.8}, "migrations": {...},
                "cache": {...}, "tasks": {...}}}

- **200 ok**: every part answers.
- **503 degraded**: the site still serves, but without a part: the cache (Redis) is
  down, so every page renders in full (yokoten/cache.py), or the task queue is not
  being worked, so emails and notifications wait. The body names the part.
- **503 down**: the database does not answer or migrations are pending.

``/healthz/ready`` asks only what serving needs (database, migrations): 200 while
degraded, so a load balancer keeps a degraded instance in rotation rather than
turning a cache outage into a full one.

A small module of our own rather than django-health-check: its current releases
run checks in threads of an async view (a connection per thread under sync
gunicorn workers), answer 500 rather than 503 and know neither a degraded state
nor django-tasks.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.cache import caches
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from . import tasks


@dataclass
class Check:
    status: str = "ok"  # "ok" or "down"
    detail: dict = field(default_factory=dict)


def check_database() -> Check:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return Check()


_migrated = False  # once none are pending, only a new release (a new process) adds any


def check_migrations() -> Check:
    global _migrated
    if _migrated:
        return Check()
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        names = [f"{migration.app_label}.{migration.name}" for migration, _backwards in pending]
        return Check("down", {"pending": names[:20], "count": len(names)})
    _migrated = True
    return Check()


def check_cache() -> Check:
    cache = caches["default"]
    if not hasattr(cache, "probe"):  # a per-process cache (development): nothing to reach
        return Check(detail={"backend": type(cache).__name__})
    cache.probe()
    return Check()


def check_tasks() -> Check:
    """The task queue (yokoten/tasks.py): down when ready tasks wait past their time
    (no worker running) or its table does not answer."""
    queue = tasks.health()
    return Check("ok" if queue.working else "down", queue.as_dict())


@dataclass(frozen=True)
class Part:
    name: str
    check: Callable[[], Check]
    needed_to_serve: bool
    needs_database: bool = True


PARTS = [
    Part("database", check_database, needed_to_serve=True),
    Part("migrations", check_migrations, needed_to_serve=True),
    Part("cache", check_cache, needed_to_serve=False, needs_database=False),
    Part("tasks", check_tasks, needed_to_serve=False),
]


def run(parts) -> tuple[str, dict]:
    results, broken, database_down = {}, [], False
    for part in parts:
        started = time.monotonic()
        if part.needs_database and database_down:  # asking would only wait for the same timeout
            result = Check("down", {"error": "the database does not answer"})
        else:
            try:
                result = part.check()
            except Exception as error:  # any failure is that part being down
                result = Check("down", {"error": _describe(error)})
        results[part.name] = {
            "status": result.status,
            "ms": round((time.monotonic() - started) * 1000, 1),
            **result.detail,
        }
        if result.status != "ok":
            broken.append(part)
            database_down = database_down or part.name == "database"
    if any(part.needed_to_serve for part in broken):
        status = "down"
    else:
        status = "degraded" if broken else "ok"
    return status, results


def _describe(error: Exception) -> str:
    """The kind of failure, without connection strings or passwords."""
    if isinstance(error, DatabaseError):
        return f"{type(error).__name__}: the database does not answer"
    first_line = str(error).splitlines()[0] if str(error) else ""
    return f"{type(error).__name__}: {first_line}"[:200]


def _respond(parts) -> JsonResponse:
    status, results = run(parts)
    return JsonResponse(
        {"status": status, "checks": results},
        status=200 if status == "ok" else 503,
        json_dumps_params={"ensure_ascii": False},
    )


@never_cache
@require_safe
def healthz(request):
    return _respond(PARTS)


@never_cache
@require_safe
def ready(request):
    return _respond([part for part in PARTS if part.needed_to_serve])
