from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResearchConfig(AppConfig):
    name = "cooperation.research"
    verbose_name = _("Joint research")

    def ready(self) -> None:
        from protocol import registry
        from protocol.areas import Area

        from . import notifications, reminders  # noqa: F401  register the notification kinds and reminders
        from .demo import seed_research
        from .figures import area_figures
        from .hits import search_hits
        from .ics import events_for
        from .selectors import projects_visible_to
        from .waiting import overdue, waiting

        registry.register(
            registry.AreaApp(
                label=self.label,
                area=Area.RESEARCH,
                order=20,
                nav=("research:list", _("Research")),
                ledger_sources={"research.ResearchProject": projects_visible_to},
                demo=seed_research,
                figures=area_figures,
                calendar=events_for,
                waiting=waiting,
                overdue=overdue,
                search=search_hits,
                search_list="research:list",
                api=_api_routes,
            )
        )


def _api_routes():
    from .api import api_routes

    return api_routes()
