"""Who did what to whom, when and why: every moderation and verification
decision is recorded here and never edited."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_entries",
        verbose_name=_("who"),
        help_text=_("Empty when the system acted (for example an automatic verification)."),
    )
    action = models.CharField(_("what"), max_length=64, db_index=True)
    target_type = models.ForeignKey(ContentType, on_delete=models.SET_NULL, null=True, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    target_repr = models.CharField(_("target"), max_length=200, blank=True)
    reason = models.TextField(_("why"), blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.target_repr}"


def audit_entry(action: str, *, actor=None, target=None, reason: str = "", **data) -> AuditEntry:
    """The entry ``record`` appends, unsaved (bulk loaders save many at once)."""
    entry = AuditEntry(
        action=action, actor=actor if getattr(actor, "pk", None) else None, reason=reason, data=data
    )
    if target is not None:
        entry.target_type = ContentType.objects.get_for_model(target)
        entry.target_id = str(target.pk)
        entry.target_repr = str(target)[:200]
    return entry


def record(action: str, *, actor=None, target=None, reason: str = "", **data) -> AuditEntry:
    """Append one entry. ``actor`` None means the system acted."""
    entry = audit_entry(action, actor=actor, target=target, reason=reason, **data)
    entry.save()
    return entry
