import unicodedata

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TagBase, TaggedItemBase

from community.municipalities.bands import POPULATION, Band

from .posts import Post, PostQuerySet


class ForumTag(TagBase):
    """A forum topic (kintone, LoGoフォーム, RPA …); separate from members' expertise tags
    so that merging forum tags touches nothing else."""

    class Meta:
        ordering = ["name"]
        verbose_name = _("forum tag")
        verbose_name_plural = _("forum tags")

    def get_absolute_url(self) -> str:
        return reverse("forum:tag_detail", kwargs={"tag": self.slug})

    def slugify(self, tag, i=None):
        # A name of punctuation alone ("！？") would slugify to nothing; its page needs a URL.
        slug = super().slugify(tag) or "tag"
        return slug if i is None else f"{slug}_{i}"

    @staticmethod
    def normalise(name: str) -> str:
        """NFKC (ｋｉｎｔｏｎｅ → kintone), single spaces, no leading #."""
        return " ".join(unicodedata.normalize("NFKC", name).split()).lstrip("#＃").strip()


class TaggedQuestion(TaggedItemBase):
    content_object = models.ForeignKey(
        "forum.Question", on_delete=models.CASCADE, related_name="tagged_items"
    )
    tag = models.ForeignKey(ForumTag, on_delete=models.CASCADE, related_name="tagged_questions")

    class Meta:
        verbose_name = _("tagged question")
        verbose_name_plural = _("tagged questions")
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="forum_tag_once")
        ]


class QuestionQuerySet(PostQuerySet):
    def for_list(self):
        """With what a list shows of each question: its board, asker and tags (read
        through the tagging rows in one query: taggit's own prefetch builds a manager
        and a queryset per question)."""
        tag_links = TaggedQuestion.objects.select_related("tag").order_by("tag__name", "pk")
        return self.select_related(
            "board", "author__staff_municipality", "municipality__prefecture"
        ).prefetch_related(models.Prefetch("tagged_items", tag_links, to_attr="tag_links"))

    def in_board(self, slug: str):
        return self.filter(board__slug=slug)

    def tagged(self, slug: str):
        return self.filter(tagged_items__tag__slug=slug)

    def solved(self):
        return self.filter(accepted_answer__isnull=False)

    def unsolved(self):
        return self.filter(accepted_answer__isnull=True)

    def unanswered(self):
        return self.filter(answer_count=0)

    def asked_in_population_band(self, band: str | Band):
        """Asked from a municipality of this band (by slug) or free range."""
        band = POPULATION.get(band) if isinstance(band, str) else band
        return self.filter(band.q("municipality__"))

    def asked_in_prefecture(self, prefecture_code: str):
        return self.filter(municipality__prefecture__code=prefecture_code)

    def newest(self):
        return self.order_by("-created_at", "-pk")

    def most_active(self):
        return self.order_by("-last_activity_at", "-pk")

    def most_helpful(self):
        return self.order_by("-vote_count", "-answer_count", "-created_at", "-pk")


class Question(Post):
    kind = "question"

    board = models.ForeignKey(
        "forum.Board", on_delete=models.PROTECT, related_name="questions", verbose_name=_("board")
    )
    title = models.CharField(_("title"), max_length=150)
    tags = TaggableManager(
        verbose_name=_("tags"), through=TaggedQuestion, blank=True, related_name="questions"
    )
    # The asker's municipality when they asked (verified, else self-declared).
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="forum_questions",
        verbose_name=_("asker's municipality"),
    )
    # "Ask this person" (the people finder): the member the question is put to.
    addressed_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("asked of"),
    )
    accepted_answer = models.ForeignKey(
        "forum.Answer",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted answer"),
    )
    locked_at = models.DateTimeField(_("locked at"), null=True, blank=True)
    # A duplicate a moderator merged: hidden, its answers and followers moved there,
    # its address redirecting there.
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged_from",
        verbose_name=_("merged into"),
    )
    # Visible answers only: hiding and restoring keep it right.
    answer_count = models.PositiveIntegerField(_("answers"), default=0)
    vote_count = models.PositiveIntegerField(_("helpful votes"), default=0)
    last_activity_at = models.DateTimeField(_("last activity"), default=timezone.now)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        indexes = [
            models.Index(fields=["board", "-created_at"], name="forum_question_board_new"),
            models.Index(fields=["-last_activity_at"], name="forum_question_active"),
            models.Index(fields=["-vote_count"], name="forum_question_helpful"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def listed_tags(self) -> list[ForumTag]:
        """The question's tags by name, as read by ``for_list`` (or read now)."""
        links = getattr(self, "tag_links", None)
        if links is None:
            return list(self.tags.order_by("name"))
        return [link.tag for link in links]

    def get_absolute_url(self) -> str:
        return reverse("forum:question_detail", kwargs={"pk": self.pk})

    @property
    def thread(self):
        return self

    @property
    def is_solved(self) -> bool:
        return self.accepted_answer_id is not None

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None


def accepted_answers_by(member_ids) -> dict[int, int]:
    """{author id: answers of theirs accepted on questions nobody hid} (one query)."""
    rows = (
        Question.objects.filter(
            accepted_answer__author_id__in=member_ids,
            accepted_answer__hidden_at__isnull=True,
            hidden_at__isnull=True,
        )
        .values_list("accepted_answer__author_id")
        .annotate(n=models.Count("pk"))
        .order_by()
    )
    return dict(rows)
