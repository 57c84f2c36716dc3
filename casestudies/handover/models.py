"""One handover on 人事異動: who passed which pages of a municipality to whom. It
keeps the credit right after the move (the predecessor stays the pages' author, the
successor is their current contact) and is what the handover notice is about."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from community.municipalities.models import Municipality


class HandoverQuerySet(models.QuerySet):
    def involving(self, member):
        """Handovers ``member`` gave or received."""
        return self.filter(models.Q(predecessor=member) | models.Q(successor=member))


class Handover(models.Model):
    class How(models.TextChoices):
        TAKEN_OVER = "taken_over", _("taken over by the successor")
        HANDED_OVER = "handed_over", _("handed over by the predecessor")
        REASSIGNED = "reassigned", _("reassigned by a moderator")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    predecessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("predecessor"),
    )
    successor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("successor"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("who"),
    )
    how = models.CharField(_("how"), max_length=20, choices=How.choices)
    pages = models.ManyToManyField(
        "wagtailcore.Page", related_name="handovers", blank=True, verbose_name=_("pages")
    )
    titles = models.JSONField(_("what moved"), default=list, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    objects = HandoverQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("handover")
        verbose_name_plural = _("handovers")

    def __str__(self) -> str:
        return f"{self.municipality_id}: {self.predecessor_id} → {self.successor_id}"
