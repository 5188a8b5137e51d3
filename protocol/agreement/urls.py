"""Under /about/: the agreement's page itself is the project's `about` URL (protocol/urls.py)."""

from django.urls import path

from . import views

app_name = "agreement"

urlpatterns = [
    path("amendments/new/", views.amendment_create, name="amendment_create"),
    path("amendments/<int:pk>/", views.amendment_detail, name="amendment"),
    path("amendments/<int:pk>/edit/", views.amendment_edit, name="amendment_edit"),
    path("amendments/<int:pk>/propose/", views.amendment_propose, name="amendment_propose"),
    path("amendments/<int:pk>/versions/<int:number>/", views.amendment_version, name="amendment_version"),
    path("amendments/<int:pk>/versions/<int:number>/review/", views.amendment_review, name="amendment_review"),
    path("liaisons/", views.liaisons, name="liaisons"),
    path("liaisons/new/", views.liaison_create, name="liaison_create"),
    path("liaisons/<int:pk>/edit/", views.liaison_edit, name="liaison_edit"),
    path("liaisons/<int:pk>/remove/", views.liaison_remove, name="liaison_remove"),
]
