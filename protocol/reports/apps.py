from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "protocol.reports"
    verbose_name = _("Annual implementation reports")

    def ready(self) -> None:
        from protocol import registry

        from . import notifications  # noqa: F401  registers the notification kinds
        from .demo import seed_reports
        from .panels import figures_panels

        # Spans the areas, like the ledger: registered with no area, after them.
        registry.register(
            registry.AreaApp(
                label=self.label,
                order=90,
                panels=figures_panels,
                # No navbar entry: at 1280px the bar has no room left; the dashboard's figures panel links the reports.
                demo=seed_reports,
                api=_api_routes,
            )
        )


def _api_routes():
    from .api import api_routes

    return api_routes()
