"""Case studies (事例): what a municipality did, with how much money, and whether it worked."""

from django import forms
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.search import index

from casestudies.knowledge.models import (
    KnowledgeIndexPage,
    KnowledgePage,
    KnowledgeQuerySet,
    taxonomy_panel,
)
from community.municipalities.bands import BUDGET, Band
from community.taxonomy.models import TaxonomyTerm

from .blocks import StoryBlock
from .forms import CaseStudyAdminForm


class BudgetSource(models.TextChoices):
    GENERAL_FUND = "general_fund", pgettext_lazy("budget source", "General fund (一般財源)")
    NATIONAL_GRANT = "national_grant", pgettext_lazy("budget source", "National grant (国の交付金)")
    FREE_CAMPAIGN = "free_campaign", pgettext_lazy("budget source", "Free campaign or trial")
    OTHER = "other", pgettext_lazy("budget source", "Other")


class ProcurementRoute(models.TextChoices):
    """How the town bought it (調達の方法)."""

    NEGOTIATED = "negotiated", pgettext_lazy("procurement route", "Negotiated contract (随意契約)")
    TENDER = "tender", pgettext_lazy("procurement route", "Competitive tender (入札)")
    PROPOSAL = "proposal", pgettext_lazy("procurement route", "Proposal competition (プロポーザル)")
    FREE_TRIAL = (
        "free_trial",
        pgettext_lazy("procurement route", "Free of charge or trial (無償・トライアル)"),
    )
    EXISTING_CONTRACT = (
        "existing_contract",
        pgettext_lazy("procurement route", "Within an existing contract (既存契約の範囲内)"),
    )
    JOINT = "joint", pgettext_lazy("procurement route", "Joint procurement (共同調達)")
    OTHER = "other", pgettext_lazy("procurement route", "Other")


class AgreementDepartment(models.TextChoices):
    """Who else in the town hall had to agree before it could start."""

    INFORMATION_POLICY = (
        "information_policy",
        pgettext_lazy("agreed with", "Information policy (情報政策・情報システム)"),
    )
    FINANCE = "finance", pgettext_lazy("agreed with", "Finance (財政)")
    LEGAL = "legal", pgettext_lazy("agreed with", "Legal affairs (法務・例規)")
    PRIVACY = "privacy", pgettext_lazy("agreed with", "Personal data protection (個人情報保護)")
    PERSONNEL = "personnel", pgettext_lazy("agreed with", "Personnel (人事)")
    CONTRACTS = "contracts", pgettext_lazy("agreed with", "Contracts (契約・管財)")


class FundingProgramme(TaxonomyTerm):
    """デジタル田園都市国家構想交付金, 特別交付税措置, 県補助 … (a managed list,
    edited by moderators in the Wagtail admin)."""

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("funding programme")
        verbose_name_plural = _("funding programmes")


class CaseStudyQuerySet(KnowledgeQuerySet):
    def within_budget(self, yen: int):
        """Disclosed budgets up to ``yen``; 0 finds ゼロ予算 projects."""
        return self.in_budget_band(BUDGET.range(0, yen + 1))

    def in_budget_band(self, band: str | Band):
        """A budget band by slug (0円 is ``"zero"``) or a free range of yen."""
        return self.filter((BUDGET.get(band) if isinstance(band, str) else band).q())

    def in_fiscal_year(self, year: int):
        return self.filter(fiscal_year=year)

    def feasible_for_one_person(self):
        return self.filter(one_person_feasible=True)


class CaseStudyIndexPage(KnowledgeIndexPage):
    """/casestudies/: the filterable list, its feeds and its CSV export (views in views.py)."""

    subpage_types = ["cases.CaseStudyPage"]
    listing_path = "casestudies.cases.listing.CASE_STUDIES"
    feed_paths = (
        "casestudies.cases.feeds.CaseStudyFeed",
        "casestudies.cases.feeds.CaseStudyAtomFeed",
    )

    class Meta:
        verbose_name = _("case study index")

    @path("export/")
    def csv_export(self, request):
        from .views import case_study_csv

        return case_study_csv(request, self)


class CaseStudyTag(TaggedItemBase):
    content_object = ParentalKey(
        "cases.CaseStudyPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class CaseStudyPage(KnowledgePage):
    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year"),
        help_text=_("The year in which the fiscal year began: 2023 for 令和5年度."),
        db_index=True,
    )
    challenge = models.TextField(_("challenge"))
    body = StreamField(StoryBlock(), verbose_name=_("what was done"), blank=True)
    budget_yen = models.PositiveBigIntegerField(
        _("budget (yen)"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("0 is valid and common; leave empty if not disclosed."),
    )
    budget_source = models.CharField(
        _("budget source"), max_length=20, choices=BudgetSource.choices, blank=True
    )
    budget_source_note = models.CharField(
        _("budget source details"),
        max_length=200,
        blank=True,
        help_text=_("e.g. the grant's or the campaign's name"),
    )
    months_to_launch = models.PositiveSmallIntegerField(
        _("months to launch"), null=True, blank=True
    )
    staff_involved = models.PositiveSmallIntegerField(_("staff involved"), null=True, blank=True)
    one_person_feasible = models.BooleanField(
        _("feasible for a one-person team"), default=False, db_index=True
    )
    lessons = models.TextField(_("lessons learned"), blank=True)
    contact_department = models.CharField(_("contact department"), max_length=100, blank=True)
    tags = ClusterTaggableManager(through=CaseStudyTag, blank=True, verbose_name=_("tags"))

    # The replication kit (再現キット): what another town needs to do the same.
    initial_cost_yen = models.PositiveBigIntegerField(
        _("initial cost (yen)"), null=True, blank=True, help_text=_("0 if nothing was paid.")
    )
    running_cost_yen = models.PositiveBigIntegerField(
        _("yearly running cost (yen)"),
        null=True,
        blank=True,
        help_text=_("What it costs a year while in use (during a free trial: 0)."),
    )
    running_cost_after_trial_yen = models.PositiveBigIntegerField(
        _("yearly running cost after the free trial (yen)"),
        null=True,
        blank=True,
        help_text=_("Only if it started free or on a trial: what it costs a year once that ends."),
    )
    licences = models.CharField(
        _("licences"), max_length=200, blank=True, help_text=_("e.g. kintone スタンダードコース")
    )
    licence_count = models.PositiveIntegerField(_("number of licences"), null=True, blank=True)
    procurement_route = models.CharField(
        _("procurement route"),
        max_length=20,
        choices=ProcurementRoute.choices,
        blank=True,
        db_index=True,
    )
    funding = ParentalManyToManyField(
        FundingProgramme, blank=True, related_name="case_studies", verbose_name=_("funding")
    )
    build_hours = models.PositiveIntegerField(_("staff-hours to build"), null=True, blank=True)
    running_hours_per_month = models.PositiveIntegerField(
        _("staff-hours a month to run"), null=True, blank=True
    )
    agreed_with = models.JSONField(_("departments that had to agree"), default=list, blank=True)
    lgwan_notes = models.TextField(
        _("security notes for an LGWAN environment"),
        blank=True,
        help_text=_(
            "Which network segment it runs in, how data crosses it, what the 情報政策 "
            "side asked for."
        ),
    )

    objects = PageManager.from_queryset(CaseStudyQuerySet)()

    base_form_class = CaseStudyAdminForm
    parent_page_types = ["cases.CaseStudyIndexPage"]
    subpage_types: list[str] = []

    content_panels = [
        *Page.content_panels,
        FieldPanel("municipality"),
        FieldRowPanel([FieldPanel("fiscal_year"), FieldPanel("department")]),
        FieldPanel("summary"),
        FieldPanel("challenge"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("budget_yen"), FieldPanel("budget_source")]),
                FieldPanel("budget_source_note"),
                FieldRowPanel([FieldPanel("months_to_launch"), FieldPanel("staff_involved")]),
                FieldPanel("one_person_feasible"),
            ],
            heading=_("Budget and effort"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("initial_cost_yen"),
                        FieldPanel("running_cost_yen"),
                        FieldPanel("running_cost_after_trial_yen"),
                    ]
                ),
                FieldRowPanel([FieldPanel("licences"), FieldPanel("licence_count")]),
                FieldPanel("procurement_route"),
                FieldPanel("funding", widget=forms.CheckboxSelectMultiple),
                FieldRowPanel([FieldPanel("build_hours"), FieldPanel("running_hours_per_month")]),
                FieldPanel("agreed_with"),
                FieldPanel("lgwan_notes"),
            ],
            heading=_("Replication kit"),
        ),
        InlinePanel("metrics", heading=_("Outcome metrics"), label=_("metric")),
        InlinePanel(
            "follow_ups",
            heading=_("Follow-ups (その後)"),
            label=_("follow-up"),
            help_text=_("A dated note with new figures, e.g. one year later."),
        ),
        FieldPanel("lessons"),
        FieldPanel("contact_department"),
        InlinePanel("attachments", heading=_("Attachments"), label=_("attachment")),
        taxonomy_panel(),
        FieldPanel("cited_notices"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("challenge"),
        index.FilterField("fiscal_year"),
    ]

    class Meta:
        verbose_name = _("case study")
        verbose_name_plural = _("case studies")
        indexes = [models.Index(fields=["fiscal_year", "budget_yen"], name="case_year_budget")]

    @property
    def ongoing_cost_yen(self) -> int | None:
        """What it costs a year from now on: after the free trial if there was one."""
        if self.running_cost_after_trial_yen is not None:
            return self.running_cost_after_trial_yen
        return self.running_cost_yen

    @property
    def is_zero_budget(self) -> bool:
        return self.budget_yen == 0

    @cached_property
    def agreed_with_labels(self) -> list[str]:
        labels = dict(AgreementDepartment.choices)
        return [str(labels[value]) for value in self.agreed_with or [] if value in labels]

    def detail_context(self, request) -> dict:
        from .views import case_study_detail_context

        return case_study_detail_context(self, request)


class OutcomeMetric(Orderable):
    """年間 1,200 時間削減, 郵送費 年30万円削減, 研修 51回・延べ531人 …"""

    page = ParentalKey(CaseStudyPage, on_delete=models.CASCADE, related_name="metrics")
    metric = models.CharField(_("metric"), max_length=100)
    value_before = models.CharField(_("before"), max_length=100, blank=True)
    value_after = models.CharField(_("after"), max_length=100)
    number_before = models.DecimalField(
        _("number before"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    number_after = models.DecimalField(
        _("number after"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    period = models.CharField(_("period"), max_length=50, blank=True)
    how_measured = models.CharField(_("how measured"), max_length=200, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("metric"), FieldPanel("unit")]),
        FieldRowPanel([FieldPanel("value_before"), FieldPanel("value_after")]),
        FieldRowPanel([FieldPanel("number_before"), FieldPanel("number_after")]),
        FieldRowPanel([FieldPanel("period"), FieldPanel("how_measured")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("outcome metric")
        verbose_name_plural = _("outcome metrics")

    def __str__(self) -> str:
        return f"{self.metric}: {self.value_before} → {self.value_after}"


class CaseStudyAttachment(Orderable):
    page = ParentalKey(CaseStudyPage, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey("wagtaildocs.Document", on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("link text"), max_length=200, blank=True)

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("attachment")


class FollowUpFigureBlock(blocks.StructBlock):
    metric = blocks.CharBlock(label=_("metric"), max_length=100)
    value = blocks.CharBlock(label=_("value now"), max_length=100)
    unit = blocks.CharBlock(label=_("unit"), max_length=30, required=False)

    class Meta:
        icon = "pick"
        label = _("figure")


class CaseFollowUp(Orderable):
    """「その後」: how it went later (a dated note with new figures), added by the
    case's editors and published with the page."""

    page = ParentalKey(CaseStudyPage, on_delete=models.CASCADE, related_name="follow_ups")
    noted_on = models.DateField(_("date"))
    note = models.TextField(_("note"))
    figures = StreamField(
        [("figure", FollowUpFigureBlock())], verbose_name=_("new figures"), blank=True
    )

    panels = [FieldPanel("noted_on"), FieldPanel("note"), FieldPanel("figures")]

    class Meta(Orderable.Meta):
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")

    def __str__(self) -> str:
        return f"{self.noted_on:%Y-%m-%d} {self.note[:30]}"

    @property
    def anchor(self) -> str:
        return f"follow-up-{self.pk}"
