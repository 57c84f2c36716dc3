from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from casestudies.home.routing import ChildRouting, OneQueryViewRestrictions
from yokoten.i18n import local
from yokoten.member_cache import keep_for_member, share_with_members


class HomePage(ChildRouting, OneQueryViewRestrictions, Page):
    """The site's root page: what Yokoten is, where to start, and what is new (front.py)."""

    lead = models.CharField(_("lead"), max_length=200, blank=True)
    body = RichTextField(
        _("body"), blank=True, features=["bold", "italic", "link", "ol", "ul", "h2", "h3"]
    )
    title_en = models.CharField(
        _("title in English"), max_length=100, blank=True, help_text=_("Shown on English pages.")
    )
    lead_en = models.CharField(_("lead in English"), max_length=200, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("lead"),
        FieldPanel("body"),
        FieldPanel("title_en"),
        FieldPanel("lead_en"),
    ]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    @property
    def local_title(self) -> str:
        return local(self, "title")

    @property
    def local_lead(self) -> str:
        return local(self, "lead")

    def get_template(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            return "home/dashboard.html"
        return super().get_template(request, *args, **kwargs)

    def cache_tags(self) -> tuple[str, ...]:
        """The front door (front.py) shows new pages ("home": every knowledge publish),
        questions ("list:forum"), visits ("list:visits"), adoptions ("impact") and
        upcoming events ("list:events", events.py)."""
        return ("home", "list:forum", "list:visits", "impact", "list:events")

    def get_context(self, request, *args, **kwargs):
        # The modules import this app's models (through the lists they read).
        from .dashboard import dashboard
        from .events import upcoming_events
        from .front import front_door

        context = super().get_context(request, *args, **kwargs)
        if request.user.is_authenticated:  # the member's own: never shared
            # First: the first view of a visit records it (retiring the member's tag).
            context["dashboard"] = dashboard(request)
            context["upcoming_events"] = upcoming_events(request)
            changes = [
                moment
                for moment in (
                    context["dashboard"].changes_at,
                    context["upcoming_events"].changes_at(),
                )
                if moment
            ]
            keep_for_member(request, until=min(changes).timestamp() if changes else None)
        else:
            context["upcoming_events"] = upcoming_events(request)
            share_with_members(request)
            context["front"] = front_door(request)
        return context
