"""An on-site inbox per member, and how each member wants to be emailed.

A notification is one event seen by one recipient. ``event_key`` names the
event ("forum.answer.42"); the pair (recipient, event_key) is unique, so
announcing the same event again never makes a second inbox item, and the
email for an item is claimed (``emailed_at``) before it is sent, so it never
goes out twice.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from . import registry


class Delivery(models.TextChoices):
    INSTANT = "instant", pgettext_lazy("email delivery", "Email me at once")
    DIGEST = "digest", pgettext_lazy("email delivery", "Include in my digest")
    OFF = "off", pgettext_lazy("email delivery", "No email (inbox only)")


class DigestFrequency(models.TextChoices):
    DAILY = "daily", pgettext_lazy("digest frequency", "Daily")
    WEEKLY = "weekly", pgettext_lazy("digest frequency", "Weekly")


DEFAULT_DELIVERY = Delivery.INSTANT
DEFAULT_DIGEST_FREQUENCY = DigestFrequency.WEEKLY


class NotificationQuerySet(models.QuerySet):
    def for_member(self, member):
        return self.filter(recipient=member)

    def unread(self):
        return self.filter(read_at__isnull=True)

    def awaiting_digest(self):
        return self.filter(
            delivery=Delivery.DIGEST, digested_at__isnull=True, emailed_at__isnull=True
        )


# The unread count, as a value of the member's row (community/accounts/backends.py).
UNREAD_COLUMN = "unread_notification_count"


def unread_count_of_member():
    """The unread count of the member ``OuterRef("pk")``, as a column of their row."""
    unread = (
        Notification.objects.filter(recipient=models.OuterRef("pk"), read_at__isnull=True)
        .order_by()
        .values("recipient")
        .annotate(count=models.Count("pk"))
        .values("count")
    )
    return Coalesce(models.Subquery(unread), 0)


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=30)  # a key of registry.kinds()
    event_key = models.CharField(_("event"), max_length=120)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    # What the notification is about; the inbox and digests show it only while
    # the recipient may still see it (see registry.py).
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.CharField(max_length=64)  # integer or UUID keys (a visit request)
    target = GenericForeignKey("target_type", "target_id")
    title = models.CharField(_("title"), max_length=200)
    excerpt = models.CharField(_("excerpt"), max_length=300, blank=True)
    url = models.CharField(_("link"), max_length=300)
    delivery = models.CharField(
        _("email"), max_length=10, choices=Delivery.choices, default=DEFAULT_DELIVERY
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("emailed at"), null=True, blank=True)
    digested_at = models.DateTimeField(_("sent in a digest at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "event_key"], name="one_notification_per_event_and_recipient"
            )
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
        ]

    def __str__(self) -> str:
        return self.message

    @property
    def message(self) -> str:
        actor = self.actor.public_name if self.actor else pgettext_lazy("notification", "Someone")
        return str(registry.kind(self.kind).message_for(self.event_key)) % {
            "actor": actor,
            "title": self.title,
        }

    @property
    def kind_label(self) -> str:
        return registry.kind(self.kind).label

    @property
    def verb(self) -> str:
        """The event's second part: "confirm" for "visits.confirm.12.3"."""
        parts = self.event_key.split(".")
        return parts[1] if len(parts) > 1 else ""

    @property
    def target_key(self) -> tuple[int, str]:
        """What ``registry.visible_target_keys`` returns for a visible target."""
        return (self.target_type_id, str(self.target_id))

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class EmailPreference(models.Model):
    """How one member wants one kind of notification emailed (absent: the kind's default)."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="email_preferences",
        verbose_name=_("member"),
    )
    kind = models.CharField(_("kind"), max_length=30)  # a key of registry.kinds()
    delivery = models.CharField(_("email"), max_length=10, choices=Delivery.choices)

    class Meta:
        verbose_name = _("email preference")
        verbose_name_plural = _("email preferences")
        constraints = [
            models.UniqueConstraint(fields=["member", "kind"], name="one_preference_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.kind}: {self.delivery}"


class DigestSetting(models.Model):
    """How often a member's digest goes out, and when it last did."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="digest_setting",
        verbose_name=_("member"),
    )
    frequency = models.CharField(
        _("digest frequency"),
        max_length=10,
        choices=DigestFrequency.choices,
        default=DEFAULT_DIGEST_FREQUENCY,
    )
    last_sent_at = models.DateTimeField(_("last digest sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("digest setting")
        verbose_name_plural = _("digest settings")

    def __str__(self) -> str:
        return f"{self.member}: {self.frequency}"
