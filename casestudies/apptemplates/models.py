"""App templates (アプリテンプレート): a no-code app or form another municipality can
import tomorrow, with its versions and files, its licence and its lineage."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import OuterRef, Subquery, Sum
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.models import Orderable, Page, PageManager
from wagtail.search import index

from casestudies.knowledge.models import (
    KnowledgeIndexPage,
    KnowledgePage,
    KnowledgeQuerySet,
    RelatedCaseStudy,
    taxonomy_panel,
)
from community.documents.uploads import check_stored_document

from .forms import AppTemplateAdminForm


class Licence(models.TextChoices):
    CC_BY = "cc-by-4.0", "CC BY 4.0"
    CC_BY_SA = "cc-by-sa-4.0", "CC BY-SA 4.0"
    CC0 = "cc0-1.0", "CC0 1.0"
    PDL = "pdl-1.0", pgettext_lazy("licence", "Public Data License 1.0")
    OTHER = "other", pgettext_lazy("licence", "Other (see the description)")


LICENCE_URLS = {
    Licence.CC_BY: "https://creativecommons.org/licenses/by/4.0/deed.ja",
    Licence.CC_BY_SA: "https://creativecommons.org/licenses/by-sa/4.0/deed.ja",
    Licence.CC0: "https://creativecommons.org/publicdomain/zero/1.0/deed.ja",
    Licence.PDL: "https://www.digital.go.jp/resources/open_data/public_data_license_v1.0",
}


class UsedBy(models.TextChoices):
    """Who uses a template in the town hall."""

    COUNTER = "counter", pgettext_lazy("department", "Front counter")
    GENERAL_AFFAIRS = "general_affairs", pgettext_lazy("department", "General affairs")
    PLANNING = "planning", pgettext_lazy("department", "Planning")
    HEALTH_WELFARE = "health_welfare", pgettext_lazy("department", "Health and welfare")
    CHILDCARE = "childcare", pgettext_lazy("department", "Child-rearing support")
    EDUCATION = "education", pgettext_lazy("department", "Board of education")
    DISASTER = "disaster", pgettext_lazy("department", "Disaster prevention")
    INFORMATION = "information", pgettext_lazy("department", "Information policy")
    TAX = "tax", pgettext_lazy("department", "Taxation")
    OTHER = "other", pgettext_lazy("department", "Other")


class AppTemplateQuerySet(KnowledgeQuerySet):
    def under_licence(self, licence: str):
        return self.filter(licence=licence)

    def used_by_department(self, department: str):
        return self.filter(used_by__icontains=f'"{department}"')

    def with_latest_version(self):
        latest = TemplateVersion.objects.filter(page=OuterRef("pk")).order_by("-released_on", "-pk")
        return self.annotate(
            latest_version=Subquery(latest.values("number")[:1]),
            downloads=Subquery(
                DownloadCounter.objects.filter(version__page=OuterRef("pk"))
                .order_by()
                .values("version__page")
                .annotate(total=Sum("count"))
                .values("total")[:1]
            ),
        )


class AppTemplateIndexPage(KnowledgeIndexPage):
    """/app-templates/: the filterable list and its feeds."""

    subpage_types = ["apptemplates.AppTemplatePage"]
    listing_path = "casestudies.apptemplates.listing.APP_TEMPLATES"
    feed_paths = (
        "casestudies.apptemplates.feeds.AppTemplateFeed",
        "casestudies.apptemplates.feeds.AppTemplateAtomFeed",
    )

    class Meta:
        verbose_name = _("app template index")


class AppTemplateTag(TaggedItemBase):
    content_object = ParentalKey(
        "apptemplates.AppTemplatePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class AppTemplatePage(KnowledgePage):
    what_it_does = models.TextField(_("what it does"))
    used_by = models.JSONField(_("who uses it"), default=list, blank=True)
    licence = models.CharField(
        _("licence"), max_length=20, choices=Licence.choices, default=Licence.CC_BY
    )
    licence_note = models.CharField(
        _("licence details"),
        max_length=200,
        blank=True,
        help_text=_("e.g. how to credit the municipality, or the terms of “Other”"),
    )
    derived_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="derivatives",
        verbose_name=_("derived from"),
        help_text=_("The template yours was made from, if any (its lineage)."),
    )
    derived_from_version = models.CharField(
        _("version it was derived from"), max_length=20, blank=True
    )
    tags = ClusterTaggableManager(through=AppTemplateTag, blank=True, verbose_name=_("tags"))

    objects = PageManager.from_queryset(AppTemplateQuerySet)()

    base_form_class = AppTemplateAdminForm
    parent_page_types = ["apptemplates.AppTemplateIndexPage"]
    subpage_types: list[str] = []

    content_panels = [
        *Page.content_panels,
        FieldPanel("municipality"),
        FieldPanel("department"),
        FieldPanel("summary"),
        FieldPanel("what_it_does"),
        FieldPanel("used_by"),
        InlinePanel("app_fields", heading=_("Fields"), label=_("field")),
        InlinePanel("screens", heading=_("Screens and screenshots"), label=_("screen")),
        InlinePanel(
            "versions",
            heading=_("Versions and files"),
            label=pgettext_lazy("app template", "version"),
            min_num=1,
        ),
        MultiFieldPanel(
            [
                FieldPanel("licence"),
                FieldPanel("licence_note"),
                FieldRowPanel(
                    [
                        PageChooserPanel("derived_from", "apptemplates.AppTemplatePage"),
                        FieldPanel("derived_from_version"),
                    ]
                ),
            ],
            heading=_("Licence and lineage"),
        ),
        InlinePanel("related_cases", heading=_("Related case studies"), label=_("case study")),
        taxonomy_panel(),
        FieldPanel("cited_notices"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("what_it_does"),
    ]

    class Meta:
        verbose_name = _("app template")
        verbose_name_plural = _("app templates")

    @property
    def licence_url(self) -> str:
        return LICENCE_URLS.get(self.licence, "")

    @property
    def used_by_labels(self) -> list[str]:
        labels = dict(UsedBy.choices)
        return [labels[value] for value in self.used_by if value in labels]

    def adoption_versions(self) -> list[str]:
        return list(
            TemplateVersion.objects.filter(page=self)
            .order_by("-released_on", "-pk")
            .values_list("number", flat=True)
        )

    def detail_context(self, request) -> dict:
        from .views import app_template_detail_context

        return app_template_detail_context(self, request)


class TemplateField(Orderable):
    """One field (or column) of the app: 受診者氏名 · 文字列（1行） · 必須."""

    page = ParentalKey(AppTemplatePage, on_delete=models.CASCADE, related_name="app_fields")
    name = models.CharField(_("field name"), max_length=100)
    field_type = models.CharField(_("type"), max_length=50, blank=True)
    required = models.BooleanField(_("required"), default=False)
    note = models.CharField(_("note"), max_length=300, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("field_type"), FieldPanel("required")]),
        FieldPanel("note"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("field")
        verbose_name_plural = _("fields")


class TemplateScreen(Orderable):
    page = ParentalKey(AppTemplatePage, on_delete=models.CASCADE, related_name="screens")
    description = models.TextField(_("what the screen shows"), max_length=500)
    image = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("screenshot"),
    )
    alt_text = models.CharField(
        _("alternative text"),
        max_length=200,
        blank=True,
        help_text=_("What the screenshot shows, for people who cannot see it."),
    )

    panels = [
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("image"), FieldPanel("alt_text")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("screen")
        verbose_name_plural = _("screens")

    def clean(self):
        if self.image_id and not self.alt_text.strip():
            raise ValidationError({"alt_text": _("Describe the screenshot for screen readers.")})


version_number_validator = RegexValidator(
    r"^\d{1,3}(\.\d{1,3}){0,3}$", _("Use numbers and dots, like 1.0 or 1.2.1.")
)


class TemplateVersion(Orderable, ClusterableModel):
    page = ParentalKey(AppTemplatePage, on_delete=models.CASCADE, related_name="versions")
    number = models.CharField(
        pgettext_lazy("app template", "version"),
        max_length=20,
        validators=[version_number_validator],
    )
    released_on = models.DateField(_("released on"))
    changelog = models.TextField(_("what changed"), max_length=2000)

    panels = [
        FieldRowPanel([FieldPanel("number"), FieldPanel("released_on")]),
        FieldPanel("changelog"),
        InlinePanel("files", heading=_("Files"), label=_("file"), min_num=1),
    ]

    class Meta(Orderable.Meta):
        verbose_name = pgettext_lazy("app template", "version")
        verbose_name_plural = pgettext_lazy("app template", "versions")

    def __str__(self) -> str:
        return self.number

    @property
    def download_count(self) -> int:
        if self.pk is None:  # in a preview
            return 0
        counter = getattr(self, "download_counter", None)
        return counter.count if counter else 0


class TemplateFile(Orderable):
    """One file of a version. Its document was checked on upload; it is checked again
    here, since a document uploaded before a rule existed may be chosen."""

    version = ParentalKey(TemplateVersion, on_delete=models.CASCADE, related_name="files")
    document = models.ForeignKey(
        "wagtaildocs.Document", on_delete=models.CASCADE, related_name="+", verbose_name=_("file")
    )
    title = models.CharField(
        _("link text"), max_length=100, blank=True, help_text=_("e.g. アプリパッケージ, 項目一覧")
    )

    panels = [FieldRowPanel([FieldPanel("document"), FieldPanel("title")])]

    class Meta(Orderable.Meta):
        verbose_name = _("file")
        verbose_name_plural = _("files")

    def clean(self):
        if self.document_id:
            check_stored_document(self.document)


class DownloadCounter(models.Model):
    """Downloads of one version. Kept apart from the version (which page revisions
    rewrite on publish) so that no publish can lose a download."""

    version = models.OneToOneField(
        TemplateVersion,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="download_counter",
    )
    count = models.PositiveBigIntegerField(_("downloads"), default=0)

    class Meta:
        verbose_name = _("download count")

    def __str__(self) -> str:
        return f"{self.version_id}: {self.count}"


class TemplateRelatedCase(RelatedCaseStudy):
    page = ParentalKey(AppTemplatePage, on_delete=models.CASCADE, related_name="related_cases")
