from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "cooperation.documents"
    verbose_name = _("Document library")

    def ready(self) -> None:
        from protocol import library, registry
        from protocol.areas import Area

        from . import notifications  # noqa: F401  registers the notification kinds
        from .demo import seed_documents
        from .figures import area_figures
        from .hits import search_hits
        from .links import library as face
        from .panels import library_panels
        from .waiting import waiting

        library.register(face)
        registry.register(
            registry.AreaApp(
                label=self.label,
                area=Area.DOCUMENTS,
                order=10,
                panels=library_panels,
                nav=("documents:list", _("Documents")),
                demo=seed_documents,
                figures=area_figures,
                waiting=waiting,
                search=search_hits,
                search_list="documents:list",
                api=_api_routes,
            )
        )


def _api_routes():
    from .api import api_routes

    return api_routes()
