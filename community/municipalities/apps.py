from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MunicipalitiesConfig(AppConfig):
    name = "community.municipalities"
    verbose_name = _("Municipalities")

    def ready(self):
        from .search import register_kind

        register_kind()
