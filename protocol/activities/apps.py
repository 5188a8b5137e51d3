from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "protocol.activities"
    verbose_name = _("Joint activity ledger")

    def ready(self) -> None:
        from . import notifications, reminders  # noqa: F401  register the notification kinds and reminders
