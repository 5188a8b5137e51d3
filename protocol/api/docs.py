"""The interactive docs page: Swagger UI from drf-spectacular-sidecar's static files (no CDN), under the
portal's CSP unchanged: the split view serves its start-up script as a file of its own (no inline script),
and our template drops the inline <style> of drf-spectacular's (static/css/api-docs.css instead)."""

from drf_spectacular.views import SpectacularSwaggerSplitView


class DocsView(SpectacularSwaggerSplitView):
    template_name = "api/docs.html"
