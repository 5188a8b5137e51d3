from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "cooperation.training"
    verbose_name = _("Training")

    def ready(self) -> None:
        from protocol import registry
        from protocol.areas import Area

        from . import notifications, reminders  # noqa: F401  register the notification kinds and reminders
        from .demo import seed_training
        from .figures import area_figures
        from .hits import search_hits
        from .ics import events_for
        from .panels import training_panels
        from .selectors import sessions_visible_to
        from .waiting import waiting

        registry.register(
            registry.AreaApp(
                label=self.label,
                area=Area.TRAINING,
                order=30,
                nav=("training:list", _("Training")),
                panels=training_panels,
                ledger_sources={"training.TrainingSession": sessions_visible_to},
                calendar=events_for,
                demo=seed_training,
                figures=area_figures,
                waiting=waiting,
                search=search_hits,
                search_list="training:list",
                api=_api_routes,
            )
        )


def _api_routes():
    from .api import api_routes

    return api_routes()
