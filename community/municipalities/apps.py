from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MunicipalitiesConfig(AppConfig):
    name = "community.municipalities"
    verbose_name = _("Municipalities")

    def ready(self):
        from .search import register_kind

        register_kind()

        from django.db.models.signals import post_delete, post_save

        from yokoten.cache_policy import retire_everything

        from .held import row_written
        from .models import Municipality

        def changed(sender, instance, raw=False, **kwargs):
            # A name or population is on every page that mentions the municipality
            # (cards, bands, lists): rare (an admin's edit), so every page is retired.
            # The registry import writes in bulk and retires once (registry.py).
            row_written()
            if not raw:
                retire_everything()

        # weak=False: ``changed`` lives only as long as this call, and a weak reference
        # to it would be dropped when ready() returns (and with it the signal).
        post_save.connect(
            changed, sender=Municipality, weak=False, dispatch_uid="municipalities.saved"
        )
        post_delete.connect(
            changed, sender=Municipality, weak=False, dispatch_uid="municipalities.deleted"
        )
