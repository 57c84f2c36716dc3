from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "casestudies.cases"
    label = "cases"
    verbose_name = _("Case studies")

    def ready(self):
        from . import signals  # noqa: F401
        from .search import register_for_search

        register_for_search()

        from community.taxonomy.choices import register_term_list

        register_term_list("funding", "cases.FundingProgramme")

        from community.municipalities.sections import register_section

        from .sections import case_studies_of

        register_section("cases/municipality_section.html", case_studies_of, order=10)
