from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartiesConfig(AppConfig):
    name = "protocol.parties"
    verbose_name = _("Parties and staff")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from protocol import session_limits

        user_logged_in.connect(session_limits.session_started, dispatch_uid="session_limits_started")
