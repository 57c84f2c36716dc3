from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ..markdown import render_markdown

BODY_MAX_CHARS = 20_000
COMMENT_MAX_CHARS = 600


class PostQuerySet(models.QuerySet):
    def not_hidden(self):
        return self.filter(hidden_at__isnull=True)

    def with_authors(self):
        return self.select_related("author__staff_municipality")


class Post(models.Model):
    """What questions, answers and comments share: an author, a Markdown body
    (rendered and sanitised once, on save), edits and soft hiding."""

    # "question", "answer" or "comment": names the kind in URLs and the audit log.
    kind: str = ""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("author"),
    )
    body = models.TextField(_("body"), max_length=BODY_MAX_CHARS)
    body_html = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(_("posted at"), default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hidden by"),
    )
    hidden_reason = models.TextField(_("reason for hiding"), blank=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        abstract = True

    def set_body(self, body: str) -> None:
        self.body = body
        self.body_html = render_markdown(body)

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def thread(self):
        """The question this post belongs to."""
        raise NotImplementedError

    @property
    def anchor(self) -> str:
        return f"{self.kind}-{self.pk}"

    @property
    def kind_label(self) -> str:
        return self._meta.verbose_name


class Answer(Post):
    kind = "answer"

    question = models.ForeignKey(
        "forum.Question",
        on_delete=models.CASCADE,
        related_name="answers",
        verbose_name=_("question"),
    )
    vote_count = models.PositiveIntegerField(_("helpful votes"), default=0)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self) -> str:
        return pgettext_lazy("forum", "Answer #%(id)s") % {"id": self.pk}

    def get_absolute_url(self) -> str:
        return f"{self.question.get_absolute_url()}#{self.anchor}"

    @property
    def thread(self):
        return self.question


class Comment(Post):
    """A short remark on a question (``answer`` empty) or on one of its answers."""

    kind = "comment"

    question = models.ForeignKey(
        "forum.Question",
        on_delete=models.CASCADE,
        related_name="comments",
        verbose_name=_("question"),
    )
    answer = models.ForeignKey(
        Answer,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name=_("answer"),
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return pgettext_lazy("forum", "Comment #%(id)s") % {"id": self.pk}

    def get_absolute_url(self) -> str:
        return f"{self.question.get_absolute_url()}#{self.anchor}"

    @property
    def thread(self):
        return self.question


class Revision(models.Model):
    """One saved version of a question or an answer, kept so readers see what changed."""

    question = models.ForeignKey(
        "forum.Question",
        on_delete=models.CASCADE,
        related_name="revisions",
        verbose_name=_("question"),
    )
    answer = models.ForeignKey(
        Answer,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="revisions",
        verbose_name=_("answer"),
    )
    number = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=150, blank=True)
    body = models.TextField(_("body"))
    tags = models.CharField(_("tags"), max_length=300, blank=True)
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("edited by"),
    )
    created_at = models.DateTimeField(_("saved at"), default=timezone.now)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        indexes = [
            models.Index(fields=["question", "answer", "number"], name="forum_revision_post")
        ]

    def __str__(self) -> str:
        return f"{self.question_id}/{self.answer_id or '-'} v{self.number}"

    @property
    def body_html(self) -> str:
        return render_markdown(self.body)
