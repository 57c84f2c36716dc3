from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Category, Tool


class ToolViewSet(SnippetViewSet):
    model = Tool
    icon = "cogs"
    menu_label = _("Tools")
    list_display = ["name", "name_en", "slug", "sort_order"]
    search_fields = ["name"]
    add_to_admin_menu = True
    menu_order = 300


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "folder-open-inverse"
    menu_label = _("Categories")
    list_display = ["name", "name_en", "slug", "sort_order"]
    search_fields = ["name"]
    add_to_admin_menu = True
    menu_order = 310


register_snippet(ToolViewSet)
register_snippet(CategoryViewSet)
