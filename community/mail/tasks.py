"""The outbox's tasks (run by ``manage.py db_worker``)."""

from django_tasks import task

from . import services

# Emails go before re-indexing and digests: someone may be waiting for a code.
EMAIL_PRIORITY = 10


@task(priority=EMAIL_PRIORITY)
def deliver_email(email_id: int) -> str:
    return services.deliver(email_id)


@task()
def sweep_outbox() -> dict[str, int]:
    return services.sweep()
