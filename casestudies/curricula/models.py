"""Training curricula (研修カリキュラム): a course another municipality can run on
Monday, with its modules and materials, and a delivery log that makes "51 sessions,
531 participants" data rather than prose."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    PageChooserPanel,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Orderable, Page, PageManager
from wagtail.search import index

from casestudies.cases.forms import MunicipalityScopedPageForm
from casestudies.knowledge.models import (
    KnowledgeIndexPage,
    KnowledgePage,
    KnowledgeQuerySet,
    RelatedCaseStudy,
    taxonomy_panel,
)
from community.documents.uploads import check_stored_document
from community.municipalities.models import Municipality


class Audience(models.TextChoices):
    NEW_STAFF = "new_staff", pgettext_lazy("audience", "New staff")
    DX_LEADERS = "dx_leaders", pgettext_lazy("audience", "DX leaders")
    MANAGERS = "managers", pgettext_lazy("audience", "Managers")
    ALL_STAFF = "all_staff", pgettext_lazy("audience", "All staff")
    OTHER = "other", pgettext_lazy("audience", "Other")


class Level(models.TextChoices):
    BASIC = "basic", pgettext_lazy("curriculum level", "Basic")
    ADVANCED = "advanced", pgettext_lazy("curriculum level", "Advanced")


class CurriculumQuerySet(KnowledgeQuerySet):
    def for_audience(self, audience: str):
        return self.filter(audience=audience)

    def at_level(self, level: str):
        return self.filter(level=level)

    def with_delivery_totals(self):
        """Sessions and participants over every recorded delivery (two subqueries)."""

        def total(field: str):
            rows = (
                CurriculumDelivery.objects.filter(curriculum=OuterRef("pk"))
                .order_by()
                .values("curriculum")
                .annotate(total=Sum(field))
                .values("total")[:1]
            )
            return Coalesce(Subquery(rows), 0)

        return self.annotate(
            total_sessions=total("sessions"), total_participants=total("participants")
        )


class CurriculumIndexPage(KnowledgeIndexPage):
    """/curricula/: the filterable list and its feeds."""

    subpage_types = ["curricula.CurriculumPage"]
    listing_path = "casestudies.curricula.listing.CURRICULA"
    feed_paths = (
        "casestudies.curricula.feeds.CurriculumFeed",
        "casestudies.curricula.feeds.CurriculumAtomFeed",
    )

    class Meta:
        verbose_name = _("curriculum index")


class CurriculumTag(TaggedItemBase):
    content_object = ParentalKey(
        "curricula.CurriculumPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class CurriculumPage(RoutablePageMixin, KnowledgePage):
    audience = models.CharField(
        _("audience"), max_length=20, choices=Audience.choices, db_index=True
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, db_index=True)
    total_minutes = models.PositiveSmallIntegerField(
        _("total duration (minutes)"), validators=[MinValueValidator(1)]
    )
    prerequisites = models.TextField(_("prerequisites"), blank=True)
    tags = ClusterTaggableManager(through=CurriculumTag, blank=True, verbose_name=_("tags"))

    objects = PageManager.from_queryset(CurriculumQuerySet)()

    base_form_class = MunicipalityScopedPageForm
    parent_page_types = ["curricula.CurriculumIndexPage"]
    subpage_types: list[str] = []

    content_panels = [
        *Page.content_panels,
        FieldPanel("municipality"),
        FieldPanel("department"),
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("audience"), FieldPanel("level"), FieldPanel("total_minutes")]),
        FieldPanel("prerequisites"),
        InlinePanel("modules", heading=_("Modules"), label=_("module"), min_num=1),
        InlinePanel("materials", heading=_("Materials"), label=_("material")),
        InlinePanel("related_templates", heading=_("Related app templates"), label=_("template")),
        InlinePanel("related_cases", heading=_("Related case studies"), label=_("case study")),
        taxonomy_panel(),
        FieldPanel("cited_notices"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("prerequisites"),
    ]

    class Meta:
        verbose_name = _("curriculum")
        verbose_name_plural = _("curricula")

    def get_context(self, request, *args, **kwargs):
        from .views import curriculum_detail_context

        context = super().get_context(request, *args, **kwargs)
        context.update(curriculum_detail_context(self, request))
        return context

    @path("deliveries/")
    def deliveries_view(self, request):
        from .views import record_delivery_view

        return record_delivery_view(request, self)

    @path("deliveries/<int:delivery_id>/remove/")
    def remove_delivery_route(self, request, delivery_id):
        from .views import remove_delivery_view

        return remove_delivery_view(request, self, delivery_id)


class CurriculumModule(Orderable):
    """One block of the course: title, minutes, objectives, materials, hands-on exercise."""

    page = ParentalKey(CurriculumPage, on_delete=models.CASCADE, related_name="modules")
    title = models.CharField(_("title"), max_length=200)
    minutes = models.PositiveSmallIntegerField(_("minutes"), validators=[MinValueValidator(1)])
    objectives = models.TextField(_("objectives"), max_length=1000)
    materials = models.CharField(_("materials"), max_length=300, blank=True)
    exercise = models.TextField(_("hands-on exercise"), max_length=1000, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("title"), FieldPanel("minutes")]),
        FieldPanel("objectives"),
        FieldPanel("materials"),
        FieldPanel("exercise"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("module")
        verbose_name_plural = _("modules")


class CurriculumMaterial(Orderable):
    page = ParentalKey(CurriculumPage, on_delete=models.CASCADE, related_name="materials")
    document = models.ForeignKey(
        "wagtaildocs.Document", on_delete=models.CASCADE, related_name="+", verbose_name=_("file")
    )
    title = models.CharField(_("link text"), max_length=200, blank=True)

    panels = [FieldRowPanel([FieldPanel("document"), FieldPanel("title")])]

    class Meta(Orderable.Meta):
        verbose_name = _("material")
        verbose_name_plural = _("materials")

    def clean(self):
        if self.document_id:
            check_stored_document(self.document)


class CurriculumRelatedTemplate(Orderable):
    page = ParentalKey(CurriculumPage, on_delete=models.CASCADE, related_name="related_templates")
    template = models.ForeignKey(
        "apptemplates.AppTemplatePage",
        on_delete=models.CASCADE,
        related_name="curriculum_links",
        verbose_name=_("app template"),
    )

    panels = [PageChooserPanel("template", "apptemplates.AppTemplatePage")]

    class Meta(Orderable.Meta):
        verbose_name = _("related app template")


class CurriculumRelatedCase(RelatedCaseStudy):
    page = ParentalKey(CurriculumPage, on_delete=models.CASCADE, related_name="related_cases")


class CurriculumDelivery(models.Model):
    """One run of the course by a municipality (the publisher or an adopter)."""

    curriculum = models.ForeignKey(
        CurriculumPage, on_delete=models.CASCADE, related_name="deliveries"
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    delivered_on = models.DateField(_("first session on"))
    sessions = models.PositiveSmallIntegerField(
        _("sessions"), validators=[MinValueValidator(1), MaxValueValidator(1000)]
    )
    participants = models.PositiveIntegerField(
        _("participants"), validators=[MaxValueValidator(100_000)]
    )
    survey_before = models.DecimalField(
        _("survey before (average)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    survey_after = models.DecimalField(
        _("survey after (average)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["delivered_on", "pk"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")

    def __str__(self) -> str:
        return f"{self.delivered_on}: {self.sessions} × {self.participants}"
