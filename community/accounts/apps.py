from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "community.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from yokoten.member_cache import never_share_with

        from . import caching, notifications, renewal, signals  # noqa: F401
        from .permissions import may_moderate

        renewal.register()
        notifications.register()
        # Moderators see controls on every page: they always get their own render.
        never_share_with(may_moderate)
        caching.connect()
