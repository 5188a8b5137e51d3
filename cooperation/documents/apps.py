from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "cooperation.documents"
    verbose_name = _("Document library")

    def ready(self) -> None:
        from . import notifications  # noqa: F401  registers the notification kinds
