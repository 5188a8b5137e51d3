from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "protocol.audit"
    label = "audit"
    verbose_name = _("Audit trail")

    def ready(self) -> None:
        from . import receivers, tracked  # noqa: F401  receivers: sign-in, sign-out and failures

        tracked.register_all()
