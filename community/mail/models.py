"""The outbox: every email the site sends waits here until the mail server takes it.

``EMAIL_BACKEND`` is ``community.mail.backend.OutboxBackend``, so ``send_mail`` (ours,
allauth's, Wagtail's) only writes a row, in the caller's transaction. A task on the
queue hands the row to the real backend (``EMAIL_DELIVERY_BACKEND``, SMTP in
production) after claiming it by a conditional UPDATE, so one row is sent at most
once however many workers race for it; a refused or unreachable mail server puts
the row back with a later ``next_attempt_at`` (1, 2, 4 … minutes, then hourly) until
the server answers. After a day of failures the row is *failed*: an admin sees it in
the admin's outgoing-email list and may send it again.
"""

import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Status(models.TextChoices):
    WAITING = "waiting", pgettext_lazy("email status", "Waiting to be sent")
    SENDING = "sending", pgettext_lazy("email status", "Being sent")
    SENT = "sent", pgettext_lazy("email status", "Sent")
    FAILED = "failed", pgettext_lazy("email status", "Failed (needs an administrator)")


# A row still "sending" this long after it was claimed lost its worker mid-send: it may
# or may not have gone out, so it is never sent again by itself (an admin decides).
INTERRUPTED_AFTER = datetime.timedelta(minutes=15)
# A waiting row whose time came this long ago has lost its task (a worker died, or a
# web process died between its commit and the enqueue): the periodic sweep re-queues it.
LATE_AFTER = datetime.timedelta(minutes=2)
# Sent emails (addresses, bodies: personal data) are kept this long for support.
KEEP_SENT = datetime.timedelta(days=14)


class OutgoingEmailQuerySet(models.QuerySet):
    def due(self, now=None):
        """Waiting rows whose next attempt is due."""
        return self.filter(status=Status.WAITING, next_attempt_at__lte=now or timezone.now())

    def late(self, now=None):
        """Waiting rows that should have been tried a while ago (their task was lost)."""
        return self.due((now or timezone.now()) - LATE_AFTER)

    def interrupted(self, now=None):
        return self.filter(
            status=Status.SENDING, claimed_at__lt=(now or timezone.now()) - INTERRUPTED_AFTER
        )


class OutgoingEmail(models.Model):
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.WAITING
    )
    # For the admin list; the message below is what is sent.
    recipients = models.CharField(_("to"), max_length=500)
    subject = models.CharField(_("subject"), max_length=300)
    # The whole message (see backend.py: to_data / from_data).
    message = models.JSONField(_("message"))
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    objects = OutgoingEmailQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing email")
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="mail_status_due"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {self.recipients}"
