"""The managed lists every part of the site shares: the tools municipalities use
(kintone, LoGoフォーム, LINE …) and the categories of their work (業務効率化,
窓口DX …). Case studies, app templates, curricula and visit offers all point here;
moderators edit the lists in the Wagtail admin."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from yokoten.i18n import local


class TaxonomyTerm(models.Model):
    name = models.CharField(_("name"), max_length=50, unique=True)
    slug = models.SlugField(_("slug"), max_length=50, unique=True, allow_unicode=True)
    name_en = models.CharField(
        _("name in English"), max_length=50, blank=True, help_text=_("Shown on English pages.")
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.local_name

    @property
    def local_name(self) -> str:
        return local(self, "name")


class Tool(TaxonomyTerm):
    """kintone, LoGoフォーム, LINE … (a managed list, edited in the Wagtail admin)."""

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("tool")
        verbose_name_plural = _("tools")


class Category(TaxonomyTerm):
    """業務効率化, 窓口DX … (a managed list, edited in the Wagtail admin)."""

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("category")
        verbose_name_plural = _("categories")
