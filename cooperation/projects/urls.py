from django.urls import path

from . import views, views_calls, views_contributions, views_exports

app_name = "projects"

urlpatterns = [
    # Projects (views.py)
    path("", views.project_list, name="list"),
    path("new/", views.project_create, name="create"),
    path("<int:pk>/", views.project_detail, name="project"),
    path("<int:pk>/edit/", views.project_edit, name="edit"),
    path("<int:pk>/publish/", views.project_publish, name="publish"),
    path("<int:pk>/advance/", views.project_advance, name="advance"),
    path("<int:pk>/indicators/<int:indicator>/report/", views.indicator_report, name="indicator_report"),
    # Calls, applications, reviews, decisions (views_calls.py)
    path("calls/", views_calls.call_list, name="calls"),
    path("<int:pk>/calls/new/", views_calls.call_create, name="call_create"),
    path("calls/<int:pk>/", views_calls.call_detail, name="call"),
    path("calls/<int:pk>/edit/", views_calls.call_edit, name="call_edit"),
    path("calls/<int:pk>/apply/", views_calls.application_create, name="apply"),
    path("applications/", views_calls.application_list, name="applications"),
    path("applications/review/", views_calls.review_list, name="to_review"),
    path("applications/decide/", views_calls.decide_list, name="to_decide"),
    path("applications/<int:pk>/", views_calls.application_detail, name="application"),
    path("applications/<int:pk>/edit/", views_calls.application_edit, name="application_edit"),
    path("applications/<int:pk>/withdraw/", views_calls.application_withdraw, name="application_withdraw"),
    path("applications/<int:pk>/review/", views_calls.review, name="review"),
    path("applications/<int:pk>/decide/", views_calls.decide, name="decide"),
    # Contributions (views_contributions.py)
    path("<int:pk>/contributions/", views_contributions.contribution_list, name="contributions"),
    path("<int:pk>/contributions/new/", views_contributions.contribution_create, name="contribution_create"),
    path("contributions/<int:pk>/edit/", views_contributions.contribution_edit, name="contribution_edit"),
    path("contributions/<int:pk>/confirm/", views_contributions.contribution_confirm, name="contribution_confirm"),
    path("contributions/to-confirm/", views_contributions.to_confirm_list, name="to_confirm"),
    path("figures/", views_contributions.figures, name="figures"),
    # Exports (views_exports.py)
    path("calls/<int:pk>/applications.xlsx", views_exports.applications_xlsx, name="applications_xlsx"),
    path("<int:pk>/contributions.csv", views_exports.contributions_csv, name="contributions_csv"),
    path("<int:pk>/contributions.xlsx", views_exports.contributions_xlsx, name="contributions_xlsx"),
]
