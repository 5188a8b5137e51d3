"""Reads of the research area, already scoped to the reader (protocol.visibility)."""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import BooleanField, CharField, Exists, ExpressionWrapper, OuterRef, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from cooperation.documents.links import library
from protocol import search
from protocol.parties.models import Party, User
from protocol.parties.roles import Role
from protocol.signoff import selectors as signoff_selectors
from protocol.signoff.content import Version
from protocol.signoff.models import Decision, SignOff
from protocol.signoff.selectors import parties_required
from protocol.visibility import has_party, holds_role, party_scoped

from .models import (
    RUNNING,
    Deliverable,
    DeliverableStatus,
    Milestone,
    PlanState,
    PlanVersion,
    ProjectStatus,
    ResearchProject,
    StatusReport,
    TeamMember,
    TeamRole,
)


def projects_visible_to(user) -> QuerySet[ResearchProject]:
    """Projects of both parties, except the other party's drafts and internal projects."""
    rows = ResearchProject.objects.select_related("lead_party").defer("search_text", "search_vector")
    shared = Q(internal=False) & ~Q(status=ProjectStatus.DRAFT)
    return party_scoped(rows, user, owner="lead_party", shared=shared)


def projects_listed(user) -> QuerySet[ResearchProject]:
    """Every visible project, newest start first (keyset on the index research_newest)."""
    return projects_visible_to(user).order_by("-start_date", "-pk")


def projects_mine(user) -> QuerySet[ResearchProject]:
    """The projects the reader is on the team of, or created."""
    on_team = TeamMember.objects.filter(project=OuterRef("pk"), user_id=user.pk)
    return projects_listed(user).filter(Exists(on_team) | Q(created_by_id=user.pk))


def projects_awaiting(user) -> QuerySet[ResearchProject]:
    """What waits for the reader's decision: for a coordinator, plans their party has not approved yet; for a
    PI, deliverables submitted that their party has not accepted yet.

    Each test picks its few candidates first (the plans in review, the reader's deliverables submitted) and asks
    the sign-offs about those only: an OR of correlated tests had PostgreSQL hash every approval the party ever
    gave, 12-25 ms at ten years on every dashboard view (the panel), against ~1 ms (bench/RESULTS.md)."""
    if not has_party(user):
        return ResearchProject.objects.none()
    plan_waiting = Q(pk__in=_plans_waiting(user).values("pk"))
    deliverable_waiting = Q(pk__in=_deliverables_waiting(user).values("project_id"))
    # Each row says why it waits (`awaits_plan`, `awaits_deliverable`), for the list's scope.
    return (
        projects_listed(user)
        .filter(plan_waiting | deliverable_waiting)
        .annotate(
            awaits_plan=ExpressionWrapper(plan_waiting, output_field=BooleanField()),
            awaits_deliverable=ExpressionWrapper(deliverable_waiting, output_field=BooleanField()),
        )
    )


# The list's scopes (`?scope=`), for its page and the API: the first is the default.
PROJECT_LISTS = {"all": projects_listed, "mine": projects_mine, "awaiting": projects_awaiting}


def plans_to_approve(user) -> QuerySet[ResearchProject]:
    """For a coordinator: the visible projects whose plan version in review their party has not approved yet
    (`projects_awaiting`'s first half, one row per plan, for the dashboard)."""
    if not has_party(user):
        return ResearchProject.objects.none()
    return projects_visible_to(user).filter(pk__in=_plans_waiting(user).values("pk")).select_related("plan_version")


def deliverables_to_accept(user) -> QuerySet[Deliverable]:
    """For a PI: the deliverables submitted on visible projects that their party has not accepted yet
    (`projects_awaiting`'s second half, one row per deliverable, for the dashboard)."""
    if not has_party(user):
        return Deliverable.objects.none()
    return (
        _deliverables_waiting(user).filter(project__in=projects_visible_to(user).values("pk")).select_related("project")
    )


def _plans_waiting(user) -> QuerySet[ResearchProject]:
    """Candidates, unscoped: the plans in review the reader's party has not approved (none but for coordinators)."""
    if not holds_role(user, Role.COORDINATOR):
        return ResearchProject.objects.none()
    plan_approved = signoff_selectors.approvals_by_party(user.party_id, model=ResearchProject).filter(
        object_id=OuterRef("pk"),
        sha256=OuterRef("plan_version__sha256"),
        version=Concat(Value("plan-"), Cast(OuterRef("plan_version__number"), CharField())),
    )
    return ResearchProject.objects.filter(plan_state=PlanState.IN_REVIEW).filter(~Exists(plan_approved))


def _deliverables_waiting(user) -> QuerySet[Deliverable]:
    """Candidates, unscoped: the deliverables submitted on projects the reader is a PI of, not accepted by their
    party."""
    accepted = signoff_selectors.approvals_by_party(user.party_id, model=Deliverable).filter(
        object_id=OuterRef("pk"), sha256=OuterRef("version_sha256")
    )
    pi = TeamMember.objects.filter(
        project=OuterRef("project_id"), user_id=user.pk, role=TeamRole.PRINCIPAL_INVESTIGATOR
    )
    return Deliverable.objects.filter(status=DeliverableStatus.SUBMITTED).filter(~Exists(accepted), Exists(pi))


def projects_matching(
    projects: QuerySet[ResearchProject], query: str, *, rank_limit: int = search.RANK_LIMIT
) -> QuerySet[ResearchProject]:
    """Ranked search within an already scoped and filtered set (protocol.search, Chinese segmented)."""
    return search.apply_search(projects, query, rank_limit=rank_limit)


def project_detail(user, pk: int) -> ResearchProject:
    """One visible project with what its page shows; raises ResearchProject.DoesNotExist otherwise."""
    return (
        projects_visible_to(user)
        .select_related("created_by", "baseline", "plan_version", "plan_version__proposed_by")
        .prefetch_related(
            Prefetch("team", queryset=TeamMember.objects.select_related("user", "user__party", "party")),
            Prefetch("milestones", queryset=Milestone.objects.select_related("owner", "owner__party", "activity")),
            Prefetch(
                "deliverables",
                queryset=Deliverable.objects.select_related("document", "submitted_by", "activity"),
            ),
            Prefetch("documents", queryset=library.visible_to(user), to_attr="visible_documents"),
        )
        .get(pk=pk)
    )


def project_for_action(user, pk: int) -> ResearchProject:
    """A visible project with its team (what the permissions read), for a view that acts on it."""
    return (
        projects_visible_to(user)
        .prefetch_related(Prefetch("team", queryset=TeamMember.objects.select_related("user", "party")))
        .get(pk=pk)
    )


def milestone_of(project: ResearchProject, pk: int) -> Milestone:
    return project.milestones.select_related("owner").get(pk=pk)


def deliverable_of(project: ResearchProject, pk: int) -> Deliverable:
    return project.deliverables.select_related("document", "document__current_version").get(pk=pk)


def reports_of(project: ResearchProject) -> QuerySet[StatusReport]:
    return project.reports.select_related("author", "author__party").order_by("-as_of", "-pk")


def plan_versions_of(project: ResearchProject) -> list[PlanVersion]:
    """Every version proposed, newest first, each with its `decisions` (sign-off records, oldest first)."""
    versions = list(project.plan_versions.select_related("proposed_by").order_by("-number"))
    by_label: dict = {}
    for decision in signoff_selectors.signoffs_of(project):
        by_label.setdefault((decision.sha256, decision.version), []).append(decision)
    for version in versions:
        version.decisions = by_label.get((version.sha256, version.version.label), [])
    return versions


def plan_version_of(project: ResearchProject, number: int) -> PlanVersion:
    return project.plan_versions.get(number=number)


def decisions_on_deliverables(project: ResearchProject) -> dict[int, list[SignOff]]:
    """Each deliverable's sign-off records, oldest first, in one query."""
    deliverable_type = ContentType.objects.get_for_model(Deliverable)
    ids = [d.pk for d in project.deliverables.all()]
    decisions: dict[int, list[SignOff]] = {pk: [] for pk in ids}
    rows = SignOff.objects.filter(content_type=deliverable_type, object_id__in=ids).select_related("party", "by")
    for row in rows.order_by("at", "pk"):
        decisions[row.object_id].append(row)
    return decisions


def parties_that_approve(project: ResearchProject) -> set[int]:
    """Both parties agree a joint plan; an internal project's plan is its own party's alone."""
    return parties_required(internal=project.internal, owner_party_id=project.lead_party_id)


def coordinators_for(project: ResearchProject) -> QuerySet[User]:
    return User.objects.filter(
        is_active=True, party_id__in=parties_that_approve(project), groups__name=Role.COORDINATOR
    ).distinct()


def team_users(project: ResearchProject) -> list[User]:
    return [member.user for member in project.team.select_related("user") if member.user.is_active]


# The project page: who decided what for which party, the team by party, the timeline, what an amendment changes.


@dataclass(frozen=True)
class PartyDecision:
    """One party's latest decision on one version (None while it has yet to decide)."""

    party: Party
    decision: SignOff | None

    @property
    def approved(self) -> bool:
        return self.decision is not None and self.decision.decision == Decision.APPROVED


def approving_parties(project: ResearchProject) -> list[Party]:
    """The parties whose approval the plan and the deliverables need, in code order (CAS, then SIPO)."""
    if project.internal:
        return [project.lead_party]
    return list(Party.objects.order_by("code"))


def decisions_by_party(decisions: list[SignOff], parties: list[Party], version: Version | None) -> list[PartyDecision]:
    """Each party's latest decision naming `version`, from decisions read already (oldest first)."""
    latest: dict[int, SignOff] = {}
    if version is not None:
        for decision in decisions:
            if decision.sha256 == version.sha256 and decision.version == version.label:
                latest[decision.party_id] = decision
    return [PartyDecision(party=party, decision=latest.get(party.pk)) for party in parties]


def team_by_party(project: ResearchProject) -> list[tuple[Party, list[TeamMember]]]:
    """The team (prefetched by project_detail) grouped by the party each member stands for, its PI first."""
    groups: dict[int, tuple[Party, list[TeamMember]]] = {}
    members = sorted(project.team.all(), key=lambda m: (m.party.code, m.role != TeamRole.PRINCIPAL_INVESTIGATOR, m.pk))
    for member in members:
        groups.setdefault(member.party_id, (member.party, []))[1].append(member)
    return list(groups.values())


def documents_known_to(user, documents) -> set[int]:
    """Which of these library documents the user may know exist, in one query: a deliverable's document internal
    to the other party is named to its own party only."""
    ids = {document.pk for document in documents if document is not None}
    if not ids:
        return set()
    return set(library.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))


class Event(models.TextChoices):
    REPORT = "report"
    PLAN_PROPOSED = "plan_proposed"
    PLAN_APPROVED_BY_PARTY = "plan_party_approved"
    PLAN_CHANGES_REQUESTED = "plan_changes"
    PLAN_AGREED = "plan_agreed"
    MILESTONE_DONE = "milestone_done"
    DELIVERABLE_SUBMITTED = "deliverable_submitted"
    DELIVERABLE_ACCEPTED_BY_PARTY = "deliverable_party_accepted"
    DELIVERABLE_FIXES_REQUESTED = "deliverable_fixes"
    DELIVERABLE_ACCEPTED = "deliverable_accepted"


@dataclass(frozen=True)
class TimelineEvent:
    at: datetime
    kind: str
    by: User | None = None
    party: Party | None = None
    # The plan's or the file's version number, the milestone's or deliverable's title, a comment or note.
    number: int | None = None
    title: str = ""
    text: str = ""
    report: StatusReport | None = None
    milestone: Milestone | None = None
    deliverable: Deliverable | None = None


def project_timeline(
    project: ResearchProject,
    *,
    plan_versions: list[PlanVersion] | None = None,
    deliverable_decisions: dict[int, list[SignOff]] | None = None,
    reports: list[StatusReport] | None = None,
) -> list[TimelineEvent]:
    """What happened to the project, newest first: status reports, the plan's proposals and decisions,
    milestones done, deliverables submitted and decided on. Pass what the page has read already; the rest costs
    a fixed number of queries (the project's milestones and deliverables prefetched by project_detail)."""
    versions = plan_versions if plan_versions is not None else plan_versions_of(project)
    decisions = deliverable_decisions if deliverable_decisions is not None else decisions_on_deliverables(project)
    reports = reports if reports is not None else list(reports_of(project))
    events = [
        TimelineEvent(at=r.created_at, kind=Event.REPORT, by=r.author, party=r.author.party, text=r.text, report=r)
        for r in reports
    ]
    for version in versions:
        events.append(
            TimelineEvent(
                at=version.proposed_at, kind=Event.PLAN_PROPOSED, by=version.proposed_by, number=version.number
            )
        )
        for decision in version.decisions:
            approved = decision.decision == Decision.APPROVED
            kind = Event.PLAN_APPROVED_BY_PARTY if approved else Event.PLAN_CHANGES_REQUESTED
            events.append(
                TimelineEvent(
                    at=decision.at,
                    kind=kind,
                    by=decision.by,
                    party=decision.party,
                    number=version.number,
                    text=decision.comment,
                )
            )
        if version.approved_at:
            events.append(TimelineEvent(at=version.approved_at, kind=Event.PLAN_AGREED, number=version.number))
    milestones = [m for m in project.milestones.all() if m.is_done]
    done_by = User.objects.select_related("party").in_bulk({m.done_by_id for m in milestones if m.done_by_id})
    for milestone in milestones:
        by = done_by.get(milestone.done_by_id)
        events.append(
            TimelineEvent(
                at=_done_at(milestone),
                kind=Event.MILESTONE_DONE,
                by=by,
                party=by.party if by else None,
                title=milestone.title,
                text=milestone.done_note,
                milestone=milestone,
            )
        )
    for deliverable in project.deliverables.all():
        if deliverable.submitted_at:
            events.append(
                TimelineEvent(
                    at=deliverable.submitted_at,
                    kind=Event.DELIVERABLE_SUBMITTED,
                    by=deliverable.submitted_by,
                    number=deliverable.version_number,
                    title=deliverable.title,
                    deliverable=deliverable,
                )
            )
        for decision in decisions.get(deliverable.pk, []):
            approved = decision.decision == Decision.APPROVED
            kind = Event.DELIVERABLE_ACCEPTED_BY_PARTY if approved else Event.DELIVERABLE_FIXES_REQUESTED
            events.append(
                TimelineEvent(
                    at=decision.at,
                    kind=kind,
                    by=decision.by,
                    party=decision.party,
                    number=_file_number(decision.version),
                    title=deliverable.title,
                    text=decision.comment,
                    deliverable=deliverable,
                )
            )
        if deliverable.accepted_at:
            events.append(
                TimelineEvent(
                    at=deliverable.accepted_at,
                    kind=Event.DELIVERABLE_ACCEPTED,
                    number=deliverable.version_number,
                    title=deliverable.title,
                    deliverable=deliverable,
                )
            )
    # Of two events at one moment (an approval that completes the plan), the consequence comes first.
    order = {Event.PLAN_AGREED: 1, Event.DELIVERABLE_ACCEPTED: 1}
    return sorted(events, key=lambda event: (event.at, order.get(event.kind, 0)), reverse=True)


def _done_at(milestone: Milestone) -> datetime:
    """When it was marked done: its ledger entry's time; the day it was done at noon when it has none."""
    if milestone.activity is not None:
        return milestone.activity.created_at
    return timezone.make_aware(datetime.combine(milestone.done_on, time(12)))


def _file_number(label: str) -> int | None:
    """The file's version number in a deliverable's sign-off label, "12v3" → 3."""
    number = label.rpartition("v")[2]
    return int(number) if number.isdigit() else None


@dataclass(frozen=True)
class PlanChange:
    """One difference between two plans. `kind` says what changed; `before` and `after` are the values shown
    (ISO dates, texts, names), `subject` the milestone, deliverable or person it concerns."""

    kind: str
    subject: str = ""
    before: str = ""
    after: str = ""


def plan_differences(before: dict, after: dict) -> list[PlanChange]:
    """What `after` (a plan version's content) changes against `before` (the baseline's), rows matched by id."""
    changes = [
        PlanChange(kind=name, before=str(before.get(name, "")), after=str(after.get(name, "")))
        for name in ("objectives", "expected_outputs", "start_date", "end_date")
        if before.get(name) != after.get(name)
    ]
    changes += _team_changes(before.get("team", []), after.get("team", []))
    changes += _row_changes("milestone", before.get("milestones", []), after.get("milestones", []))
    changes += _row_changes("deliverable", before.get("deliverables", []), after.get("deliverables", []))
    return changes


def _team_changes(before: list[dict], after: list[dict]) -> list[PlanChange]:
    old, new = {row["user"]: row for row in before}, {row["user"]: row for row in after}
    changes = [
        PlanChange("team_added", subject=row["name"], after=row["role"]) for u, row in new.items() if u not in old
    ]
    changes += [
        PlanChange("team_removed", subject=row["name"], before=row["role"]) for u, row in old.items() if u not in new
    ]
    changes += [
        PlanChange("team_role", subject=row["name"], before=old[u]["role"], after=row["role"])
        for u, row in new.items()
        if u in old and old[u]["role"] != row["role"]
    ]
    return changes


def _row_changes(kind: str, before: list[dict], after: list[dict]) -> list[PlanChange]:
    old, new = {row["id"]: row for row in before}, {row["id"]: row for row in after}
    changes = []
    for pk, row in new.items():
        if pk not in old:
            changes.append(PlanChange(f"{kind}_added", subject=row["title"], after=row["due_date"]))
            continue
        was = old[pk]
        if was["title"] != row["title"]:
            changes.append(PlanChange(f"{kind}_renamed", subject=row["title"], before=was["title"], after=row["title"]))
        if was["due_date"] != row["due_date"]:
            changes.append(
                PlanChange(f"{kind}_moved", subject=row["title"], before=was["due_date"], after=row["due_date"])
            )
        if was.get("owner") != row.get("owner"):
            changes.append(
                PlanChange(
                    f"{kind}_owner",
                    subject=row["title"],
                    before=was.get("owner_name", ""),
                    after=row.get("owner_name", ""),
                )
            )
    changes += [
        PlanChange(f"{kind}_removed", subject=row["title"], before=row["due_date"])
        for pk, row in old.items()
        if pk not in new
    ]
    return changes


def milestones_overdue_for_party(user, *, today: date) -> QuerySet[Milestone]:
    """For a coordinator: the open milestones of running projects they may see, owned by their party's staff and
    past their due date."""
    if not holds_role(user, Role.COORDINATOR):
        return Milestone.objects.none()
    return Milestone.objects.filter(
        done_on__isnull=True,
        due_date__lt=today,
        owner__party_id=user.party_id,
        project__status__in=RUNNING,
        project__in=projects_visible_to(user).values("pk"),
    ).select_related("project", "owner")


def milestones_in_calendar_of(user) -> QuerySet[Milestone]:
    """The milestones of the visible projects the reader is on the team of, or owns (their calendar)."""
    on_team = TeamMember.objects.filter(project=OuterRef("project_id"), user_id=user.pk)
    return (
        Milestone.objects.filter(project__in=projects_visible_to(user).values("pk"))
        .filter(Exists(on_team) | Q(owner_id=user.pk))
        .select_related("project")
    )
