from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CurriculaConfig(AppConfig):
    name = "casestudies.curricula"
    label = "curricula"
    verbose_name = _("Training curricula")

    def ready(self):
        from casestudies.knowledge.search import register_knowledge_kind, register_knowledge_search
        from casestudies.knowledge.signals import (
            count_as_contributions,
            count_as_publications,
            keep_list_in_step,
        )
        from community.municipalities.sections import register_section

        from .listing import CURRICULA
        from .models import CurriculumPage
        from .search import plain_text
        from .sections import curricula_of

        keep_list_in_step(CurriculumPage)
        count_as_publications(CurriculumPage)
        count_as_contributions(CurriculumPage, order=30)
        register_knowledge_search(CurriculumPage, plain_text)
        register_knowledge_kind(
            "curricula",
            label=pgettext_lazy("search kind", "Curricula"),
            listing=CURRICULA,
            order=30,
        )
        register_section("curricula/municipality_section.html", curricula_of, order=12)
