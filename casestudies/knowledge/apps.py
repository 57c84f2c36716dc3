from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "casestudies.knowledge"
    label = "knowledge"
    verbose_name = _("Shared knowledge")

    def ready(self):
        from wagtail.models import AbstractPage
        from wagtail.permissions import register_permission_policy

        from . import notifications, signals  # noqa: F401
        from .admin_permissions import MunicipalPagePermissionPolicy

        register_permission_policy(AbstractPage, MunicipalPagePermissionPolicy())
        notifications.register()
