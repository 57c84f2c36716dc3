from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "casestudies.knowledge"
    label = "knowledge"
    verbose_name = _("Shared knowledge")

    def ready(self):
        from . import signals  # noqa: F401
