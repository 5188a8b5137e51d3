from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("", views.document_list, name="list"),
    path("new/", views.document_create, name="create"),
    path("pick/", views.document_pick, name="pick"),
    path("<int:pk>/", views.document_detail, name="detail"),
    path("<int:pk>/edit/", views.document_edit, name="edit"),
    path("<int:pk>/versions/new/", views.version_create, name="version_create"),
    path("<int:pk>/archive/", views.document_archive, name="archive"),
    path("<int:pk>/versions/<int:number>/download/", views.download, name="download"),
    path("<int:pk>/versions/<int:number>/preview/", views.preview, name="preview"),
    path("<int:pk>/versions/<int:number>/thumbnail/", views.thumbnail, name="thumbnail"),
    path("<int:pk>/request-access/", views.access_request_create, name="request_access"),
    path("<int:pk>/downloads/", views.download_log, name="download_log"),
    path("requests/<int:pk>/decide/", views.access_request_decide, name="decide"),
]
