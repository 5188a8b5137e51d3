from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementConfig(AppConfig):
    name = "protocol.agreement"
    label = "agreement"
    verbose_name = _("The cooperation agreement")

    def ready(self) -> None:
        from protocol import registry

        from . import notifications, reminders  # noqa: F401  register the notification kinds and reminders
        from .calendar import events_for
        from .demo import seed_agreement
        from .waiting import waiting_for

        # The agreement spans the areas: registered with none, reachable as "The protocol" (base.html).
        registry.register(
            registry.AreaApp(label=self.label, order=90, demo=seed_agreement, calendar=events_for, waiting=waiting_for)
        )
