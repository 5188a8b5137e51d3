from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "protocol.notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from protocol import registry

        from . import digests  # noqa: F401  registers the digest's own kind

        # Not an area: registered for its REST API resources only (protocol/api mounts what the registry lists).
        registry.register(registry.AreaApp(label=self.label, order=1000, api=_api_routes))


def _api_routes():
    from .api import api_routes

    return api_routes()
