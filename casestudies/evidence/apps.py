from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvidenceConfig(AppConfig):
    name = "casestudies.evidence"
    label = "evidence"
    verbose_name = _("Evidence packs for budget requests")

    def ready(self):
        from yokoten.member_cache import register_personal_part

        from .basket import render_basket_button

        register_personal_part("pack_button", render_basket_button)
