from django.urls import path

from . import views

app_name = "mfa"
urlpatterns = [
    path("enrol/", views.enrol, name="enrol"),
    path("recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("verify/", views.verify, name="verify"),
]
