"""What the search engine stores: one entry per indexed object, and the synonyms.

The full-text index itself lives beside ``SearchEntry`` and is kept in step by
the database, whichever the backend (migration 0002):

- SQLite: the FTS5 table ``search_searchentry_fts`` over ``title_terms`` and
  ``body_terms``, filled by triggers on insert, update and delete;
- PostgreSQL: the generated column ``search_vector`` (title weighted A, body
  B, 'simple' configuration) with a GIN index, and ``title_vector`` (the title
  alone, to tell a match in the title: migration 0009).
"""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from .synonyms import analyse_phrase, split_terms

FTS_TABLE = "search_searchentry_fts"


class SearchEntry(models.Model):
    """One searchable object: its text as shown, and as analysed terms."""

    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+", verbose_name=_("content type")
    )
    object_id = models.PositiveBigIntegerField(_("object ID"))
    content_object = GenericForeignKey("content_type", "object_id")
    title = models.TextField(_("title"), blank=True)
    body = models.TextField(_("body"), blank=True)
    title_terms = models.TextField(_("title terms"), blank=True, editable=False)
    body_terms = models.TextField(_("body terms"), blank=True, editable=False)
    # Anyone may see the object; False: only some readers (a question on a staff-only
    # board). What a search of everything anyone may see matches without reading the
    # objects' own tables (``index.filter_queryset``'s ``whole``); the rows shown are
    # still read through the reader's own queryset.
    public = models.BooleanField(_("public"), default=True, editable=False)
    indexed_at = models.DateTimeField(_("indexed at"), auto_now=True)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="search_entry_unique_object"
            )
        ]
        # The newest entry, and those indexed since a time: what the もしかして
        # vocabulary reads to stay current (suggest.vocabulary).
        indexes = [models.Index(fields=["indexed_at"], name="search_entry_indexed_at")]

    def __str__(self) -> str:
        return self.title


class SynonymGroup(models.Model):
    """Words that mean the same thing to a searcher: スマホ, スマートフォン, 携帯電話."""

    terms = models.TextField(
        _("terms"),
        help_text=_(
            "Words that mean the same thing, one per line or separated by commas. "
            "A search for any of them also finds the others. Changes apply at once."
        ),
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("synonym group")
        verbose_name_plural = _("synonym groups")

    def __str__(self) -> str:
        return Truncator(" = ".join(self.term_list())).chars(80)

    def term_list(self) -> list[str]:
        return split_terms(self.terms)

    def clean(self) -> None:
        entries = self.term_list()
        if len(entries) < 2:
            error = ValidationError(_("A group needs at least two terms."), code="too_few_terms")
            raise ValidationError({"terms": error})
        unsearchable = [entry for entry in entries if not analyse_phrase(entry)]
        if unsearchable:
            message = _("These terms have no searchable words: %(terms)s")
            error = ValidationError(
                message, code="unsearchable", params={"terms": ", ".join(unsearchable)}
            )
            raise ValidationError({"terms": error})


class ZeroResultQuery(models.Model):
    """A query of the site-wide search that found nothing, counted per day, so that
    moderators can add the synonyms it needed. No reader is recorded."""

    query = models.CharField(_("query"), max_length=100)
    day = models.DateField(_("day"))
    count = models.PositiveIntegerField(_("times searched"), default=1)

    class Meta:
        ordering = ["-day", "-count"]
        verbose_name = _("search with no results")
        verbose_name_plural = _("searches with no results")
        constraints = [
            models.UniqueConstraint(fields=["query", "day"], name="search_zero_result_once_a_day")
        ]

    def __str__(self) -> str:
        return self.query
