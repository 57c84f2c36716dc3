"""What a host municipality offers to show, and when (視察受入)."""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import dates
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from community.municipalities.models import Municipality
from community.taxonomy.models import Category, Tool


class VisitFormat(models.TextChoices):
    ONSITE = "onsite", pgettext_lazy("visit format", "Onsite tour")
    ONLINE = "online", pgettext_lazy("visit format", "Online tour")
    EXCHANGE = "exchange", pgettext_lazy("visit format", "Staff exchange")
    CONSULTATION = "consultation", pgettext_lazy("visit format", "Consultation")


class VisitorType(models.TextChoices):
    MUNICIPAL_STAFF = "municipal_staff", pgettext_lazy("visitor type", "Municipal staff")
    COUNCIL_MEMBER = "council_member", pgettext_lazy("visitor type", "Council members")
    COMPANY = "company", pgettext_lazy("visitor type", "Company")
    RESEARCHER = "researcher", pgettext_lazy("visitor type", "Researcher")
    STUDENT = "student", pgettext_lazy("visitor type", "Students")


WEEKDAY_CHOICES = [(str(number), name) for number, name in dates.WEEKDAYS.items()]


def pack(values: Iterable) -> str:
    """Several choices in one column: ",onsite,online," (so ``__contains=",online,"`` finds one)."""
    values = [str(value) for value in values if str(value)]
    return f",{','.join(values)}," if values else ""


def unpack(text: str) -> list[str]:
    return [value for value in (text or "").split(",") if value]


class VisitOfferQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def hosted_by(self, municipalities):
        """``municipalities``: a Municipality queryset (any of its filters) or instance."""
        if isinstance(municipalities, Municipality):
            return self.filter(municipality=municipalities)
        return self.filter(municipality__in=municipalities)

    def offering(self, visit_format: str):
        return self.filter(formats__contains=f",{visit_format},")

    def online_possible(self):
        return self.offering(VisitFormat.ONLINE)

    def free_of_charge(self):
        return self.filter(fee_yen=0)

    def accepting_council_members(self):
        return self.filter(accepts_council_members=True)

    def using_tool(self, slug: str):
        return self.filter(tools__slug=slug)

    def in_category(self, slug: str):
        return self.filter(categories__slug=slug)

    def for_listing(self):
        """With what a list shows: the host and its prefecture, its tools and categories,
        the live topic pages."""
        return self.select_related("municipality__prefecture").prefetch_related(
            "tools",
            "categories",
            models.Prefetch(
                "topic_links",
                queryset=OfferTopic.objects.filter(page__live=True).select_related("page"),
                to_attr="live_topic_links",
            ),
        )


class VisitOffer(models.Model):
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="visit_offers",
        verbose_name=_("host municipality"),
    )
    title = models.CharField(
        _("title"),
        max_length=120,
        help_text=_("What visitors come to see, e.g. 「kintoneで進める庁内業務改善」"),
    )
    summary = models.TextField(
        _("what visitors will see"),
        max_length=3000,
        help_text=_("The practice, the people they meet, what they can take home."),
    )
    formats = models.CharField(_("formats"), max_length=100)
    # The managed lists every part of the site shares (community.taxonomy).
    tools = models.ManyToManyField(
        Tool, blank=True, related_name="visit_offers", verbose_name=_("tools")
    )
    categories = models.ManyToManyField(
        Category, blank=True, related_name="visit_offers", verbose_name=_("categories")
    )
    weekdays = models.CharField(_("weekdays accepted"), max_length=20)
    accepted_from = models.DateField(_("accepting visits from"), null=True, blank=True)
    accepted_until = models.DateField(_("accepting visits until"), null=True, blank=True)
    start_time = models.TimeField(_("usual start time"), default=datetime.time(10, 0))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=90)
    max_party_size = models.PositiveSmallIntegerField(_("maximum party size"), default=10)
    lead_time_days = models.PositiveSmallIntegerField(
        _("lead time (days)"),
        default=30,
        help_text=_("How many days ahead a visit must be requested."),
    )
    fee_yen = models.PositiveIntegerField(_("fee (yen)"), default=0)
    fee_note = models.CharField(_("about the fee"), max_length=200, blank=True)
    advance_materials = models.TextField(
        _("what visitors send in advance"),
        max_length=2000,
        blank=True,
        help_text=_("e.g. 視察依頼文書（公文）、参加者名簿、事前質問"),
    )
    contact_department = models.CharField(_("contact department"), max_length=100)
    notify_email = models.EmailField(
        _("email for new requests"),
        help_text=_(
            "Requests and replies are announced here; a shared department address is best. "
            "Never shown to visitors."
        ),
    )
    accepts_council_members = models.BooleanField(_("accepts council members"), default=True)
    accepts_companies = models.BooleanField(_("accepts companies"), default=False)
    accepts_students = models.BooleanField(_("accepts students"), default=False)
    open_on_holidays = models.BooleanField(
        _("open on national holidays and over the New Year"),
        default=False,
        help_text=_(
            "Off: national holidays and the New Year closure (29 December – 3 January) are "
            "never offered or accepted."
        ),
    )
    is_published = models.BooleanField(_("published"), default=False, db_index=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = VisitOfferQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("visit offer")
        verbose_name_plural = _("visit offers")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("visits:offer_detail", kwargs={"pk": self.pk})

    @property
    def format_list(self) -> list[VisitFormat]:
        return [VisitFormat(value) for value in unpack(self.formats) if value in VisitFormat.values]

    @property
    def tool_list(self) -> list[Tool]:
        return list(self.tools.all())

    @property
    def category_list(self) -> list[Category]:
        return list(self.categories.all())

    @property
    def weekday_list(self) -> list[int]:
        return sorted(int(value) for value in unpack(self.weekdays))

    @property
    def weekday_labels(self) -> list[str]:
        return [dates.WEEKDAYS_ABBR[number] for number in self.weekday_list]

    @property
    def format_labels(self) -> list[str]:
        return [str(choice.label) for choice in self.format_list]

    @property
    def tool_labels(self) -> list[str]:
        return [tool.local_name for tool in self.tool_list]

    @property
    def category_labels(self) -> list[str]:
        return [category.name for category in self.category_list]

    @property
    def online_possible(self) -> bool:
        return VisitFormat.ONLINE in self.format_list

    def accepts_visitor_type(self, visitor_type: str) -> bool:
        return {
            VisitorType.COUNCIL_MEMBER: self.accepts_council_members,
            VisitorType.COMPANY: self.accepts_companies,
            VisitorType.STUDENT: self.accepts_students,
        }.get(visitor_type, True)

    @property
    def accepted_visitor_type_labels(self) -> list[str]:
        return [str(choice.label) for choice in VisitorType if self.accepts_visitor_type(choice)]


class OfferBlackout(models.Model):
    """A period without visits: 議会会期 (6月定例会), 確定申告, 選挙 …"""

    offer = models.ForeignKey(VisitOffer, on_delete=models.CASCADE, related_name="blackouts")
    label = models.CharField(_("reason"), max_length=60, help_text=_("e.g. 6月定例会"))
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until (inclusive)"))

    class Meta:
        ordering = ["starts_on", "pk"]
        verbose_name = _("period without visits")
        verbose_name_plural = _("periods without visits")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="visits_blackout_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.starts_on}–{self.ends_on}"

    def covers(self, day: datetime.date) -> bool:
        return self.starts_on <= day <= self.ends_on


class OfferTopic(models.Model):
    """A case study, app template or curriculum the visit is about (any Wagtail page for now)."""

    offer = models.ForeignKey(VisitOffer, on_delete=models.CASCADE, related_name="topic_links")
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["offer", "page"], name="visits_topic_once_per_offer")
        ]

    def __str__(self) -> str:
        return f"{self.offer_id} → {self.page_id}"
