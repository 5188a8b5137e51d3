from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "cooperation.meetings"
    verbose_name = _("Meetings")

    def ready(self) -> None:
        from protocol import registry
        from protocol.areas import Area

        from . import notifications, reminders  # noqa: F401  register the notification kinds and reminders
        from .demo import seed_meetings
        from .figures import area_figures
        from .hits import search_hits
        from .ics import events_for
        from .selectors import meetings_visible_to
        from .waiting import overdue, waiting

        registry.register(
            registry.AreaApp(
                label=self.label,
                area=Area.COMMUNICATION,
                order=40,
                nav=("meetings:list", _("Meetings")),
                ledger_sources={"meetings.Meeting": meetings_visible_to},
                demo=seed_meetings,
                figures=area_figures,
                calendar=events_for,
                waiting=waiting,
                overdue=overdue,
                search=search_hits,
                api=_api_routes,
            )
        )


def _api_routes():
    from .api import api_routes

    return api_routes()
