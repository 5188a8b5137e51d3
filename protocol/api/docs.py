"""The interactive docs page: Swagger UI from drf-spectacular-sidecar's static files (no CDN), under the
portal's CSP unchanged: the split view serves its start-up script as a file of its own (no inline script),
and our template drops the inline <style> of drf-spectacular's (static/css/api-docs.css instead)."""

from django.utils import translation
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView


class DocsView(SpectacularSwaggerSplitView):
    template_name = "api/docs.html"


class SchemaView(SpectacularAPIView):
    """The OpenAPI schema in English unless `?lang=` asks for another: it is read by the scripts and generators
    of both parties, whose code should not change with the language of whoever fetched it (field titles come
    from the models' translated names)."""

    @extend_schema(exclude=True)  # as drf-spectacular's own (SERVE_INCLUDE_SCHEMA off): the schema is not an operation
    def get(self, request, *args, **kwargs):
        if request.GET.get("lang"):
            return super().get(request, *args, **kwargs)
        with translation.override("en"):
            return super().get(request, *args, **kwargs)
