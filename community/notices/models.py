"""Official notices (通知・事務連絡) of 総務省, デジタル庁 and other ministries: one shared
record per notice, which answers (and later other content) cite. Each citation
remembers when its author last confirmed the notice still holds."""

import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

JST = datetime.timezone(datetime.timedelta(hours=9), "JST")


def fiscal_year_of(moment=None) -> int:
    """The 年度 (April–March, Japan time) of ``moment``: 2026 for 2027-03-31."""
    moment = moment or timezone.now()
    day = moment.astimezone(JST).date() if isinstance(moment, datetime.datetime) else moment
    return day.year if day.month >= 4 else day.year - 1


def fiscal_year_start(year: int) -> datetime.datetime:
    return datetime.datetime(year, 4, 1, tzinfo=JST)


def normalise_url(url: str) -> str:
    """One spelling per address: no surrounding spaces, no fragment, no trailing slash."""
    url = url.strip().split("#", 1)[0]
    return url.rstrip("/") if url.count("/") > 3 else url


class NoticeQuerySet(models.QuerySet):
    def current(self):
        return self.filter(superseded_at__isnull=True)

    def for_listing(self):
        return self.select_related("superseded_by")


class Notice(models.Model):
    title = models.CharField(_("title"), max_length=200)
    issuer = models.CharField(
        _("issued by"), max_length=100, help_text=_("e.g. 総務省自治行政局, デジタル庁")
    )
    number = models.CharField(
        _("number"), max_length=100, blank=True, help_text=_("e.g. 総行情第123号; empty if none")
    )
    issued_on = models.DateField(_("date of issue"))
    url = models.URLField(_("address"), max_length=500, unique=True)
    applies_from = models.PositiveSmallIntegerField(
        _("applies from fiscal year"), null=True, blank=True, help_text=_("e.g. 2024 for 令和6年度")
    )
    applies_until = models.PositiveSmallIntegerField(
        _("applies until fiscal year"), null=True, blank=True, help_text=_("Empty if open-ended.")
    )
    superseded_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supersedes",
        verbose_name=_("superseded by"),
    )
    superseded_at = models.DateTimeField(_("superseded at"), null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name = _("official notice")
        verbose_name_plural = _("official notices")

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.url = normalise_url(self.url)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("notices:detail", kwargs={"pk": self.pk})

    @property
    def is_superseded(self) -> bool:
        return self.superseded_at is not None


class NoticeCitation(models.Model):
    """One item (an answer …) citing one notice; its author confirms each 年度 that the
    notice still holds for what they wrote."""

    notice = models.ForeignKey(
        Notice, on_delete=models.PROTECT, related_name="citations", verbose_name=_("notice")
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notice_citations",
        verbose_name=_("author"),
    )
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(_("last confirmed"), default=timezone.now)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("citation of a notice")
        verbose_name_plural = _("citations of notices")
        constraints = [
            models.UniqueConstraint(
                fields=["notice", "content_type", "object_id"], name="one_citation_per_item"
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="notices_cited_by")]

    def __str__(self) -> str:
        return f"{self.content_type_id}:{self.object_id} → {self.notice_id}"

    @property
    def confirmed_fiscal_year(self) -> int:
        return fiscal_year_of(self.confirmed_at)
