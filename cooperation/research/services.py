"""Writes of the research area: the project and its plan, the two-party approval of the plan, progress, and
the deliverables each party's PI accepts. Each service is atomic and writes its notices in its transaction."""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cooperation.documents.links import library
from protocol import search
from protocol.activities import ledger
from protocol.areas import Area
from protocol.counts import counts_changed
from protocol.errors import RecordMovedOn
from protocol.locking import locked
from protocol.notifications import outbox
from protocol.notifications.services import notifications_resolve, notifications_withdraw_unseen
from protocol.parties.models import Party, User
from protocol.parties.selectors import coordinators_of
from protocol.signoff import services as signoff
from protocol.signoff.models import Decision, SignOff

from . import permissions
from .models import (
    RUNNING,
    Deliverable,
    DeliverableStatus,
    Milestone,
    PlanState,
    PlanVersion,
    ProjectStatus,
    ReportStatus,
    ResearchProject,
    StatusReport,
    TeamMember,
    TeamRole,
)
from .notifications import (
    DELIVERABLE_ACCEPTED,
    DELIVERABLE_FIXES_REQUESTED,
    DELIVERABLE_SUBMITTED,
    MILESTONE_REMINDERS,
    PLAN_APPROVAL_NEEDED,
    PLAN_APPROVED,
    PLAN_CHANGES_REQUESTED,
    PROJECT_PROPOSED,
)
from .plan import plan_content, plan_sha256
from .selectors import coordinators_for, parties_that_approve, team_users

# The topic of the area's cached counts (dashboard panels).
COUNTS = "research"

# An IPC class or subclass as written in the library: "G06F", "G06F 16/00" is written "G06F16/00".
_IPC_RE = re.compile(r"^[A-HY](\d{2}([A-Z](\d{1,4}/\d{2,6})?)?)?$")


class ProjectError(RecordMovedOn):
    """The project moved on (proposed, approved, ended) since the page was loaded."""


class DeliverableError(ProjectError):
    """The deliverable moved on (a new file, an acceptance) since the page was loaded."""


@dataclass(frozen=True)
class Member:
    user: User
    role: str
    # The party the member stands for; a PI must belong to it (the form offers one PI per party).
    party_id: int | None = None


@dataclass(frozen=True)
class MilestoneRow:
    title: str
    due_date: date
    owner: User
    id: int | None = None  # the milestone this row edits; None for a new one


@dataclass(frozen=True)
class DeliverableRow:
    title: str
    due_date: date
    id: int | None = None


@dataclass(frozen=True)
class ProjectFields:
    title: str
    objectives: str
    start_date: date
    end_date: date
    team: list[Member]
    title_other: str = ""
    topic: str = ""
    technology_field: str = ""
    ipc_classes: str = ""
    expected_outputs: str = ""
    internal: bool = False
    milestones: list[MilestoneRow] = field(default_factory=list)
    deliverables: list[DeliverableRow] = field(default_factory=list)
    documents: list = field(default_factory=list)


def plan_rows_of(project: ResearchProject, *, due: Mapping[str, date] | None = None) -> dict:
    """The project's milestones and deliverables as rows of its fields (ids kept, so their history stays),
    some milestones' dates changed by title: for `project_update` from anything but the form."""
    due = due or {}
    return {
        "milestones": [
            MilestoneRow(id=m.pk, title=m.title, due_date=due.get(m.title, m.due_date), owner=m.owner)
            for m in project.milestones.select_related("owner").order_by("due_date", "pk")
        ],
        "deliverables": [
            DeliverableRow(id=d.pk, title=d.title, due_date=d.due_date) for d in project.deliverables.all()
        ],
    }


# Checks, asked by the forms too (protocol.forms.ServiceRulesMixin) and again before every write.


def project_check(*, fields: ProjectFields, party_id: int, project: ResearchProject | None = None) -> None:
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if fields.start_date and fields.end_date and fields.end_date < fields.start_date:
        add("end_date", _("The end cannot be before the start."))
    bad_codes = [code for code in fields.ipc_classes.split() if not _IPC_RE.match(code.upper())]
    if bad_codes:
        add(
            "ipc_classes",
            _("Not an IPC class: %(codes)s. Write e.g. G06F or G06F16/00.") % {"codes": " ".join(bad_codes)},
        )
    team = fields.team or []
    for member in team:
        if not member.user.party_id or not member.user.is_active:
            add("team", _("%(name)s is not active staff of either party.") % {"name": member.user.full_name})
        if member.role == TeamRole.PRINCIPAL_INVESTIGATOR and member.party_id not in (None, member.user.party_id):
            party = Party.objects.filter(pk=member.party_id).first()
            add(
                "team",
                _("%(name)s cannot be the principal investigator for %(party)s: they are not of that party.")
                % {"name": member.user.full_name, "party": party.short_name if party else "?"},
            )
    user_ids = [member.user.pk for member in team]
    if len(set(user_ids)) != len(user_ids):
        add("team", _("Each person is on the team once, with one role."))
    pis = [m.user.party_id for m in team if m.role == TeamRole.PRINCIPAL_INVESTIGATOR]
    if len(set(pis)) != len(pis):
        add("team", _("Each party has one principal investigator."))
    if fields.internal and any(member.user.party_id != party_id for member in team):
        add("team", _("An internal project is invisible to the other party: its team is of your party only."))
    start, end = fields.start_date, fields.end_date
    if start and end:
        for row in fields.milestones:
            if row.due_date and not start <= row.due_date <= end:
                add(
                    "milestones",
                    _("The milestone “%(title)s” is due on %(due)s, outside the project (%(start)s – %(end)s).")
                    % {"title": row.title, "due": row.due_date, "start": start, "end": end},
                )
    team_ids = set(user_ids)
    for row in fields.milestones:
        if row.owner is not None and team_ids and row.owner.pk not in team_ids:
            add("milestones", _("The owner of “%(title)s” must be on the team.") % {"title": row.title})
    if project is not None:
        _check_kept_rows(project, fields, add)
    if errors:
        raise ValidationError(errors)


def _check_kept_rows(project: ResearchProject, fields: ProjectFields, add) -> None:
    """What has happened stays: a milestone done or a deliverable submitted cannot be removed from the plan."""
    kept_milestones = {row.id for row in fields.milestones if row.id}
    for milestone in project.milestones.filter(done_on__isnull=False).exclude(pk__in=kept_milestones):
        add("milestones", _("The milestone “%(title)s” is done; it stays in the plan.") % {"title": milestone.title})
    kept_deliverables = {row.id for row in fields.deliverables if row.id}
    started = project.deliverables.exclude(status=DeliverableStatus.PLANNED).exclude(pk__in=kept_deliverables)
    for deliverable in started:
        add(
            "deliverables",
            _("The deliverable “%(title)s” has been submitted; it stays in the plan.") % {"title": deliverable.title},
        )


def proposal_check(*, project: ResearchProject) -> None:
    """What a plan needs before it goes to both parties: a PI for each party that approves it, a milestone."""
    pi_parties = set(project.team.filter(role=TeamRole.PRINCIPAL_INVESTIGATOR).values_list("party_id", flat=True))
    missing = Party.objects.filter(pk__in=parties_that_approve(project) - pi_parties).order_by("code")
    errors = [
        _("Name the principal investigator for %(party)s before proposing.") % {"party": party.short_name}
        for party in missing
    ]
    if not project.milestones.exists():
        errors.append(_("Add at least one milestone before proposing."))
    if errors:
        raise ValidationError(errors)


# The project and its plan.


def project_create(*, by: User, fields: ProjectFields) -> ResearchProject:
    """A draft of the creator's party (its lead party), visible to that party only."""
    if not permissions.can_create(by):
        raise PermissionDenied
    project_check(fields=fields, party_id=by.party_id)
    with transaction.atomic():
        project = ResearchProject(lead_party_id=by.party_id, created_by=by)
        _apply(project, fields, by=by)
        counts_changed(COUNTS)
    return project


def project_update(*, project: ResearchProject, by: User, fields: ProjectFields) -> ResearchProject:
    """Change the project; after approval a change to the plan is an amendment, for both parties to approve."""
    with transaction.atomic():
        project = _lock(project)
        if not permissions.can_edit_plan(by, project):
            raise ProjectError(_("This project's plan cannot be changed now."), record=project)
        project_check(fields=fields, party_id=project.lead_party_id, project=project)
        was_internal = project.internal
        _apply(project, fields, by=by)
        if project.internal and not was_internal:
            notifications_withdraw_unseen(target=project)
        if project.baseline_id:
            # Back to the baseline's content, nothing is amended; anything else waits for both approvals.
            agreed = plan_sha256(plan_content(project)) == project.baseline.sha256
            project.plan_state = PlanState.AGREED if agreed else PlanState.EDITING
            project.save(update_fields=["plan_state", "updated_at"])
        counts_changed(COUNTS)
    return project


def project_propose(*, project: ResearchProject, by: User) -> ResearchProject:
    """Freeze the plan as a new version and send it to a coordinator of each party for approval."""
    with transaction.atomic():
        project = _lock(project)
        if not permissions.can_propose(by, project):
            raise ProjectError(_("This plan cannot be proposed now."), record=project)
        proposal_check(project=project)
        content = plan_content(project)
        number = (project.plan_versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
        version = PlanVersion.objects.create(
            project=project, number=number, content=content, sha256=plan_sha256(content), proposed_by=by
        )
        project.plan_version = version
        project.plan_state = PlanState.IN_REVIEW
        if project.status == ProjectStatus.DRAFT:
            project.status = ProjectStatus.PROPOSED
        project.save(update_fields=["plan_version", "plan_state", "status", "updated_at"])
        # The changes asked for are made; an earlier version's approval requests are superseded.
        notifications_resolve(target=project, kinds=[PLAN_CHANGES_REQUESTED, PLAN_APPROVAL_NEEDED])
        params = _params(project, by) | {"version": number}
        outbox.enqueue(kind=PLAN_APPROVAL_NEEDED, recipients=coordinators_for(project), target=project, params=params)
        others = [person for person in team_users(project) if person.pk != by.pk]
        outbox.enqueue(kind=PROJECT_PROPOSED, recipients=others, target=project, params=params)
        counts_changed(COUNTS)
    return project


def project_approve_plan(*, project: ResearchProject, version: int, by: User) -> ResearchProject:
    """One party's approval of one plan version; with both, it becomes the baseline (the project approved)."""
    with transaction.atomic():
        project = _lock(project)
        current = _reviewable(project, version=version, by=by)
        try:
            state = signoff.signoff_approve(
                target=project,
                version=current.version,
                current=current.version,
                by=by,
                required_parties=parties_that_approve(project),
            )
        except signoff.AlreadyApproved:
            raise ProjectError(_("Your party has already approved this version of the plan."), record=project) from None
        notifications_resolve(target=project, kinds=[PLAN_APPROVAL_NEEDED], recipients=coordinators_of([by.party_id]))
        if state.complete:
            current.approved_at = timezone.now()
            current.save(update_fields=["approved_at"])
            project.baseline = current
            project.plan_state = PlanState.AGREED
            if project.status == ProjectStatus.PROPOSED:
                project.status = ProjectStatus.APPROVED
            project.save(update_fields=["baseline", "plan_state", "status", "updated_at"])
            notifications_resolve(target=project, kinds=[PLAN_APPROVAL_NEEDED])
            recipients = [*team_users(project), project.created_by]
            params = _params(project, by) | {"version": current.number}
            outbox.enqueue(kind=PLAN_APPROVED, recipients=recipients, target=project, params=params)
        counts_changed(COUNTS)
    return project


def project_request_plan_changes(*, project: ResearchProject, version: int, by: User, comment: str) -> ResearchProject:
    """Back to those who run the project with what should change; the baseline (if any) stays in force."""
    if not comment.strip():
        raise ValidationError({"comment": _("Say what should change.")})
    with transaction.atomic():
        project = _lock(project)
        current = _reviewable(project, version=version, by=by)
        signoff.signoff_request_changes(
            target=project,
            version=current.version,
            current=current.version,
            by=by,
            comment=comment,
            required_parties=parties_that_approve(project),
        )
        project.plan_state = PlanState.EDITING
        project.save(update_fields=["plan_state", "updated_at"])
        notifications_resolve(target=project, kinds=[PLAN_APPROVAL_NEEDED])
        outbox.enqueue(
            kind=PLAN_CHANGES_REQUESTED,
            recipients=_runners(project),
            target=project,
            params=_params(project, by) | {"comment": comment, "version": current.number},
        )
        counts_changed(COUNTS)
    return project


def project_start(*, project: ResearchProject, by: User) -> ResearchProject:
    with transaction.atomic():
        project = _lock(project)
        if not permissions.can_start(by, project):
            raise ProjectError(_("Only an approved project is started."), record=project)
        project.status = ProjectStatus.ACTIVE
        project.save(update_fields=["status", "updated_at"])
        counts_changed(COUNTS)
    return project


def project_complete(*, project: ResearchProject, by: User) -> ResearchProject:
    """The project is done once every deliverable is accepted by both parties."""
    with transaction.atomic():
        project = _lock(project)
        if not permissions.can_complete(by, project):
            raise ProjectError(_("Only an active project is completed."), record=project)
        pending = list(project.deliverables.exclude(status=DeliverableStatus.ACCEPTED).values_list("title", flat=True))
        if pending:
            raise ValidationError(
                _("Not every deliverable is accepted yet: %(titles)s.") % {"titles": "; ".join(pending)}
            )
        project.status = ProjectStatus.COMPLETED
        project.save(update_fields=["status", "updated_at"])
        counts_changed(COUNTS)
    return project


def project_end(*, project: ResearchProject, by: User, reason: str) -> ResearchProject:
    """Withdraw a project not yet approved, or cancel a running one; either way with the reason why."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the project ends here.")})
    with transaction.atomic():
        project = _lock(project)
        if permissions.can_withdraw(by, project):
            project.status = ProjectStatus.WITHDRAWN
        elif permissions.can_cancel(by, project):
            project.status = ProjectStatus.CANCELLED
        else:
            raise ProjectError(_("This project has already ended."), record=project)
        project.end_reason = reason.strip()
        if project.plan_state == PlanState.IN_REVIEW:
            project.plan_state = PlanState.EDITING
        project.save(update_fields=["status", "end_reason", "plan_state", "updated_at"])
        notifications_resolve(
            target=project,
            kinds=[PLAN_APPROVAL_NEEDED, PLAN_CHANGES_REQUESTED, DELIVERABLE_SUBMITTED, DELIVERABLE_FIXES_REQUESTED,
                   *MILESTONE_REMINDERS],
        )  # fmt: skip
        counts_changed(COUNTS)
    return project


# Progress.


def status_report_post(*, project: ResearchProject, by: User, as_of: date, status: str, text: str) -> StatusReport:
    if status not in ReportStatus.values:
        raise ValidationError({"status": _("Choose on track, at risk or off track.")})
    if not text.strip():
        raise ValidationError({"text": _("Say how the project stands.")})
    if as_of > timezone.localdate():
        raise ValidationError({"as_of": _("A progress report is about today or earlier.")})
    with transaction.atomic():
        project = _lock(project)
        if not permissions.can_report(by, project):
            raise PermissionDenied
        return StatusReport.objects.create(project=project, as_of=as_of, status=status, text=text.strip(), author=by)


def milestone_complete(*, milestone: Milestone, by: User, done_on: date, note: str = "") -> Milestone:
    """Done: it records a research activity in the ledger, for the other party to confirm."""
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": _("A milestone is done today or earlier, not in the future.")})
    with transaction.atomic():
        project = _lock(milestone.project)
        milestone = locked(milestone, related=("owner",))
        if not permissions.can_complete_milestone(by, project, milestone):
            raise ProjectError(_("This milestone cannot be marked done now."), record=project)
        milestone.done_on, milestone.done_note, milestone.done_by = done_on, note.strip(), by
        milestone.activity = ledger.ledger_entry_record(
            source=project,
            by=by,
            fields=_activity_fields(project, milestone.title, on=done_on, outcomes=milestone.done_note),
            internal=project.internal,
        )
        milestone.save(update_fields=["done_on", "done_note", "done_by", "activity"])
        notifications_resolve(target=project, kinds=MILESTONE_REMINDERS, params={"milestone_id": milestone.pk})
        counts_changed(COUNTS)
    return milestone


# Deliverables: the file of a library document, accepted when the PI of each party accepts the same version.


def deliverable_submit(*, deliverable: Deliverable, by: User, document) -> Deliverable:
    """Submit the document's current file for acceptance; a new file voids the acceptances of the earlier one."""
    with transaction.atomic():
        project = _lock(deliverable.project)
        deliverable = _lock_deliverable(deliverable)
        if deliverable.status == DeliverableStatus.ACCEPTED:
            raise DeliverableError(_("This deliverable is accepted and locked."), record=project)
        if not permissions.can_submit_deliverable(by, project, deliverable):
            raise PermissionDenied
        # Read again as the submitter sees it now: its current file may be newer than the caller's copy.
        document = library.visible_to(by).filter(pk=document.pk).first()
        if document is None:
            raise ValidationError({"document": _("Choose a document of the library that you can see.")})
        if document.area != Area.RESEARCH:
            raise ValidationError(
                {"document": _("A deliverable is a document of the research area; change the document's area first.")}
            )
        file = library.current_file(document)
        if file is None:
            raise ValidationError({"document": _("This document has no file yet.")})
        deliverable.document = document
        deliverable.version_number, deliverable.version_sha256 = file.number, file.sha256
        deliverable.status = DeliverableStatus.SUBMITTED
        deliverable.submitted_at, deliverable.submitted_by = timezone.now(), by
        deliverable.save(
            update_fields=["document", "version_number", "version_sha256", "status", "submitted_at", "submitted_by"]
        )
        notifications_resolve(
            target=project, kinds=[DELIVERABLE_SUBMITTED, DELIVERABLE_FIXES_REQUESTED], params=_about(deliverable)
        )
        pis = [m.user for m in project.team.select_related("user") if m.role == TeamRole.PRINCIPAL_INVESTIGATOR]
        outbox.enqueue(
            kind=DELIVERABLE_SUBMITTED,
            recipients=[person for person in pis if person.pk != by.pk],
            target=project,
            params=_deliverable_params(project, deliverable, by),
        )
        counts_changed(COUNTS)
    return deliverable


def deliverable_accept(*, deliverable: Deliverable, by: User, version: str) -> Deliverable:
    """One party's acceptance of the submitted file (`version` is what the PI saw, e.g. "12v3"); with both
    parties', the deliverable is accepted and locked, and enters the ledger confirmed by that acceptance."""
    with transaction.atomic():
        project = _lock(deliverable.project)
        # Both PIs at once queue here: the second sees the first's acceptance and completes the deliverable.
        deliverable = _lock_deliverable(deliverable)
        current = _decidable(project, deliverable, version=version, by=by)
        if not library.file_readable_by(by, deliverable.document):
            raise ValidationError(
                _("Your party cannot open this deliverable's file (it is internal to %(party)s or needs access "
                  "granted): it cannot be accepted unseen. Ask them to share it.")
                % {"party": deliverable.document.owner_party.short_name}
            )  # fmt: skip
        try:
            state = signoff.signoff_approve(
                target=deliverable,
                version=current,
                current=current,
                by=by,
                required_parties=parties_that_approve(project),
                deciders=permissions.pi_ids(project),
            )
        except signoff.AlreadyApproved:
            raise DeliverableError(_("Your party has already accepted this file."), record=project) from None
        notifications_resolve(
            target=project,
            kinds=[DELIVERABLE_SUBMITTED],
            recipients=[m.user for m in project.team.all() if m.party_id == by.party_id],
            params=_about(deliverable),
        )
        if state.complete:
            _accept(project, deliverable, by=by)
        counts_changed(COUNTS)
    return deliverable


def deliverable_request_fixes(*, deliverable: Deliverable, by: User, version: str, comment: str) -> Deliverable:
    if not comment.strip():
        raise ValidationError({"comment": _("Say what should be fixed.")})
    with transaction.atomic():
        project = _lock(deliverable.project)
        deliverable = _lock_deliverable(deliverable)
        current = _decidable(project, deliverable, version=version, by=by)
        signoff.signoff_request_changes(
            target=deliverable,
            version=current,
            current=current,
            by=by,
            comment=comment,
            required_parties=parties_that_approve(project),
            deciders=permissions.pi_ids(project),
        )
        deliverable.status = DeliverableStatus.FIXES_REQUESTED
        deliverable.save(update_fields=["status"])
        notifications_resolve(target=project, kinds=[DELIVERABLE_SUBMITTED], params=_about(deliverable))
        recipients = [deliverable.submitted_by] if deliverable.submitted_by else _runners(project)
        outbox.enqueue(
            kind=DELIVERABLE_FIXES_REQUESTED,
            recipients=recipients,
            target=project,
            params=_deliverable_params(project, deliverable, by) | {"comment": comment},
        )
        counts_changed(COUNTS)
    return deliverable


def _accept(project: ResearchProject, deliverable: Deliverable, *, by: User) -> None:
    deliverable.status = DeliverableStatus.ACCEPTED
    deliverable.accepted_at = timezone.now()
    other = (
        SignOff.objects.of(deliverable)
        .naming(deliverable.version)
        .filter(decision=Decision.APPROVED)
        .exclude(party_id=by.party_id)
        .select_related("by")
        .order_by("at", "pk")
        .first()
    )
    # Logged by the last to accept, confirmed by the other party's acceptance: nobody is asked again.
    deliverable.activity = ledger.ledger_entry_record(
        source=project,
        by=by,
        fields=_activity_fields(project, deliverable.title, on=timezone.localdate(), documents=[deliverable.document]),
        internal=project.internal,
        signed_off_by=other.by if other else None,
        comment=_("Deliverable accepted by the principal investigators of both parties."),
    )
    deliverable.save(update_fields=["status", "accepted_at", "activity"])
    notifications_resolve(target=project, kinds=[DELIVERABLE_SUBMITTED], params=_about(deliverable))
    outbox.enqueue(
        kind=DELIVERABLE_ACCEPTED,
        recipients=team_users(project),
        target=project,
        params=_deliverable_params(project, deliverable, by),
    )


# Helpers.


def _apply(project: ResearchProject, fields: ProjectFields, *, by: User) -> None:
    for name in (
        "title", "title_other", "topic", "technology_field", "objectives", "expected_outputs", "start_date",
        "end_date", "internal",
    ):  # fmt: skip
        setattr(project, name, getattr(fields, name))
    project.ipc_classes = " ".join(code.upper() for code in fields.ipc_classes.split())
    project.search_text = search.segment(
        " ".join([fields.title, fields.title_other, fields.topic, fields.technology_field, project.ipc_classes,
                  fields.objectives])
    )  # fmt: skip
    project.save()
    search.refresh_search_vector(ResearchProject.objects.filter(pk=project.pk))
    _apply_team(project, fields.team)
    _apply_rows(project.milestones, fields.milestones, make=lambda row: Milestone(project=project),
                names=("title", "due_date", "owner"))  # fmt: skip
    _apply_rows(project.deliverables, fields.deliverables, make=lambda row: Deliverable(project=project),
                names=("title", "due_date"))  # fmt: skip
    project.documents.set(library.links_kept(current=project.documents.all(), chosen=fields.documents, by=by))


def _apply_team(project: ResearchProject, team: list[Member]) -> None:
    wanted = {member.user.pk: member for member in team}
    project.team.exclude(user_id__in=wanted).delete()
    existing = {member.user_id: member for member in project.team.all()}
    # PIs are written last: a PI who changes party seat never meets their successor in the constraint.
    for member in sorted(team, key=lambda m: m.role == TeamRole.PRINCIPAL_INVESTIGATOR):
        row = existing.get(member.user.pk)
        if row is None:
            TeamMember.objects.create(
                project=project, user=member.user, party_id=member.user.party_id, role=member.role
            )
        elif row.role != member.role:
            row.role = member.role
            row.save(update_fields=["role"])


def _apply_rows(manager, rows: list, *, make, names: tuple[str, ...]) -> None:
    """Rows that name an existing id edit it (its history stays); new rows are added; the others removed."""
    existing = {row.pk: row for row in manager.all()}
    kept = {row.id for row in rows if row.id in existing}
    manager.exclude(pk__in=kept).delete()
    for row in rows:
        record = existing.get(row.id) if row.id else None
        record = record or make(row)
        for name in names:
            setattr(record, name, getattr(row, name))
        record.save()


def _activity_fields(
    project: ResearchProject, what: str, *, on: date, outcomes: str = "", documents=()
) -> ledger.ActivityFields:
    title = f"{project.title}: {what}"
    return ledger.ActivityFields(
        area=Area.RESEARCH,
        kind=ledger.Kind.JOINT_ANALYSIS,
        # A ledger title holds 200 characters: a long project title gives way to what was done.
        title=title if len(title) <= 200 else what,
        title_other=project.title_other,
        description=project.objectives,
        start_date=on,
        lead_party=project.lead_party,
        participants=team_users(project),
        outcomes=outcomes,
        documents=[document for document in documents if document is not None],
    )


def _reviewable(project: ResearchProject, *, version: int, by: User) -> PlanVersion:
    if not permissions.can_review_plan(by, project) and project.plan_state == PlanState.IN_REVIEW:
        raise PermissionDenied
    if project.plan_state != PlanState.IN_REVIEW:
        raise ProjectError(_("This plan is not waiting for approval."), record=project)
    current = project.plan_version
    if current.number != version:
        raise ProjectError(_("This version of the plan has been superseded; review the current one."), record=project)
    return current


def _decidable(project: ResearchProject, deliverable: Deliverable, *, version: str, by: User):
    if not permissions.is_pi(by, project):
        raise PermissionDenied
    if deliverable.status != DeliverableStatus.SUBMITTED or project.status not in RUNNING:
        raise DeliverableError(_("This deliverable is not waiting for acceptance."), record=project)
    current = deliverable.version
    if current.label != version:
        raise DeliverableError(_("A newer file has been submitted; review it instead."), record=project)
    return current


def _runners(project: ResearchProject) -> list[User]:
    """Who gets the plan back: its PIs and its creator."""
    people = {
        m.user.pk: m.user for m in project.team.select_related("user") if m.role == TeamRole.PRINCIPAL_INVESTIGATOR
    }
    people.setdefault(project.created_by_id, project.created_by)
    return [person for person in people.values() if person.is_active]


def _lock(project: ResearchProject) -> ResearchProject:
    return locked(project, related=("lead_party", "created_by", "plan_version", "baseline"))


def _lock_deliverable(deliverable: Deliverable) -> Deliverable:
    return locked(deliverable, related=("document", "document__owner_party", "submitted_by"))


def _params(project: ResearchProject, by: User) -> dict:
    return {"title": project.title, "actor": by.full_name}


def _about(deliverable: Deliverable) -> dict:
    return {"deliverable_id": deliverable.pk}


def _deliverable_params(project: ResearchProject, deliverable: Deliverable, by: User) -> dict:
    return (
        _params(project, by)
        | _about(deliverable)
        | {"deliverable": deliverable.title, "number": deliverable.version_number}
    )
