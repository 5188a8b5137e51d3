"""The project pages: the list, the project form, the project's page, publishing and moving a project on, and
reporting an indicator's value. Calls and applications are in views_calls.py, contributions in
views_contributions.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from protocol import search
from protocol.forms import merge_service_errors
from protocol.lists import list_page
from protocol.once.submissions import create_or_existing
from protocol.parties.roles import Role
from protocol.visibility import holds_role, visible_or_404

from . import exports, permissions, selectors, services
from .filters import ProjectFilter
from .forms import IndicatorReportForm, ProjectForm, indicator_rows
from .models import NEXT_STATUS, Project, ProjectStatus


@login_required
def project_list(request):
    user = request.user
    filterset = ProjectFilter(request.GET or None, queryset=selectors.projects_listed(user))
    query = request.GET.get("q", "").strip()
    # A search pages by number through its ranked ids, the list itself by keyset (as training and research do).
    ranked = selectors.matching(filterset.qs, query) if search.query_terms(query) else None
    context = list_page(request, filterset, ranked=ranked, export=exports.PROJECTS)
    if download := context["page"].download:
        return download
    context |= {
        "query": query,
        "can_organise": permissions.can_organise(user),
        "is_coordinator": holds_role(user, Role.COORDINATOR),
    }
    return render(request, "projects/list.html", context)


@login_required
def project_create(request):
    if not permissions.can_organise(request.user):
        raise PermissionDenied
    indicators = indicator_rows(request.POST or None)
    form = ProjectForm(request.POST or None, user=request.user, indicators=indicators)
    if request.method == "POST" and all([form.is_valid(), indicators.is_valid()]):
        try:
            project, created = create_or_existing(
                request, form, lambda: services.project_create(by=request.user, fields=form.to_fields())
            )
        except ValidationError as exc:
            merge_service_errors(form, exc, elsewhere=form.elsewhere())
        else:
            if created:
                messages.success(request, _("Project saved. It is internal to your party until it is published."))
            return redirect(project)
    return render(request, "projects/project_form.html", {"form": form, "indicators": indicators})


@login_required
def project_detail(request, pk):
    user = request.user
    project = visible_or_404(selectors.project_detail, user, pk)
    progress = selectors.indicators_of(project)
    can_report = permissions.can_report_results(user, project)
    context = {
        "project": project,
        "progress": progress,
        "reported": any(row.latest is not None for row in progress),
        "calls": selectors.calls_of(project),
        "participants": selectors.participants_of(project),
        "next_status": _next_status(project),
        "can_edit": permissions.can_edit_project(user, project),
        "can_publish": permissions.can_publish(user, project),
        "can_advance": permissions.can_advance(user, project),
        "can_add_call": permissions.can_add_call(user, project),
        "can_report": can_report,
    }
    return render(request, "projects/project.html", context)


@login_required
def project_edit(request, pk):
    project = visible_or_404(selectors.project_detail, request.user, pk)
    _may_change(request.user, project)
    stored_title = project.title  # the form writes the posted values onto the instance as it validates
    indicators = indicator_rows(request.POST or None, project=project)
    form = ProjectForm(request.POST or None, instance=project, user=request.user, indicators=indicators)
    if request.method == "POST" and all([form.is_valid(), indicators.is_valid()]):
        try:
            project = services.project_update(project=project, by=request.user, fields=form.to_fields())
        except ValidationError as exc:
            merge_service_errors(form, exc, elsewhere=form.elsewhere())
        else:
            messages.success(request, _("Changes saved."))
            return redirect(project)
    context = {"form": form, "indicators": indicators, "project": project, "stored_title": stored_title}
    return render(request, "projects/project_form.html", context)


@login_required
def project_publish(request, pk):
    project = visible_or_404(selectors.project_visible_to, request.user, pk)
    if not permissions.is_organising_coordinator(request.user, project):
        raise PermissionDenied
    if request.method == "POST":
        # Published already (by a colleague, or in another tab): the service says so on the project's page.
        project = services.project_publish(project=project, by=request.user)
        messages.success(request, _("Project published: the other party sees it now."))
        return redirect(project)
    if not permissions.can_publish(request.user, project):
        raise services.ProjectError(_("This project is already published."), record=project)
    return render(request, "projects/publish.html", {"project": project})


@login_required
def project_advance(request, pk):
    project = visible_or_404(selectors.project_visible_to, request.user, pk)
    if not permissions.is_organising_coordinator(request.user, project):
        raise PermissionDenied
    if not project.is_published:
        raise services.ProjectError(_("Publish the project before moving it on."), record=project)
    if request.method == "POST":
        # The page names the status it moves to: a page loaded before someone else moved the project on asks
        # for a step the service no longer takes, and says so.
        project = services.project_advance(project=project, by=request.user, to=request.POST.get("to", ""))
        messages.success(request, _("The project is now “%(status)s”.") % {"status": project.get_status_display()})
        return redirect(project)
    if not permissions.can_advance(request.user, project):
        raise services.ProjectError(_("This project has moved on; see where it stands now."), record=project)
    context = {"project": project, "next_status": _next_status(project)}
    return render(request, "projects/advance.html", context)


@login_required
def indicator_report(request, pk, indicator):
    project = visible_or_404(selectors.project_visible_to, request.user, pk)
    indicator = get_object_or_404(project.indicators.all(), pk=indicator)
    _may_change(request.user, project)
    form = IndicatorReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.indicator_report(
                indicator=indicator, by=request.user, period_end=data["period_end"], value=data["value"],
                note=data["note"],
            )  # fmt: skip
        except ValidationError as exc:
            merge_service_errors(form, exc)
        else:
            messages.success(request, _("Value reported for “%(indicator)s”.") % {"indicator": indicator.name})
            return redirect(project)
    reported = list(indicator.values.select_related("reported_by").order_by("-period_end", "-pk"))
    context = {"project": project, "indicator": indicator, "form": form, "reported": reported}
    return render(request, "projects/indicator_report.html", context)


def _may_change(user, project: Project) -> None:
    """403 for who may not change the party's projects at all; a closed project is the service's message,
    shown on the project's page."""
    if not permissions.organises(user, project):
        raise PermissionDenied
    if not permissions.can_edit_project(user, project):
        raise services.ProjectError(_("This project can no longer be changed."), record=project)


def _next_status(project: Project) -> ProjectStatus | None:
    return NEXT_STATUS.get(project.status)
