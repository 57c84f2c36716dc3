"""横展開: a municipality records that it adopted a case study, an app template or a
curriculum published by another one. One adoption per municipality and item."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from community.municipalities.bands import Band
from community.municipalities.models import Municipality

MAX_METRICS = 5


class AdoptionMetric(BaseModel):
    """One outcome the adopting municipality measured (年間 300 時間削減 …)."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    metric: str = Field(min_length=1, max_length=100)
    before: str = Field("", max_length=100)
    after: str = Field(min_length=1, max_length=100)
    unit: str = Field("", max_length=30)


METRICS = TypeAdapter(list[AdoptionMetric])


class AdoptionQuerySet(models.QuerySet):
    def in_population_band(self, band: Band):
        """Adoptions by municipalities of this band (or free range)."""
        return self.filter(band.q("municipality__"))

    def of_live_pages(self):
        return self.filter(page__live=True)

    def with_municipality(self):
        return self.select_related("municipality__prefecture")


class Adoption(models.Model):
    page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="adoptions",
        verbose_name=_("adopted item"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="adoptions",
        verbose_name=_("municipality"),
    )
    adopted_on = models.DateField(_("adopted on"))
    notes = models.TextField(_("notes"), max_length=2000, blank=True)
    version_number = models.CharField(_("version adopted"), max_length=20, blank=True)
    metrics = models.JSONField(_("outcome metrics"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AdoptionQuerySet.as_manager()

    class Meta:
        ordering = ["adopted_on", "pk"]
        verbose_name = _("adoption record")
        verbose_name_plural = _("adoption records")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "municipality"], name="adoption_once_per_municipality"
            )
        ]
        indexes = [models.Index(fields=["municipality", "adopted_on"], name="adoption_by_town")]

    def __str__(self) -> str:
        return f"{self.municipality_id} → {self.page_id}"

    @property
    def outcome_metrics(self) -> list[AdoptionMetric]:
        return METRICS.validate_python(self.metrics or [])
