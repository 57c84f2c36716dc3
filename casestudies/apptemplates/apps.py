from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AppTemplatesConfig(AppConfig):
    name = "casestudies.apptemplates"
    label = "apptemplates"
    verbose_name = _("App templates")

    def ready(self):
        from casestudies.knowledge.search import register_knowledge_kind, register_knowledge_search
        from casestudies.knowledge.signals import (
            count_as_contributions,
            count_as_publications,
            keep_list_in_step,
        )
        from community.municipalities.sections import register_section

        from .listing import APP_TEMPLATES
        from .models import AppTemplatePage
        from .search import plain_text
        from .sections import templates_of

        keep_list_in_step(AppTemplatePage)
        count_as_publications(AppTemplatePage)
        count_as_contributions(AppTemplatePage, order=20)
        register_knowledge_search(AppTemplatePage, plain_text)
        register_knowledge_kind(
            "templates",
            label=pgettext_lazy("search kind", "App templates"),
            listing=APP_TEMPLATES,
            order=20,
        )
        register_section("apptemplates/municipality_section.html", templates_of, order=11)
