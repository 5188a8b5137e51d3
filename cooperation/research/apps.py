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
        from .hits import search_hits
        from .panels import research_panels
        from .selectors import projects_visible_to

        registry.register(
            registry.AreaApp(
                label=self.label,
                area=Area.RESEARCH,
                order=20,
                nav=("research:list", _("Research")),
                panels=research_panels,
                ledger_sources={"research.ResearchProject": projects_visible_to},
                demo=seed_research,
                search=search_hits,
                search_list="research:list",
            )
        )
