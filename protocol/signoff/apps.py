from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignOffConfig(AppConfig):
    name = "protocol.signoff"
    label = "signoff"
    verbose_name = _("Sign-off by the parties")
