"""What case studies, app templates and curricula share: the managed lists of
tools and categories, and an abstract page tied to a municipality."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.models import Page, PageQuerySet

from community.municipalities.bands import (
    BUDGET_BAND_BY_SLUG,
    POPULATION_BAND_BY_SLUG,
    population_band_for,
)
from community.municipalities.models import Municipality


class Tool(models.Model):
    """kintone, LoGoフォーム, LINE … (a managed list, edited in the Wagtail admin)."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    slug = models.SlugField(_("slug"), max_length=50, unique=True, allow_unicode=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("tool")
        verbose_name_plural = _("tools")

    def __str__(self) -> str:
        return self.name


class Category(models.Model):
    """業務効率化, 窓口DX … (a managed list, edited in the Wagtail admin)."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    slug = models.SlugField(_("slug"), max_length=50, unique=True, allow_unicode=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return self.name


class KnowledgeQuerySet(PageQuerySet):
    """Filters every knowledge list shares, named for the question they answer."""

    def population_between(self, minimum: int | None = None, maximum: int | None = None):
        qs = self
        if minimum is not None:
            qs = qs.filter(municipality__population__gte=minimum)
        if maximum is not None:
            qs = qs.filter(municipality__population__lt=maximum)
        return qs

    def in_population_band(self, slug: str):
        band = POPULATION_BAND_BY_SLUG[slug]
        return self.population_between(band.minimum, band.maximum)

    def in_prefecture(self, code: str):
        return self.filter(municipality__prefecture__code=code)

    def in_region(self, region: str):
        return self.filter(municipality__prefecture__region=region)

    def of_kind(self, kind: str):
        return self.filter(municipality__kind=kind)

    def by_municipality(self, code: str):
        return self.filter(municipality__code=code)

    def using_tool(self, slug: str):
        return self.filter(tools__slug=slug)

    def in_category(self, slug: str):
        return self.filter(categories__slug=slug)

    def tagged(self, tag: str):
        return self.filter(tags__name=tag)


class KnowledgePage(Page):
    """Abstract: a page published by (verified staff of) one municipality."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    population_at_publication = models.PositiveIntegerField(
        _("population when published"), null=True, blank=True, editable=False
    )
    summary = models.TextField(_("summary"), max_length=400)
    department = models.CharField(_("department"), max_length=100, blank=True)
    tools = ParentalManyToManyField(Tool, blank=True, related_name="+", verbose_name=_("tools"))
    categories = ParentalManyToManyField(
        Category, blank=True, related_name="+", verbose_name=_("categories")
    )
    adoption_count = models.PositiveIntegerField(
        _("adoptions"), default=0, editable=False, db_index=True
    )
    authors = ParentalManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("authors")
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.live and self.population_at_publication is None and self.municipality_id:
            self.population_at_publication = self.municipality.population
        super().save(*args, **kwargs)

    @property
    def population_band_at_publication(self):
        return population_band_for(self.population_at_publication)


def budget_band_filter(slug: str) -> models.Q:
    band = BUDGET_BAND_BY_SLUG[slug]
    q = models.Q(budget_yen__gte=band.minimum)
    if band.maximum is not None:
        q &= models.Q(budget_yen__lt=band.maximum)
    return q
