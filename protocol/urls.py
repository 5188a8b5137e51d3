from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from . import calendar_page, dashboard, global_search, views
from .agreement import views as agreement_views

admin.site.site_header = _("Cooperation Protocol Portal — administration")
admin.site.site_title = _("Cooperation Protocol Portal")

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("calendar/", calendar_page.calendar_page, name="calendar"),
    path("healthz", views.healthz, name="healthz"),
    path("search/", global_search.global_search, name="search"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("", include("protocol.parties.urls")),
    path("accounts/two-factor/", include("protocol.mfa.urls")),
    # "The protocol": the agreement's record, at the URL it always had.
    path("about/", agreement_views.agreement, name="about"),
    path("about/", include("protocol.agreement.urls")),
    path("activities/", include("protocol.activities.urls")),
    path("notifications/", include("protocol.notifications.urls")),
    path("documents/", include("cooperation.documents.urls")),
    path("meetings/", include("cooperation.meetings.urls")),
    path("research/", include("cooperation.research.urls")),
    path("training/", include("cooperation.training.urls")),
    path("projects/", include("cooperation.projects.urls")),
    path("reports/", include("protocol.reports.urls")),
    path("audit/", include("protocol.audit.urls")),
    path("admin/", admin.site.urls),
    # The REST API (issue 17): /api/v1/, its schema and docs; personal access tokens on the user's own pages.
    path("api/", include("protocol.api.urls")),
    path("accounts/tokens/", include("protocol.api.urls_tokens")),
]
