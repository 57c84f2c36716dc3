from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import SynonymGroup, ZeroResultQuery


class SynonymGroupViewSet(SnippetViewSet):
    """The editable synonym list for government terms (電子申請 = オンライン申請 …)."""

    model = SynonymGroup
    icon = "search"
    menu_label = _("Search synonyms")
    add_to_admin_menu = True
    menu_order = 320


register_snippet(SynonymGroupViewSet)


class ZeroResultQueryViewSet(SnippetViewSet):
    """This week's site searches that found nothing, most frequent first: each is a
    synonym waiting to be added."""

    model = ZeroResultQuery
    icon = "warning"
    menu_label = _("Searches with no results")
    add_to_admin_menu = True
    menu_order = 321
    list_display = ["query", "count", "day"]
    list_filter = ["day"]
    inspect_view_enabled = True

    def get_queryset(self, request):
        import datetime

        from django.utils import timezone

        week_ago = timezone.localdate() - datetime.timedelta(days=7)
        return ZeroResultQuery.objects.filter(day__gt=week_ago).order_by("-count", "-day")


register_snippet(ZeroResultQueryViewSet)
