from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

urlpatterns = [
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("language/", views.language_switch, name="language_switch"),
    path("about/", views.about, name="about"),
    path("people/pick/", views.people_pick, name="people_pick"),
    path("help/", views.help_page, name="help"),
]
