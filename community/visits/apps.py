from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class VisitsConfig(AppConfig):
    name = "community.visits"
    label = "visits"
    verbose_name = _("Site visits")

    def ready(self):
        from community.accounts.contributions import register_contribution
        from community.municipalities.sections import register_section

        from . import notifications, signals  # noqa: F401
        from .models.requests import visits_hosted_by
        from .search import register_for_search
        from .sections import municipality_section

        register_section("visits/municipality_section.html", municipality_section, order=40)
        register_for_search()
        notifications.register()
        register_contribution(
            "visits.hosted",
            label=pgettext_lazy("people finder", "visits hosted"),
            count=visits_hosted_by,
            order=50,
        )
