"""Visit reports (視察報告): what the visitor saw and will try, published."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from community.municipalities.models import Municipality

from ..states import Side
from .offers import OfferTopic
from .requests import VisitRequest


class VisitReportQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def for_listing(self):
        return self.select_related(
            "author__staff_municipality",
            "host_municipality__prefecture",
            "visitor_municipality__prefecture",
            "request__offer",
        )

    def about_page(self, page):
        """Reports of visits to see ``page``: the one the reporter chose, or one the
        host's offer shows."""
        return self.filter(
            models.Q(saw_page=page)
            | models.Q(request__offer__in=OfferTopic.objects.filter(page=page).values("offer_id"))
        )

    def by_visitors_from(self, municipality):
        return self.filter(visitor_municipality=municipality)


class VisitReport(models.Model):
    request = models.ForeignKey(VisitRequest, on_delete=models.CASCADE, related_name="reports")
    side = models.CharField(_("written by"), max_length=20, choices=Side.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    host_municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("host")
    )
    visitor_municipality = models.ForeignKey(
        Municipality,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("visiting municipality"),
    )
    # The case study, template or curriculum the visitors saw (any Wagtail page for now).
    saw_page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("what we saw"),
    )
    title = models.CharField(_("title"), max_length=120)
    what_we_saw = models.TextField(_("what we saw"), max_length=6000)
    what_we_will_try = models.TextField(_("what we will try"), max_length=6000, blank=True)
    # The visitors adopted what they saw: recorded as an adoption (横展開) too.
    adopt = models.BooleanField(_("we will adopt what we saw"), default=False)
    is_published = models.BooleanField(default=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = VisitReportQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("visit report")
        verbose_name_plural = _("visit reports")
        constraints = [
            models.UniqueConstraint(fields=["request", "side"], name="visits_one_report_per_side")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("visits:report_detail", kwargs={"pk": self.pk})
