"""Delivering the outbox: one attempt per task, retried with backoff, never twice.

``deliver(email_id)`` claims the row (waiting and due → sending, by a conditional
UPDATE: of two workers holding the same task, one sends and the other does nothing),
hands it to ``EMAIL_DELIVERY_BACKEND`` and records the outcome. A failure puts the
row back with a later ``next_attempt_at`` and queues the next attempt for then;
after ``YOKOTEN_EMAIL_MAX_ATTEMPTS`` attempts (about a day) the row is failed and
waits for an administrator (admin: Outgoing email → "Send again").

``sweep()`` runs every few minutes (``manage.py sweep_outbox``, see the README): it
re-queues waiting rows whose task was lost, marks rows whose worker died mid-send as
failed (they may have gone out: an admin decides), and forgets sent rows after two
weeks.
"""

import logging

from django.conf import settings
from django.core.mail import get_connection
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from yokoten.tasks import backoff, enqueue_after_commit, pending_arguments, retry_later

from .backend import from_data
from .models import KEEP_SENT, OutgoingEmail, Status

logger = logging.getLogger(__name__)


class DeliveryFailed(Exception):
    """The mail server refused or could not be reached for the last allowed attempt."""


def deliver(email_id: int) -> str:
    """One attempt at sending one queued email: "sent", "retry", or "skipped" (someone
    else has it, or it is not due); raises ``DeliveryFailed`` on the last attempt."""
    from .tasks import deliver_email

    now = timezone.now()
    claimed = (
        OutgoingEmail.objects.filter(pk=email_id)
        .due(now)
        .update(status=Status.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    )
    if not claimed:
        return "skipped"
    email = OutgoingEmail.objects.get(pk=email_id)
    mine = OutgoingEmail.objects.filter(pk=email_id, status=Status.SENDING, claimed_at=now)
    try:
        with get_connection(settings.EMAIL_DELIVERY_BACKEND, fail_silently=False) as connection:
            connection.send_messages([from_data(email.message)])
    except Exception as error:
        reason = f"{type(error).__name__}: {error}"[:2000]
        if email.attempts >= settings.YOKOTEN_EMAIL_MAX_ATTEMPTS:
            mine.update(status=Status.FAILED, last_error=reason, claimed_at=None)
            logger.error(
                "Email %s not delivered after %s attempts: %s", email_id, email.attempts, reason
            )
            raise DeliveryFailed(reason) from error
        retry_at = now + backoff(email.attempts)
        mine.update(
            status=Status.WAITING, next_attempt_at=retry_at, last_error=reason, claimed_at=None
        )
        retry_later(deliver_email, email_id, run_after=retry_at)
        logger.warning(
            "Email %s not delivered (attempt %s), again at %s: %s",
            email_id,
            email.attempts,
            retry_at,
            reason,
        )
        return "retry"
    mine.update(status=Status.SENT, sent_at=timezone.now(), last_error="", claimed_at=None)
    return "sent"


def send_again(emails) -> int:
    """An administrator sends failed emails again (from their first attempt)."""
    from .tasks import deliver_email

    ids = list(emails.filter(status=Status.FAILED).values_list("pk", flat=True))
    OutgoingEmail.objects.filter(pk__in=ids, status=Status.FAILED).update(
        status=Status.WAITING, attempts=0, next_attempt_at=timezone.now(), last_error=""
    )
    for pk in ids:
        enqueue_after_commit(deliver_email, pk)
    return len(ids)


def sweep(now=None) -> dict[str, int]:
    """Re-queue lost deliveries, give up on interrupted sends, forget old sent mail."""
    from .tasks import deliver_email

    now = now or timezone.now()
    interrupted = OutgoingEmail.objects.interrupted(now).update(
        status=Status.FAILED,
        claimed_at=None,
        last_error=_(
            "Interrupted while sending (the worker stopped): it may or may not have gone out. "
            "Check with the recipient before sending it again."
        ),
    )
    queued = {args[0] for args, _kwargs in pending_arguments(deliver_email)}
    late = [
        pk
        for pk in OutgoingEmail.objects.late(now).values_list("pk", flat=True)
        if pk not in queued
    ]
    for pk in late:
        enqueue_after_commit(deliver_email, pk)
    forgotten, _counts = OutgoingEmail.objects.filter(
        status=Status.SENT, sent_at__lt=now - KEEP_SENT
    ).delete()
    return {"requeued": len(late), "interrupted": interrupted, "forgotten": forgotten}


def outbox_health() -> dict[str, int]:
    """Emails waiting (due or not), waiting past their time, and failed."""
    return {
        "waiting": OutgoingEmail.objects.filter(status=Status.WAITING).count(),
        "late": OutgoingEmail.objects.late().count(),
        "failed": OutgoingEmail.objects.filter(status=Status.FAILED).count(),
    }
