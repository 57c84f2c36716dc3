from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "community.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self):
        from . import notifications
        from .search import register_for_search

        notifications.register()
        register_for_search()
