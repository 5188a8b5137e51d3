from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartiesConfig(AppConfig):
    name = "protocol.parties"
    verbose_name = _("Parties and staff")
