"""A research project's page and every action on it: proposing the plan, the coordinators' decisions on a
plan version, starting, completing and ending the project, status reports, milestones done, and the
deliverables each party's PI accepts.

Each view: the project the user may see or 404, the permission or 403, a form, one service, a redirect with a
message. What the user may do but the project no longer allows (it moved on since the page was loaded) is the
service's ProjectError, shown by the middleware on the project's page.
"""

from dataclasses import dataclass
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cooperation.documents.links import library
from protocol.forms import merge_service_errors
from protocol.language import date_in_words
from protocol.once.submissions import create_or_existing
from protocol.signoff.models import Decision
from protocol.visibility import visible_or_404

from . import permissions, selectors, services
from .chart import milestone_chart
from .forms_project import (
    ConfirmForm,
    DeliverableAcceptForm,
    DeliverableFixesForm,
    DeliverableSubmitForm,
    EndForm,
    MilestoneDoneForm,
    PlanChangesForm,
    StatusReportForm,
)
from .models import (
    ENDED,
    Deliverable,
    DeliverableStatus,
    Milestone,
    PlanState,
    ProjectStatus,
    ResearchProject,
    TeamRole,
)
from .plan import MilestoneAgainstBaseline, against_baseline

# Bootstrap's badge colours for a project's status; the words come from ProjectStatus.
STATUS_BADGES = {
    ProjectStatus.DRAFT: "text-bg-secondary",
    ProjectStatus.PROPOSED: "text-bg-info",
    ProjectStatus.APPROVED: "text-bg-primary",
    ProjectStatus.ACTIVE: "text-bg-success",
    ProjectStatus.COMPLETED: "text-bg-dark",
    ProjectStatus.WITHDRAWN: "text-bg-warning",
    ProjectStatus.CANCELLED: "text-bg-warning",
}
DELIVERABLE_BADGES = {
    DeliverableStatus.PLANNED: "text-bg-light",
    DeliverableStatus.SUBMITTED: "text-bg-info",
    DeliverableStatus.FIXES_REQUESTED: "text-bg-warning",
    DeliverableStatus.ACCEPTED: "text-bg-success",
}


def _posted(request):
    """The POST data of a POST (even one with no fields), None otherwise: a confirmation is bound when sent."""
    return request.POST if request.method == "POST" else None


# The project page.


@dataclass(frozen=True)
class BaselineRow:
    """One line of the baseline-against-actual table: the dates, and the milestone for its owner and links."""

    dates: MilestoneAgainstBaseline
    milestone: Milestone
    can_mark_done: bool

    @property
    def early_days(self) -> int:
        slip = self.dates.slip_days
        return -slip if slip is not None and slip < 0 else 0


@dataclass(frozen=True)
class DeliverableLine:
    deliverable: Deliverable
    # Each approving party's decision on the file submitted (accepted, fixes requested, or waiting).
    decisions: list[selectors.PartyDecision]
    # Whether the reader may know the document exists (a document internal to the other party is not named).
    document_known: bool
    can_submit: bool
    badge: str


@login_required
def project_detail(request, pk):
    project = visible_or_404(selectors.project_detail, request.user, pk)
    return render(request, "research/detail.html", _detail_context(request.user, project))


def _detail_context(user, project: ResearchProject) -> dict:
    today = timezone.localdate()
    milestones = list(project.milestones.all())
    rows = against_baseline(project, milestones, today=today)
    parties = selectors.approving_parties(project)
    versions = selectors.plan_versions_of(project)
    decisions = selectors.decisions_on_deliverables(project)
    reports = list(selectors.reports_of(project))
    deliverables = list(project.deliverables.all())
    known = selectors.documents_known_to(user, [d.document for d in deliverables])
    current = next((v for v in versions if v.pk == project.plan_version_id), None)
    return {
        "project": project,
        "status_badge": STATUS_BADGES.get(project.status, "text-bg-secondary"),
        "today": today,
        "team": selectors.team_by_party(project),
        "baseline_rows": [
            BaselineRow(dates=row, milestone=m, can_mark_done=permissions.can_complete_milestone(user, project, m))
            for row, m in zip(rows, milestones, strict=True)
        ],
        "chart": milestone_chart(rows, start=project.start_date, end=project.end_date, today=today),
        "deliverables": [
            DeliverableLine(
                deliverable=d,
                decisions=selectors.decisions_by_party(decisions[d.pk], parties, d.version),
                document_known=d.document_id in known,
                can_submit=permissions.can_submit_deliverable(user, project, d),
                badge=DELIVERABLE_BADGES.get(d.status, "text-bg-light"),
            )
            for d in deliverables
        ],
        "plan_versions": versions,
        "timeline": selectors.project_timeline(
            project, plan_versions=versions, deliverable_decisions=decisions, reports=reports
        ),
        "current_version": current,
        "review": selectors.decisions_by_party(current.decisions, parties, current.version)
        if current and project.plan_state == PlanState.IN_REVIEW
        else [],
        "changes_requested": _changes_requested(project, current),
        "can_edit": permissions.can_edit_plan(user, project),
        "can_propose": permissions.can_propose(user, project),
        "can_start": permissions.can_start(user, project),
        "can_complete": permissions.can_complete(user, project),
        "can_end": permissions.can_withdraw(user, project) or permissions.can_cancel(user, project),
        "withdraws": permissions.can_withdraw(user, project),
        "can_report": permissions.can_report(user, project),
        "can_review_plan": permissions.can_review_plan(user, project),
    }


def _changes_requested(project: ResearchProject, current):
    """The request for changes the plan is being edited after, if that is why it is back in editing."""
    if project.plan_state != PlanState.EDITING or project.status in ENDED or current is None or not current.decisions:
        return None
    last = current.decisions[-1]
    return last if last.decision == Decision.CHANGES_REQUESTED else None


# The plan: a frozen version, and the coordinators' decisions on the one under review.


def _may_review(user, project: ResearchProject) -> None:
    """A plan under review is decided by a coordinator of a party that approves it; one no longer under review
    moved on since the page was loaded (a version superseded is the service's to say)."""
    if project.plan_state != PlanState.IN_REVIEW:
        raise services.ProjectError(_("This plan is not waiting for approval."), record=project)
    if not permissions.can_review_plan(user, project):
        raise PermissionDenied


@login_required
def plan_version(request, pk, number):
    project = visible_or_404(selectors.project_for_action, request.user, pk)
    return _plan_version_page(request, project, number)


def _plan_version_page(request, project: ResearchProject, number: int, *, changes_form=None):
    user = request.user
    versions = selectors.plan_versions_of(project)
    version = next((v for v in versions if v.number == number), None)
    if version is None:
        raise Http404
    parties = selectors.approving_parties(project)
    under_review = project.plan_state == PlanState.IN_REVIEW and version.pk == project.plan_version_id
    by_party = selectors.decisions_by_party(version.decisions, parties, version.version)
    mine = next((d for d in by_party if d.party.pk == user.party_id), None)
    can_decide = under_review and permissions.can_review_plan(user, project) and not (mine and mine.approved)
    baseline = next((v for v in versions if v.pk == project.baseline_id), None)
    compared = baseline is not None and baseline.pk != version.pk
    context = {
        "project": project,
        "version": version,
        "plan": _frozen_plan(version.content, parties, project),
        "by_party": by_party,
        "under_review": under_review,
        "can_decide": can_decide,
        "changes_form": changes_form or PlanChangesForm(),
        "baseline": baseline,
        "changes": [_describe(c) for c in selectors.plan_differences(baseline.content, version.content)]
        if compared
        else [],
        "compared": compared,
        "versions": versions,
    }
    return render(request, "research/plan_version.html", context)


def _frozen_plan(content: dict, parties, project: ResearchProject) -> dict:
    """A plan version's content as the page shows it: dates as dates, parties and roles by name."""
    names = {party.code: party.short_name for party in [*parties, project.lead_party]}
    return {
        "objectives": content.get("objectives", ""),
        "expected_outputs": content.get("expected_outputs", ""),
        "start_date": date.fromisoformat(content["start_date"]),
        "end_date": date.fromisoformat(content["end_date"]),
        "team": [
            {"name": row["name"], "party": names.get(row["party"], row["party"]), "role": _role(row["role"])}
            for row in content.get("team", [])
        ],
        "milestones": [
            {"title": row["title"], "due_date": date.fromisoformat(row["due_date"]), "owner": row.get("owner_name", "")}
            for row in content.get("milestones", [])
        ],
        "deliverables": [
            {"title": row["title"], "due_date": date.fromisoformat(row["due_date"])}
            for row in content.get("deliverables", [])
        ],
    }


def _role(value: str) -> str:
    return TeamRole(value).label if value in TeamRole.values else value


def _describe(change: selectors.PlanChange) -> str:
    """One difference against the baseline, in a sentence of the reader's language."""
    kind, subject = change.kind, change.subject

    def day(value: str) -> str:
        return date_in_words(value) if value else "—"

    texts = {
        "objectives": lambda: _("The objectives are changed."),
        "expected_outputs": lambda: _("The expected outputs are changed."),
        "start_date": lambda: (
            _("The start moves from %(before)s to %(after)s.")
            % {"before": day(change.before), "after": day(change.after)}
        ),
        "end_date": lambda: (
            _("The end moves from %(before)s to %(after)s.")
            % {"before": day(change.before), "after": day(change.after)}
        ),
        "team_added": lambda: (
            _("%(name)s joins the team as %(role)s.") % {"name": subject, "role": _role(change.after)}
        ),
        "team_removed": lambda: _("%(name)s leaves the team.") % {"name": subject},
        "team_role": lambda: (
            _("%(name)s changes role: %(before)s → %(after)s.")
            % {"name": subject, "before": _role(change.before), "after": _role(change.after)}
        ),
        "milestone_added": lambda: (
            _("New milestone “%(title)s”, due on %(after)s.") % {"title": subject, "after": day(change.after)}
        ),
        "milestone_removed": lambda: _("The milestone “%(title)s” is removed.") % {"title": subject},
        "milestone_renamed": lambda: (
            _("The milestone “%(before)s” is renamed “%(after)s”.") % {"before": change.before, "after": change.after}
        ),
        "milestone_moved": lambda: (
            _("The milestone “%(title)s” moves from %(before)s to %(after)s.")
            % {"title": subject, "before": day(change.before), "after": day(change.after)}
        ),
        "milestone_owner": lambda: (
            _("The milestone “%(title)s” passes from %(before)s to %(after)s.")
            % {"title": subject, "before": change.before, "after": change.after}
        ),
        "deliverable_added": lambda: (
            _("New deliverable “%(title)s”, due on %(after)s.") % {"title": subject, "after": day(change.after)}
        ),
        "deliverable_removed": lambda: _("The deliverable “%(title)s” is removed.") % {"title": subject},
        "deliverable_renamed": lambda: (
            _("The deliverable “%(before)s” is renamed “%(after)s”.") % {"before": change.before, "after": change.after}
        ),
        "deliverable_moved": lambda: (
            _("The deliverable “%(title)s” moves from %(before)s to %(after)s.")
            % {"title": subject, "before": day(change.before), "after": day(change.after)}
        ),
    }
    return texts[kind]() if kind in texts else kind


@login_required
@require_POST
def plan_approve(request, pk, number):
    project = visible_or_404(selectors.project_for_action, request.user, pk)
    _may_review(request.user, project)
    project = services.project_approve_plan(project=project, version=number, by=request.user)
    if project.plan_state == PlanState.AGREED:
        messages.success(
            request,
            _("Approved by both parties: version %(number)d of the plan is the baseline now.") % {"number": number},
        )
    else:
        messages.success(request, _("Approved for your party. The other party's approval is awaited."))
    return redirect(project)


@login_required
@require_POST
def plan_request_changes(request, pk, number):
    project = visible_or_404(selectors.project_for_action, request.user, pk)
    _may_review(request.user, project)
    form = PlanChangesForm(request.POST)
    if form.is_valid():
        try:
            services.project_request_plan_changes(
                project=project, version=number, by=request.user, comment=form.cleaned_data["comment"]
            )
        except ValidationError as exc:
            merge_service_errors(form, exc)
        else:
            messages.success(request, _("Changes requested. Those who run the project have been sent your comment."))
            return redirect(project)
    return _plan_version_page(request, project, number, changes_form=form)


# The project's course: proposed, started, completed, withdrawn or cancelled.


def _runner_or_403(user, project: ResearchProject) -> None:
    if not permissions.runs_project(user, project):
        raise PermissionDenied


@login_required
def project_propose(request, pk):
    """GET: what proposing does; POST: freeze the plan as a version for both parties' approval."""
    project = visible_or_404(selectors.project_for_action, request.user, pk)
    _runner_or_403(request.user, project)
    if not permissions.can_propose(request.user, project):
        raise services.ProjectError(_("This plan cannot be proposed now."), record=project)
    form = ConfirmForm(_posted(request))
    if form.is_valid():
        try:
            project = services.project_propose(project=project, by=request.user)
        except ValidationError as exc:  # e.g. no principal investigator for a party: nothing is stored
            merge_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Version %(number)d of the plan is sent to a coordinator of each party for approval.")
                % {"number": project.plan_version.number},
            )
            return redirect(project)
    return render(request, "research/propose.html", {"project": project, "form": form})


@login_required
@require_POST
def project_start(request, pk):
    project = visible_or_404(selectors.project_for_action, request.user, pk)
    _runner_or_403(request.user, project)
    project = services.project_start(project=project, by=request.user)
    messages.success(request, _("The project is under way."))
    return redirect(project)


@login_required
def project_complete(request, pk):
    """GET: what completing means, and what still stands in its way; POST: complete it."""
    project = visible_or_404(selectors.project_for_action, request.user, pk)
    _runner_or_403(request.user, project)
    if not permissions.can_complete(request.user, project):
        raise services.ProjectError(_("Only an active project is completed."), record=project)
    form = ConfirmForm(_posted(request))
    if form.is_valid():
        try:
            project = services.project_complete(project=project, by=request.user)
        except ValidationError as exc:
            merge_service_errors(form, exc)
        else:
            messages.success(request, _("The project is completed."))
            return redirect(project)
    pending = [d for d in project.deliverables.all() if d.status != DeliverableStatus.ACCEPTED]
    return render(request, "research/complete.html", {"project": project, "form": form, "pending": pending})


@login_required
def project_end(request, pk):
    """Withdraw a project not yet approved, or cancel a running one: with a reason, after a confirmation."""
    project = visible_or_404(selectors.project_for_action, request.user, pk)
    _runner_or_403(request.user, project)
    withdraws = permissions.can_withdraw(request.user, project)
    if not (withdraws or permissions.can_cancel(request.user, project)):
        raise services.ProjectError(_("This project has already ended."), record=project)
    form = EndForm(_posted(request))
    if form.is_valid():
        try:
            project = services.project_end(project=project, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            merge_service_errors(form, exc)
        else:
            ended = _("The project is withdrawn.") if withdraws else _("The project is cancelled.")
            messages.success(request, ended)
            return redirect(project)
    return render(request, "research/end.html", {"project": project, "form": form, "withdraws": withdraws})


# Progress: status reports and milestones.


@login_required
def report_create(request, pk):
    project = visible_or_404(selectors.project_for_action, request.user, pk)
    if not permissions.can_report(request.user, project):
        raise PermissionDenied
    form = StatusReportForm(_posted(request))
    if form.is_valid():
        data = form.cleaned_data
        try:
            _report, created = create_or_existing(
                request,
                form,
                lambda: services.status_report_post(
                    project=project, by=request.user, as_of=data["as_of"], status=data["status"], text=data["text"]
                ),
            )
        except ValidationError as exc:
            merge_service_errors(form, exc)
        else:
            if created:
                messages.success(request, _("Status report posted."))
            return redirect(project)
    return render(request, "research/report_form.html", {"project": project, "form": form})


def _milestone_or_404(project: ResearchProject, pk: int) -> Milestone:
    try:
        return selectors.milestone_of(project, pk)
    except ObjectDoesNotExist:
        raise Http404 from None


@login_required
def milestone_done(request, pk, milestone):
    project = visible_or_404(selectors.project_for_action, request.user, pk)
    milestone = _milestone_or_404(project, milestone)
    if milestone.is_done:  # marked done by someone else since the page was loaded
        raise services.ProjectError(_("This milestone cannot be marked done now."), record=project)
    if not permissions.can_complete_milestone(request.user, project, milestone):
        raise PermissionDenied
    form = MilestoneDoneForm(_posted(request))
    if form.is_valid():
        try:
            services.milestone_complete(
                milestone=milestone,
                by=request.user,
                done_on=form.cleaned_data["done_on"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            # The ledger names its date "start_date": the day the milestone was done.
            merge_service_errors(form, exc, elsewhere={"start_date": lambda texts: form.add_error("done_on", texts)})
        else:
            messages.success(
                request,
                _("Milestone marked done. It is recorded in the activity ledger for the other party to confirm."),
            )
            return redirect(project)
    return render(request, "research/milestone_done.html", {"project": project, "milestone": milestone, "form": form})


# Deliverables: a library document's file, accepted by the PI of each party.


def _deliverable_or_404(project: ResearchProject, pk: int) -> Deliverable:
    try:
        return selectors.deliverable_of(project, pk)
    except ObjectDoesNotExist:
        raise Http404 from None


@login_required
def deliverable_submit(request, pk, deliverable):
    project = visible_or_404(selectors.project_for_action, request.user, pk)
    deliverable = _deliverable_or_404(project, deliverable)
    if deliverable.is_locked:
        raise services.DeliverableError(_("This deliverable is accepted and locked."), record=project)
    if not permissions.can_submit_deliverable(request.user, project, deliverable):
        raise PermissionDenied
    initial = {"document": [deliverable.document]} if deliverable.document_id else {}
    form = DeliverableSubmitForm(_posted(request), user=request.user, initial=initial)
    if form.is_valid():
        try:
            deliverable = services.deliverable_submit(
                deliverable=deliverable, by=request.user, document=form.cleaned_data["document"]
            )
        except ValidationError as exc:
            merge_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Version %(number)d of the file is submitted. The principal investigators of both parties accept it "
                  "or request fixes.") % {"number": deliverable.version_number},
            )  # fmt: skip
            return redirect("research:deliverable_review", pk=project.pk, deliverable=deliverable.pk)
    return render(
        request, "research/deliverable_submit.html", {"project": project, "deliverable": deliverable, "form": form}
    )


@login_required
def deliverable_review(request, pk, deliverable):
    project = visible_or_404(selectors.project_for_action, request.user, pk)
    return _review_page(request, project, _deliverable_or_404(project, deliverable))


def _review_page(request, project: ResearchProject, deliverable: Deliverable, *, accept_form=None, fixes_form=None):
    user = request.user
    decisions = selectors.decisions_on_deliverables(project)[deliverable.pk]
    by_party = selectors.decisions_by_party(decisions, selectors.approving_parties(project), deliverable.version)
    mine = next((d for d in by_party if d.party.pk == user.party_id), None)
    document = deliverable.document
    submitted = deliverable.version is not None and document is not None
    readable = submitted and library.file_readable_by(user, document)
    label = deliverable.version.label if submitted else ""
    context = {
        "project": project,
        "deliverable": deliverable,
        "badge": DELIVERABLE_BADGES.get(deliverable.status, "text-bg-light"),
        "submitted": submitted,
        "document_known": submitted and bool(selectors.documents_known_to(user, [document])),
        "file": library.file_of(document.pk, deliverable.version_number, deliverable.version_sha256)
        if readable
        else None,
        "by_party": by_party,
        "decisions": list(reversed(decisions)),
        "can_decide": permissions.can_decide_deliverable(user, project, deliverable) and not (mine and mine.approved),
        "can_submit": permissions.can_submit_deliverable(user, project, deliverable),
        "accept_form": accept_form or DeliverableAcceptForm(initial={"version": label}),
        "fixes_form": fixes_form or DeliverableFixesForm(initial={"version": label}),
    }
    return render(request, "research/deliverable_review.html", context)


def _may_decide(user, project: ResearchProject, deliverable: Deliverable) -> None:
    """The PIs decide on a file waiting for acceptance; one no longer waiting moved on since the page was loaded
    (a newer file submitted is the service's to say)."""
    if not permissions.is_pi(user, project):
        raise PermissionDenied
    if not permissions.can_decide_deliverable(user, project, deliverable):
        raise services.DeliverableError(_("This deliverable is not waiting for acceptance."), record=project)


@login_required
@require_POST
def deliverable_accept(request, pk, deliverable):
    project = visible_or_404(selectors.project_for_action, request.user, pk)
    deliverable = _deliverable_or_404(project, deliverable)
    _may_decide(request.user, project, deliverable)
    form = DeliverableAcceptForm(request.POST)
    if form.is_valid():
        try:
            deliverable = services.deliverable_accept(
                deliverable=deliverable, by=request.user, version=form.cleaned_data["version"]
            )
        except ValidationError as exc:  # e.g. the reader's party cannot open the file
            merge_service_errors(form, exc)
        else:
            if deliverable.is_locked:
                messages.success(
                    request,
                    _("Accepted by both parties: the deliverable is locked and recorded in the activity ledger."),
                )
            else:
                messages.success(request, _("Accepted for your party. The other party's acceptance is awaited."))
            return redirect(project)
    return _review_page(request, project, deliverable, accept_form=form)


@login_required
@require_POST
def deliverable_fixes(request, pk, deliverable):
    project = visible_or_404(selectors.project_for_action, request.user, pk)
    deliverable = _deliverable_or_404(project, deliverable)
    _may_decide(request.user, project, deliverable)
    form = DeliverableFixesForm(request.POST)
    if form.is_valid():
        try:
            services.deliverable_request_fixes(
                deliverable=deliverable,
                by=request.user,
                version=form.cleaned_data["version"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            merge_service_errors(form, exc)
        else:
            messages.success(request, _("Fixes requested. Whoever submitted the file has been sent your comment."))
            return redirect(project)
    return _review_page(request, project, deliverable, fixes_form=form)
