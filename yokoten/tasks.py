"""The background queue: Django's task framework (``django-tasks``) on its database
backend (``django-tasks-db``), worked by ``manage.py db_worker`` processes.

Why the database and not Redis: a task row written in the same transaction as the
data it is about commits or rolls back with it, so a committed change can never
lose its email or its fan-out, and no task ever runs for a change that was rolled
back. The queue needs nothing the site does not already run, is backed up with the
data, and any number of workers on any number of machines share it (each claims a
row with ``SELECT … FOR UPDATE SKIP LOCKED``). Redis stays a cache that may be
emptied at any time.

- ``enqueue_after_commit(task, *args)``: how the site queues work. On the database
  backend the task row joins the current transaction; on any other backend (the
  immediate one the tests use) the task is enqueued once the transaction commits.
- ``retry_later(task, *args, attempt=…)``: enqueue again after an exponential backoff,
  where the backend can defer (the database backend can).
- ``health()``: whether the queue is being worked, how many tasks are overdue and
  how many failed recently, for ``/healthz`` and the admin.

django-tasks retries nothing by itself and never re-runs a task whose worker died:
each task here is written to be safe to run twice (it claims its work by a
conditional UPDATE), and the periodic commands re-enqueue what is due.
"""

import datetime
from dataclasses import asdict, dataclass
from functools import partial

from django.db import DatabaseError, transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import TaskResultStatus, task_backends
from django_tasks_db import DatabaseBackend

# A ready task not started this long after it was due means no worker is running.
OVERDUE_AFTER = datetime.timedelta(minutes=5)
# A task still running after this long lost its worker (killed, machine down).
STUCK_AFTER = datetime.timedelta(minutes=30)
# Failed tasks count against health for this long (an admin reads them in the admin).
FAILED_WITHIN = datetime.timedelta(days=1)
BACKOFF_FIRST = datetime.timedelta(minutes=1)
BACKOFF_MAX = datetime.timedelta(hours=1)


def _database_backend(task) -> bool:
    return isinstance(task.get_backend(), DatabaseBackend)


def enqueue_after_commit(task, *args, **kwargs) -> None:
    """Queue ``task(*args, **kwargs)`` to run once the current transaction commits."""
    if _database_backend(task):
        task.enqueue(*args, **kwargs)  # the row commits (or rolls back) with the caller's data
    else:
        transaction.on_commit(partial(task.enqueue, *args, **kwargs))


def backoff(attempt: int) -> datetime.timedelta:
    """The wait after failed attempt number ``attempt`` (1, 2, …): 1, 2, 4 … minutes, at most an hour."""
    return min(BACKOFF_FIRST * 2 ** max(attempt - 1, 0), BACKOFF_MAX)


def can_defer(task) -> bool:
    return task.get_backend().supports_defer


def retry_later(task, *args, run_after: datetime.datetime, **kwargs) -> bool:
    """Enqueue ``task`` again to run at ``run_after``; False where the backend cannot
    defer (then the periodic command that sweeps due work picks it up)."""
    if not can_defer(task):
        return False
    enqueue_after_commit(task.using(run_after=run_after), *args, **kwargs)
    return True


def pending_arguments(task) -> list[tuple[list, dict]]:
    """(args, kwargs) of every ``task`` queued or running now (database backend only:
    elsewhere nothing waits), so a sweep does not queue the same work twice."""
    if not _database_backend(task):
        return []
    from django_tasks_db.models import DBTaskResult

    rows = DBTaskResult.objects.filter(
        backend_name=task.get_backend().alias,
        task_path=task.module_path,
        status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
    ).values_list("args_kwargs", flat=True)
    return [(row["args"], row["kwargs"]) for row in rows]


@dataclass(frozen=True)
class QueueHealth:
    """``working``: no ready task waits past its time and the queue table answers."""

    working: bool
    backend: str
    ready: int = 0
    overdue: int = 0
    running: int = 0
    stuck: int = 0
    failed: int = 0
    oldest_overdue_age_seconds: int = 0  # since the oldest overdue task was enqueued
    error: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


def health() -> QueueHealth:
    """The default queue at a glance (a few indexed COUNTs; cheap enough for /healthz).

    ``failed`` counts tasks that gave up within the last day (an email that could not
    be delivered for a day is one of them); ``working`` is False when a ready task
    waits more than five minutes past its time (no worker is running, or they are
    all busy) or when the queue cannot be read.
    """
    backend = task_backends["default"]
    name = type(backend).__name__
    if not isinstance(backend, DatabaseBackend):
        return QueueHealth(working=True, backend=name)  # tasks run where they are enqueued
    from django_tasks_db.models import DBTaskResult, get_date_max

    now = timezone.now()
    tasks = DBTaskResult.objects.filter(backend_name=backend.alias)
    try:
        ready = tasks.ready()
        overdue = ready.filter(
            # Not deferred: enqueued too long ago. Deferred: due too long ago.
            Q(run_after=get_date_max(), enqueued_at__lt=now - OVERDUE_AFTER)
            | Q(run_after__lt=now - OVERDUE_AFTER)
        )
        oldest = overdue.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
        counts = {
            "ready": ready.count(),
            "overdue": overdue.count(),
            "running": tasks.running().count(),
            "stuck": tasks.running().filter(started_at__lt=now - STUCK_AFTER).count(),
            "failed": tasks.failed().filter(finished_at__gte=now - FAILED_WITHIN).count(),
        }
    except DatabaseError as error:
        return QueueHealth(working=False, backend=name, error=str(error)[:200])
    return QueueHealth(
        working=counts["overdue"] == 0,
        backend=name,
        oldest_overdue_age_seconds=int((now - oldest).total_seconds()) if oldest else 0,
        **counts,
    )
