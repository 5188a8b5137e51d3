from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("<int:year>/", views.report_year, name="year"),
    path("<int:year>/generate/", views.report_generate, name="generate"),
    path("<int:year>/highlights/", views.highlight_add, name="highlight_add"),
    path("highlights/<int:pk>/remove/", views.highlight_remove, name="highlight_remove"),
    path("<int:year>/v<int:version>/", views.report_detail, name="detail"),
    path("<int:year>/v<int:version>/progress/", views.report_progress, name="progress"),
    path("<int:year>/v<int:version>/review/", views.report_review, name="review"),
    path("<int:year>/v<int:version>/<str:edition>/", views.report_download, name="download"),
]
