"""How members engage with posts: helpful votes, follows, flags; and how a
question cites published pages (case studies, templates, curricula)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class QuestionVote(models.Model):
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    question = models.ForeignKey("forum.Question", on_delete=models.CASCADE, related_name="votes")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("helpful vote on a question")
        verbose_name_plural = _("helpful votes on questions")
        constraints = [
            models.UniqueConstraint(fields=["member", "question"], name="one_vote_per_question")
        ]

    def __str__(self) -> str:
        return f"{self.member_id} → Q{self.question_id}"


class AnswerVote(models.Model):
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    answer = models.ForeignKey("forum.Answer", on_delete=models.CASCADE, related_name="votes")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("helpful vote on an answer")
        verbose_name_plural = _("helpful votes on answers")
        constraints = [
            models.UniqueConstraint(fields=["member", "answer"], name="one_vote_per_answer")
        ]

    def __str__(self) -> str:
        return f"{self.member_id} → A{self.answer_id}"


class Follow(models.Model):
    """A member follows exactly one question, board or tag."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_follows"
    )
    question = models.ForeignKey(
        "forum.Question", on_delete=models.CASCADE, null=True, blank=True, related_name="follows"
    )
    board = models.ForeignKey(
        "forum.Board", on_delete=models.CASCADE, null=True, blank=True, related_name="follows"
    )
    tag = models.ForeignKey(
        "forum.ForumTag", on_delete=models.CASCADE, null=True, blank=True, related_name="follows"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(question__isnull=False, board__isnull=True, tag__isnull=True)
                    | Q(question__isnull=True, board__isnull=False, tag__isnull=True)
                    | Q(question__isnull=True, board__isnull=True, tag__isnull=False)
                ),
                name="follow_exactly_one_thing",
            ),
            models.UniqueConstraint(
                fields=["member", "question"],
                condition=Q(question__isnull=False),
                name="follow_question_once",
            ),
            models.UniqueConstraint(
                fields=["member", "board"],
                condition=Q(board__isnull=False),
                name="follow_board_once",
            ),
            models.UniqueConstraint(
                fields=["member", "tag"], condition=Q(tag__isnull=False), name="follow_tag_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} → {self.question or self.board or self.tag}"

    @property
    def target(self):
        return self.question or self.board or self.tag


class FlagReason(models.TextChoices):
    SPAM = "spam", pgettext_lazy("flag reason", "Spam or advertising")
    RUDE = "rude", pgettext_lazy("flag reason", "Rude or abusive")
    PERSONAL = "personal", pgettext_lazy("flag reason", "Personal or confidential information")
    OFF_TOPIC = "off_topic", pgettext_lazy("flag reason", "Off topic")
    OTHER = "other", pgettext_lazy("flag reason", "Something else")


class Flag(models.Model):
    """A member asks moderators to look at a question, answer or comment."""

    class Resolution(models.TextChoices):
        HIDDEN = "hidden", pgettext_lazy("flag resolution", "Post hidden")
        DISMISSED = "dismissed", pgettext_lazy("flag resolution", "Dismissed")

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    question = models.ForeignKey("forum.Question", on_delete=models.CASCADE, related_name="flags")
    reason = models.CharField(_("reason"), max_length=20, choices=FlagReason.choices)
    note = models.TextField(_("details"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("flagged at"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolution = models.CharField(
        _("resolution"), max_length=20, choices=Resolution.choices, blank=True
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("flag")
        verbose_name_plural = _("flags")
        constraints = [
            models.UniqueConstraint(
                fields=["reporter", "target_type", "target_id"],
                condition=Q(resolved_at__isnull=True),
                name="one_open_flag_per_member_and_post",
            )
        ]
        indexes = [models.Index(fields=["target_type", "target_id"], name="forum_flag_target")]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} ({self.target_type_id}:{self.target_id})"


class Citation(models.Model):
    """A question cites a published page: a case study, an app template, a curriculum."""

    question = models.ForeignKey(
        "forum.Question", on_delete=models.CASCADE, related_name="citations"
    )
    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="forum_citations"
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        constraints = [models.UniqueConstraint(fields=["question", "page"], name="cite_page_once")]

    def __str__(self) -> str:
        return f"Q{self.question_id} → {self.page_id}"
