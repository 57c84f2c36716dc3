from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "community.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from community.accounts.backends import read_with_row
        from yokoten.cache_policy import retire
        from yokoten.member_cache import member_tag

        from .models import UNREAD_COLUMN, Notification, unread_count_of_member

        # Every page's header shows it: read with the member's row, in its query.
        read_with_row(UNREAD_COLUMN, unread_count_of_member)

        def unread_changed(sender, instance, raw=False, **kwargs):
            # The recipient's cached unread count and account menu (bulk writes: forget_menus).
            if not raw:
                retire(member_tag(instance.recipient_id))

        post_save.connect(unread_changed, sender=Notification, dispatch_uid="notifications.saved")
        post_delete.connect(unread_changed, sender=Notification, dispatch_uid="notifications.gone")
