from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Receipt(models.Model):
    """What one submission of a form created (see the package's docstring)."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token = models.UUIDField()
    fingerprint = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True)
    target_id = models.CharField(max_length=64, blank=True)  # integer or UUID keys
    target = GenericForeignKey("target_type", "target_id")

    class Meta:
        verbose_name = _("form submission")
        verbose_name_plural = _("form submissions")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "token", "fingerprint"], name="one_receipt_per_submission"
            )
        ]

    def __str__(self) -> str:
        return f"{self.token} → {self.target_type_id}:{self.target_id}"
