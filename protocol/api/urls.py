"""/api/v1/: one router; every app registers its resources through the area registry (protocol.registry's
`api` hook), so this module names no area."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from protocol import registry

from .docs import DocsView
from .views import NotFoundView


class Router(DefaultRouter):
    include_root_view = False
    include_format_suffixes = False


router = Router(trailing_slash=True)
for route in registry.api_routes():
    router.register(route.prefix, route.viewset, basename=route.basename)

urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", DocsView.as_view(url_name="api-schema"), name="api-docs"),
    # Last: any other path under /api/ (an id that is no number, a resource that is not there) is answered in
    # the API's error shape, not with the portal's HTML page.
    re_path(r"^(?P<rest>.*)$", NotFoundView.as_view(), name="api-not-found"),
]
