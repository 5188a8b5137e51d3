from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "cooperation.meetings"
    verbose_name = _("Meetings")

    def ready(self) -> None:
        from . import notifications, reminders  # noqa: F401  register the notification kinds and reminders
