"""The notifications' tasks (run by ``manage.py db_worker``)."""

from django_tasks import task

from . import services


@task()
def announce(name: str, args: list, attempt: int = 1) -> str:
    """Fan one event out to its recipients: inbox items in bulk, emails into the outbox."""
    return services.run_announcer(name, args, attempt)


@task()
def send_digests(period: str) -> int:
    return services.send_digests(period)
