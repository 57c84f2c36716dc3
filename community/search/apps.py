from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "community.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self):
        from .synonyms import invalidate_synonym_map

        group = self.get_model("SynonymGroup")
        post_save.connect(
            invalidate_synonym_map, sender=group, dispatch_uid="search_synonyms_saved"
        )
        post_delete.connect(
            invalidate_synonym_map, sender=group, dispatch_uid="search_synonyms_deleted"
        )
        # A tool's name and spellings are synonyms too (vocabulary.tool_groups).
        tool = "taxonomy.Tool"
        post_save.connect(invalidate_synonym_map, sender=tool, dispatch_uid="search_tool_saved")
        post_delete.connect(invalidate_synonym_map, sender=tool, dispatch_uid="search_tool_deleted")
