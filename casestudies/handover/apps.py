from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HandoverConfig(AppConfig):
    name = "casestudies.handover"
    label = "handover"
    verbose_name = _("Handover (人事異動)")

    def ready(self):
        from . import notifications

        notifications.register()
