"""The research project list, and the form that creates a project or edits its plan.
The project's own page and its actions are in views_project.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from protocol import search
from protocol.forms import merge_service_errors
from protocol.lists import list_page
from protocol.once.submissions import create_or_existing
from protocol.visibility import visible_or_404

from . import permissions, selectors, services
from .exports import PROJECTS
from .filters import ProjectFilter
from .forms import ProjectForm, plan_rows
from .models import ResearchProject

SCOPES = selectors.PROJECT_LISTS


@login_required
def project_list(request):
    scope = request.GET.get("scope")
    if scope not in SCOPES:
        scope = "all"
    query = request.GET.get("q", "").strip()
    filterset = ProjectFilter(request.GET or None, queryset=SCOPES[scope](request.user))
    # A search pages by number through its ranked ids, the list itself by keyset (as the library does).
    ranked = selectors.projects_matching(filterset.qs, query) if search.query_terms(query) else None
    context = list_page(request, filterset, ranked=ranked, export=PROJECTS)
    if download := context["page"].download:
        return download
    context |= {"scope": scope, "query": query, "can_create": permissions.can_create(request.user)}
    return render(request, "research/list.html", context)


@login_required
def project_create(request):
    if not permissions.can_create(request.user):
        raise PermissionDenied
    plan = plan_rows(request.POST or None)
    form = ProjectForm(request.POST or None, user=request.user, plan=plan)
    if request.method == "POST" and all([form.is_valid(), plan.is_valid()]):
        try:
            project, created = create_or_existing(
                request, form, lambda: services.project_create(by=request.user, fields=form.to_fields())
            )
        except ValidationError as exc:
            merge_service_errors(form, exc, elsewhere=plan.elsewhere())
        else:
            if created:
                messages.success(request, _("Draft saved. Only your party sees it until it is proposed."))
            return redirect(project)
    return render(request, "research/form.html", {"form": form, "plan": plan})


@login_required
def project_edit(request, pk):
    project = visible_or_404(selectors.project_detail, request.user, pk)
    if not permissions.can_edit_plan(request.user, project):
        raise PermissionDenied
    stored_title = project.title  # the form writes the posted values onto the instance as it validates
    plan = plan_rows(request.POST or None, project=project)
    form = ProjectForm(request.POST or None, instance=project, user=request.user, plan=plan)
    if request.method == "POST" and all([form.is_valid(), plan.is_valid()]):
        try:
            project = services.project_update(project=project, by=request.user, fields=form.to_fields())
        except ValidationError as exc:
            merge_service_errors(form, exc, elsewhere=plan.elsewhere())
        else:
            messages.success(request, _saved(project))
            return redirect(project)
    context = {"form": form, "plan": plan, "project": project, "stored_title": stored_title}
    return render(request, "research/form.html", context)


def _saved(project: ResearchProject) -> str:
    """After approval, whether the change amends the plan both parties approved."""
    if project.baseline_id is None:
        return _("Changes saved.")
    if project.amendment_under_way:
        return _(
            "Changes saved. They amend the plan both parties approved: propose the amendment for their approval; "
            "the approved baseline stays in force meanwhile."
        )
    return _("Changes saved. The plan is still the one both parties approved: no amendment is under way.")
