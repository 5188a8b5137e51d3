from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "protocol.notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from . import digests  # noqa: F401  registers the digest's own kind
