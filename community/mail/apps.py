from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailConfig(AppConfig):
    name = "community.mail"
    label = "mail"
    verbose_name = _("Outgoing email")
