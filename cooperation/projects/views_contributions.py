"""Contributions to a project: the list, recording and correcting one (its participant), the organiser's
coordinator's confirmation, the coordinator's list of those to confirm, and the area's figures.

Each view: the record the user may see or 404, the permission or 403, a form, one service, a redirect with a
message. What moved on meanwhile (confirmed, changed since the page was read) is the service's RecordMovedOn,
shown by the middleware on the record's page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from protocol.forms import merge_service_errors
from protocol.lists import page_of
from protocol.once.submissions import create_or_existing
from protocol.visibility import has_party, visible_or_404

from . import exports, permissions, selectors, services
from .figures import figures as party_figures
from .figures import project_figures
from .forms_contributions import ContributionDecisionForm, ContributionForm, FiguresFilterForm


@login_required
def contribution_list(request, pk):
    user = request.user
    project = visible_or_404(selectors.project_visible_to, user, pk)
    rows = selectors.contributions_listed(user, project)
    page = page_of(request, rows, count=True, export=exports.contributions_of_project(project))
    if page.download:
        return page.download
    for contribution in page.object_list:
        contribution.can_edit = permissions.can_edit_contribution(user, contribution)
        contribution.can_confirm = permissions.can_confirm_contribution(user, contribution)
    participant = selectors.participant_of(user, project)
    context = {
        "project": project,
        "page": page,
        "can_record": permissions.can_record_contribution(user, project, participant=participant),
    }
    return render(request, "projects/contributions.html", context)


@login_required
def contribution_create(request, pk):
    user = request.user
    project = visible_or_404(selectors.project_visible_to, user, pk)
    participant = selectors.participant_of(user, project)
    if not permissions.can_record_contribution(user, project, participant=participant):
        raise PermissionDenied
    form = ContributionForm(request.POST or None, project=project, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            _contribution, created = create_or_existing(
                request, form, lambda: services.contribution_record(project=project, by=user, fields=form.to_fields())
            )
        except ValidationError as exc:
            merge_service_errors(form, exc)
        else:
            if created:
                messages.success(request, _("Contribution recorded: the organising party's coordinator confirms it."))
            return redirect("projects:contributions", pk=project.pk)
    return render(request, "projects/contribution_form.html", {"form": form, "project": project})


@login_required
def contribution_edit(request, pk):
    user = request.user
    contribution = visible_or_404(selectors.contribution_for, user, pk)
    project = contribution.project
    if not permissions.is_contributor(user, contribution):
        raise PermissionDenied
    if not permissions.can_edit_contribution(user, contribution):
        raise services.ProjectError(_("This contribution can no longer change."), record=project)
    form = ContributionForm(request.POST or None, instance=contribution, project=project, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            services.contribution_update(contribution=contribution, by=user, fields=form.to_fields())
        except ValidationError as exc:
            merge_service_errors(form, exc)
        else:
            messages.success(request, _("Changes saved: the contribution waits for confirmation."))
            return redirect("projects:contributions", pk=project.pk)
    context = {"form": form, "project": project, "contribution": contribution}
    return render(request, "projects/contribution_form.html", context)


@login_required
def contribution_confirm(request, pk):
    """The content as stored, named by its SHA-256: a change made meanwhile makes the confirmation stale
    (protocol.signoff's StaleVersion), and the coordinator reads the contribution again."""
    user = request.user
    contribution = visible_or_404(selectors.contribution_for, user, pk)
    project = contribution.project
    if not permissions.is_organising_coordinator(user, project):
        raise PermissionDenied
    if not permissions.can_confirm_contribution(user, contribution):
        raise services.ProjectError(_("This contribution is not waiting for confirmation."), record=project)
    version = services.contribution_version(contribution)
    form = ContributionDecisionForm(
        request.POST if request.method == "POST" else None, initial={"sha256": version.sha256}
    )
    if form.is_valid():
        sha256, action = form.cleaned_data["sha256"], form.cleaned_data["action"]
        try:
            if action == form.CONFIRM:
                services.contribution_confirm(contribution=contribution, by=user, sha256=sha256)
            else:
                services.contribution_return(
                    contribution=contribution, by=user, sha256=sha256, comment=form.cleaned_data["comment"]
                )
        except ValidationError as exc:
            merge_service_errors(form, exc)
        else:
            if action == form.CONFIRM:
                messages.success(request, _("Contribution confirmed: it is in the activity ledger as confirmed."))
            else:
                messages.success(request, _("Changes asked for: the contributor has your comment."))
            return redirect("projects:to_confirm")
    return render(request, "projects/contribution_confirm.html", {"contribution": contribution, "form": form})


@login_required
def to_confirm_list(request):
    user = request.user
    if not has_party(user):
        raise Http404
    if not permissions.can_decide_for_party(user):
        raise PermissionDenied
    page = page_of(
        request, selectors.contributions_to_confirm(user), count=True, export=exports.CONTRIBUTIONS_TO_CONFIRM
    )
    if page.download:
        return page.download
    return render(request, "projects/to_confirm.html", {"page": page})


@login_required
def figures(request):
    user = request.user
    if not has_party(user):
        raise Http404
    form = FiguresFilterForm(request.GET or None)
    year = form.cleaned_data["year"] if form.is_valid() else None
    context = {
        "form": form,
        "year": year,
        "rows": party_figures(user, year=year),
        "projects": project_figures(user, year=year),
    }
    return render(request, "projects/figures.html", context)
