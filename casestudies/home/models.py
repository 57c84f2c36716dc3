from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from community.municipalities.bands import POPULATION_BANDS
from community.municipalities.models import Kind, Municipality
from yokoten.member_cache import share_with_members


class HomePage(Page):
    """The site's root page: what Yokoten is, and where to start."""

    lead = models.CharField(_("lead"), max_length=200, blank=True)
    body = RichTextField(
        _("body"), blank=True, features=["bold", "italic", "link", "ol", "ul", "h2", "h3"]
    )

    content_panels = [*Page.content_panels, FieldPanel("lead"), FieldPanel("body")]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        share_with_members(request)  # the same home page for every member
        context = super().get_context(request, *args, **kwargs)
        counts = dict(
            Municipality.objects.municipalities_only()
            .values_list("kind")
            .annotate(n=models.Count("pk"))
            .values_list("kind", "n")
        )
        context["municipality_count"] = sum(counts.values())
        context["small_town_bands"] = POPULATION_BANDS[:4]
        context["kinds"] = Kind
        return context
