from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "protocol.activities"
    verbose_name = _("Joint activity ledger")

    def ready(self) -> None:
        from protocol import registry

        from . import notifications, reminders  # noqa: F401  register the notification kinds and reminders
        from .demo import seed_activities
        from .figures import ledger_figures
        from .hits import search_hits
        from .panels import ledger_panels
        from .waiting import overdue, waiting

        # The ledger spans the areas: registered like them, with no area of its own.
        registry.register(
            registry.AreaApp(
                label=self.label,
                order=0,
                panels=ledger_panels,
                nav=("activities:list", _("Activities")),
                demo=seed_activities,
                figures=ledger_figures,
                waiting=waiting,
                overdue=overdue,
                search=search_hits,
                search_list="activities:list",
                api=_api_routes,
            )
        )


def _api_routes():
    from .api import api_routes

    return api_routes()
