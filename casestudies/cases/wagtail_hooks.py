from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import FundingProgramme


class FundingProgrammeViewSet(SnippetViewSet):
    """The funding a case study can name (交付金, 特別交付税措置, 県補助 …)."""

    model = FundingProgramme
    icon = "tag"
    menu_label = _("Funding programmes")
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name"]
    add_to_admin_menu = True
    menu_order = 320


register_snippet(FundingProgrammeViewSet)
