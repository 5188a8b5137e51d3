from django.urls import path

from . import views, views_exports, views_project

app_name = "research"

urlpatterns = [
    path("", views.project_list, name="list"),
    path("new/", views.project_create, name="create"),
    path("<int:pk>/", views_project.project_detail, name="detail"),
    path("<int:pk>/edit/", views.project_edit, name="edit"),
    path("<int:pk>/propose/", views_project.project_propose, name="propose"),
    path("<int:pk>/plan/<int:number>/", views_project.plan_version, name="plan_version"),
    path("<int:pk>/plan/<int:number>/approve/", views_project.plan_approve, name="plan_approve"),
    path("<int:pk>/plan/<int:number>/changes/", views_project.plan_request_changes, name="plan_changes"),
    path("<int:pk>/start/", views_project.project_start, name="start"),
    path("<int:pk>/complete/", views_project.project_complete, name="complete"),
    path("<int:pk>/end/", views_project.project_end, name="end"),
    path("<int:pk>/reports/new/", views_project.report_create, name="report_create"),
    path("<int:pk>/milestones/<int:milestone>/done/", views_project.milestone_done, name="milestone_done"),
    path(
        "<int:pk>/deliverables/<int:deliverable>/submit/", views_project.deliverable_submit, name="deliverable_submit"
    ),
    path("<int:pk>/deliverables/<int:deliverable>/", views_project.deliverable_review, name="deliverable_review"),
    path(
        "<int:pk>/deliverables/<int:deliverable>/accept/", views_project.deliverable_accept, name="deliverable_accept"
    ),
    path("<int:pk>/deliverables/<int:deliverable>/fixes/", views_project.deliverable_fixes, name="deliverable_fixes"),
    path("<int:pk>/summary.pdf", views_exports.summary_pdf, name="summary_pdf"),
    path("<int:pk>/milestones.csv", views_exports.milestones_csv, name="milestones_csv"),
    path("<int:pk>/milestones.xlsx", views_exports.milestones_xlsx, name="milestones_xlsx"),
]
