from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yokoten.i18n import local


class Board(models.Model):
    """A place for questions on one theme (kintone・ノーコード, 予算・調達 …).

    A staff-only board is for verified staff (and moderators) alone: to
    everyone else its questions do not exist.
    """

    name = models.CharField(_("name"), max_length=50, unique=True)
    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    name_en = models.CharField(
        _("name in English"), max_length=50, blank=True, help_text=_("Shown on English pages.")
    )
    description_en = models.CharField(_("description in English"), max_length=300, blank=True)
    staff_only = models.BooleanField(
        _("verified staff only"),
        default=False,
        help_text=_("Only verified municipal staff and moderators can see and post here."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("board")
        verbose_name_plural = _("boards")

    def __str__(self) -> str:
        return self.local_name

    def get_absolute_url(self) -> str:
        return reverse("forum:board_detail", kwargs={"slug": self.slug})

    @property
    def local_name(self) -> str:
        return local(self, "name")

    @property
    def local_description(self) -> str:
        return local(self, "description")
