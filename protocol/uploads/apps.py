from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UploadsConfig(AppConfig):
    name = "protocol.uploads"
    verbose_name = _("Kept uploads")

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the system check)
