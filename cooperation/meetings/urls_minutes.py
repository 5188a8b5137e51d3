"""The minutes, action items and ledger pages; cooperation/meetings/urls.py adds them under app_name "meetings"."""

from django.urls import path

from . import views_minutes as views

urlpatterns = [
    path("<int:pk>/minutes/", views.minutes_detail, name="minutes"),
    path("<int:pk>/minutes/start/", views.minutes_start, name="minutes_start"),
    path("<int:pk>/minutes/edit/", views.minutes_edit, name="minutes_edit"),
    path("<int:pk>/minutes/submit/", views.minutes_submit, name="minutes_submit"),
    path("<int:pk>/minutes/review/", views.minutes_review, name="minutes_review"),
    path("<int:pk>/minutes/revisions/<int:number>/", views.minutes_revision, name="minutes_revision"),
    path("<int:pk>/minutes/diff/", views.minutes_diff, name="minutes_diff"),
    path("<int:pk>/minutes/pdf/", views.minutes_pdf, name="minutes_pdf"),
    path("<int:pk>/minutes/amend/", views.minutes_amend, name="minutes_amend"),
    path("<int:pk>/held/", views.meeting_held, name="meeting_held"),
    path("<int:pk>/actions/new/", views.action_create, name="action_create"),
    path("actions/", views.action_list, name="actions"),
    path("actions/<int:pk>/done/", views.action_done, name="action_done"),
]
