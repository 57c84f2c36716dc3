from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImpactConfig(AppConfig):
    name = "casestudies.impact"
    label = "impact"
    verbose_name = _("Impact")

    def ready(self):
        from community.municipalities.sections import register_section

        from .sections import activity_of

        register_section("impact/municipality_section.html", activity_of, order=5)
