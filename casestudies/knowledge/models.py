"""What case studies, app templates and curricula share: an abstract page tied to a
municipality, with the tools and categories of ``community.taxonomy``."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Orderable, Page, PageQuerySet

from casestudies.home.routing import ChildRouting, OneQueryViewRestrictions
from community.municipalities.bands import (
    POPULATION,
    Band,
    BandSet,
    between,
    population_band_for,
)
from community.municipalities.models import Municipality
from community.notices.forms import NoticeCitationField, notices_for_urls
from community.notices.services import citations_of, notice_tag
from community.taxonomy.models import Category, Tool
from community.taxonomy.prefetch import TermsQuerySetMixin
from yokoten.cache_policy import shows
from yokoten.i18n import local
from yokoten.member_cache import share_with_members

from .slugs import needs_readable_slug, readable_slug


class KnowledgeQuerySet(TermsQuerySetMixin, PageQuerySet):
    """Filters every knowledge list shares, named for the question they answer
    (``with_terms``: the rows' tools, categories … in one query)."""

    def population_between(self, minimum: int | None = None, maximum: int | None = None):
        return self.filter(between("municipality__population", minimum, maximum))

    def in_population_band(self, band: str | Band):
        """Published by a municipality of this band (by slug) or free range."""
        band = POPULATION.get(band) if isinstance(band, str) else band
        return self.filter(band.q("municipality__"))

    def in_prefecture(self, code: str):
        return self.filter(municipality__prefecture__code=code)

    def in_region(self, region: str):
        return self.filter(municipality__prefecture__region=region)

    def of_kind(self, kind: str):
        return self.filter(municipality__kind=kind)

    def by_municipality(self, code: str):
        return self.filter(municipality__code=code)

    def using_tool(self, slug: str):
        return self.filter(tools__slug=slug)

    def in_category(self, slug: str):
        return self.filter(categories__slug=slug)

    def tagged(self, tag: str):
        return self.filter(tags__name=tag)

    def adopted_in_band(self, band: str | Band):
        """Pages that at least one municipality of this size adopted (横展開)."""
        from casestudies.adoption.models import Adoption

        band = ADOPTER_BANDS.get(band) if isinstance(band, str) else band
        adopters = Adoption.objects.in_population_band(band)
        return self.filter(pk__in=adopters.values("page_id"))


class KnowledgePage(OneQueryViewRestrictions, Page):
    """Abstract: a page published by (verified staff of) one municipality."""

    cites_notices = True  # its detail reads the notices it cites with its lists (detail.py)

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    population_at_publication = models.PositiveIntegerField(
        _("population when published"), null=True, blank=True, editable=False
    )
    summary = models.TextField(_("summary"), max_length=400)
    department = models.CharField(_("department"), max_length=100, blank=True)
    tools = ParentalManyToManyField(Tool, blank=True, related_name="+", verbose_name=_("tools"))
    categories = ParentalManyToManyField(
        Category, blank=True, related_name="+", verbose_name=_("categories")
    )
    adoption_count = models.PositiveIntegerField(
        _("adoptions"), default=0, editable=False, db_index=True
    )
    authors = ParentalManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("authors")
    )
    # The addresses of the official notices (通知) it rests on, one per line; each must be
    # in the shared list (community.notices). Publishing records the citations.
    cited_notices = models.TextField(
        _("official notices it rests on"),
        blank=True,
        help_text=_(
            "Optional: the address of each 通知 or 事務連絡 in Yokoten's list of official "
            "notices, one per line. The owner is asked each fiscal year whether it still holds."
        ),
    )

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        try:
            NoticeCitationField().clean(self.cited_notices)
        except ValidationError as error:
            raise ValidationError({"cited_notices": error.messages}) from error

    def notices(self) -> list:
        """The listed notices at the addresses in ``cited_notices`` (one query)."""
        return notices_for_urls(self.cited_notices)[0] if self.cited_notices.strip() else []

    def _get_autogenerated_slug(self, base_slug):
        # A page saved without a slug gets one from its title: in romaji, not the
        # Japanese title percent-encoded (casestudies/knowledge/slugs.py).
        if needs_readable_slug(base_slug):
            base_slug = readable_slug(self.title)
        return super()._get_autogenerated_slug(base_slug)

    def save(self, *args, **kwargs):
        if self.live and self.population_at_publication is None and self.municipality_id:
            self.population_at_publication = self.municipality.population
        super().save(*args, **kwargs)

    def retires_on_publish(self) -> tuple[str, ...]:
        """Publishing, unpublishing or deleting the page changes its list, its
        municipality's page, the home page and the impact page (yokoten/cache_policy.py)."""
        from .listing import list_tag

        tags = [list_tag(type(self)), "home", "impact"]
        if self.municipality_id:
            tags.append(f"municipality:{self.municipality.code}")
        return tuple(tags)

    @property
    def population_band_at_publication(self):
        return population_band_for(self.population_at_publication)

    @property
    def population_band(self):
        return population_band_for(self.municipality.population)

    def get_context(self, request, *args, **kwargs):
        # The page is the same for every member of an audience; the adoption panel,
        # which is not, is a {% personal %} part (casestudies/adoption/panel.py).
        share_with_members(request)
        context = super().get_context(request, *args, **kwargs)
        context.update(self.detail_context(request))
        # The notices it cites, with when its owner last confirmed each: read with the
        # page's other lists (knowledge/detail.py), else in a query of their own.
        if "notice_citations" not in context:
            context["notice_citations"] = citations_of([self]).get(self.pk, [])
        citations = context["notice_citations"]
        shows(request, *(notice_tag(citation.notice_id) for citation in citations))
        return context

    def detail_context(self, request) -> dict:
        """What the page type's detail shows beside its own fields (its views)."""
        return {}

    def permissions_for_user(self, user):
        """Wagtail's, and nothing on another municipality's page for a contributor
        (who may still own it after moving town): see admin_permissions.py. What a
        municipality published stays its own: any of its current verified staff may
        edit it (人事異動: the successor edits the predecessor's page), not only its owner."""
        from .admin_permissions import MunicipalPagePermissionTester, sees_every_municipality

        tester = MunicipalPagePermissionTester(user, self)
        if not sees_every_municipality(user) and self.municipality_id != getattr(
            user, "staff_municipality_id", None
        ):
            tester.permissions = set()
        return tester

    def adoption_versions(self) -> list[str]:
        """Version numbers an adopter may name (app templates have versions)."""
        return []

    def with_content_json(self, content):
        """A revision never restores ``adoption_count``: it is a live tally kept by the
        adoption service, not content an editor wrote."""
        page = super().with_content_json(content)
        page.adoption_count = self.adoption_count
        return page


def taxonomy_panel() -> MultiFieldPanel:
    """The editor's panel for a knowledge page's tools, categories and tags."""
    return MultiFieldPanel(
        [
            FieldPanel("tools", widget=forms.CheckboxSelectMultiple),
            FieldPanel("categories", widget=forms.CheckboxSelectMultiple),
            FieldPanel("tags"),
        ],
        heading=_("Tools, categories and tags"),
    )


class KnowledgeIndexPage(RoutablePageMixin, ChildRouting, OneQueryViewRestrictions, Page):
    """Abstract: the filterable list of one kind of knowledge page, with its feeds.

    Subclasses name their list (a ``casestudies.knowledge.listing.KnowledgeListing``)
    and their RSS and Atom feed classes by dotted path."""

    listing_path = ""
    feed_paths = ("", "")

    intro = models.TextField(_("introduction"), blank=True)
    title_en = models.CharField(
        _("title in English"), max_length=100, blank=True, help_text=_("Shown on English pages.")
    )
    intro_en = models.TextField(_("introduction in English"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("title_en"),
        FieldPanel("intro_en"),
    ]
    parent_page_types = ["home.HomePage"]
    max_count = 1

    class Meta:
        abstract = True

    @property
    def local_title(self) -> str:
        return local(self, "title")

    @property
    def local_intro(self) -> str:
        return local(self, "intro")

    def get_listing(self):
        return import_string(self.listing_path)

    def child_select_related(self, model) -> list[str]:
        """A page of the list is routed to with its municipality and prefecture."""
        return ["municipality__prefecture"]

    def cache_tags(self) -> tuple[str, ...]:
        """The list, its feeds and its CSV show every page of the list."""
        from .listing import list_tag

        return (list_tag(self.get_listing().model),)

    def get_feed_classes(self):
        """(RSS feed class, Atom feed class)."""
        return tuple(import_string(feed_path) for feed_path in self.feed_paths)

    @path("")
    def list_view(self, request):
        return self.get_listing().list_response(request, self)

    @path("feed/")
    def rss_feed(self, request):
        return self.get_feed_classes()[0]()(request, index_page=self)

    @path("feed/atom/")
    def atom_feed(self, request):
        return self.get_feed_classes()[1]()(request, index_page=self)

    @path("tags/<str:tag>/feed/")
    def tag_feed(self, request, tag):
        return self.get_feed_classes()[0]()(request, index_page=self, tag=tag)


class RelatedCaseStudy(Orderable):
    """Abstract: a case study linked from a template or curriculum (add the ParentalKey)."""

    case_study = models.ForeignKey(
        "cases.CaseStudyPage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("case study"),
    )

    panels = [PageChooserPanel("case_study", "cases.CaseStudyPage")]

    class Meta(Orderable.Meta):
        abstract = True


# "Adopted by municipalities of …": every population band, and the two sizes
# small towns ask for most (under 10,000 and under 50,000 people).
ADOPTER_BANDS = BandSet(
    "population",
    (
        Band("under_10k", pgettext_lazy("adopted by", "Under 10,000 people"), 0, 10_000),
        Band("under_50k", pgettext_lazy("adopted by", "Under 50,000 people"), 0, 50_000),
        *POPULATION,
    ),
)
