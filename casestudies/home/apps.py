from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "casestudies.home"
    label = "home"
    verbose_name = _("Home")

    def ready(self):
        from .routing import connect

        connect()
