from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "cooperation.projects"
    verbose_name = _("Project support")

    def ready(self) -> None:
        from protocol import registry
        from protocol.areas import Area

        from . import notifications, reminders  # noqa: F401  register the notification kinds and reminders
        from .demo import seed_projects
        from .figures import area_figures
        from .hits import search_hits
        from .ics import events_for
        from .panels import project_panels
        from .selectors import projects_visible_to
        from .waiting import overdue, waiting

        registry.register(
            registry.AreaApp(
                label=self.label,
                area=Area.PROJECTS,
                order=50,
                nav=("projects:list", _("Project support")),
                panels=project_panels,
                ledger_sources={"projects.Project": projects_visible_to},
                demo=seed_projects,
                figures=area_figures,
                calendar=events_for,
                waiting=waiting,
                overdue=overdue,
                search=search_hits,
                search_list="projects:list",
                api=_api_routes,
            )
        )


def _api_routes():
    from .api import api_routes

    return api_routes()
