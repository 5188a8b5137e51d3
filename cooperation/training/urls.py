from django.urls import path

from . import views, views_attendance

app_name = "training"

urlpatterns = [
    path("", views.session_list, name="list"),
    path("courses/", views.course_list, name="courses"),
    path("courses/new/", views.course_create, name="course_create"),
    path("courses/<int:pk>/", views.course_detail, name="course"),
    path("courses/<int:pk>/edit/", views.course_edit, name="course_edit"),
    path("courses/<int:pk>/sessions/new/", views.session_create, name="session_create"),
    path("sessions/<int:pk>/", views.session_detail, name="session"),
    path("sessions/<int:pk>/edit/", views.session_edit, name="session_edit"),
    path("sessions/<int:pk>/cancel/", views.session_cancel, name="session_cancel"),
    path("sessions/<int:pk>/enrol/", views.enrol, name="enrol"),
    path("sessions/<int:pk>/nominate/", views.nominate, name="nominate"),
    path("enrolments/<int:pk>/cancel/", views.enrolment_cancel, name="enrolment_cancel"),
    path("enrolments/<int:pk>/decide/", views.enrolment_decide, name="enrolment_decide"),
    path("sessions/<int:pk>/attendance/", views_attendance.attendance, name="attendance"),
    path("sessions/<int:pk>/attendance/import/", views_attendance.attendance_import, name="attendance_import"),
    path("sessions/<int:pk>/attendance/countersign/", views_attendance.countersign, name="countersign"),
    path("sessions/<int:pk>/feedback/", views_attendance.feedback_summary, name="feedback_summary"),
    path("enrolments/<int:pk>/feedback/", views_attendance.feedback, name="feedback"),
    path("enrolments/<int:pk>/certificate.pdf", views_attendance.certificate_pdf, name="certificate_pdf"),
    path("certificates/<int:pk>/revoke/", views_attendance.certificate_revoke, name="certificate_revoke"),
    path("figures/", views_attendance.figures, name="figures"),
    # Public: whoever holds a certificate's code (its QR code) checks it without signing in.
    path("verify/", views_attendance.verify_form, name="verify_form"),
    path("verify/<str:code>/", views_attendance.verify, name="verify"),
]
