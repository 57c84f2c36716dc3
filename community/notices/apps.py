from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "community.notices"
    label = "notices"
    verbose_name = _("Official notices")

    def ready(self):
        from . import notifications

        notifications.register()
