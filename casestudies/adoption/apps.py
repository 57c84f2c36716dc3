from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdoptionConfig(AppConfig):
    name = "casestudies.adoption"
    label = "adoption"
    verbose_name = _("Adoption (横展開)")

    def ready(self):
        from community.municipalities.sections import register_section
        from yokoten.member_cache import register_personal_part

        from . import notifications, signals  # noqa: F401
        from .panel import render_panel
        from .sections import adoptions_of

        register_section("adoption/municipality_section.html", adoptions_of, order=14)
        notifications.register()
        register_personal_part("adoption_panel", render_panel)
