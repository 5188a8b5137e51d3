"""Reads of the research area, already scoped to the reader (protocol.visibility)."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Exists, OuterRef, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Cast, Concat

from cooperation.documents.links import library
from protocol import search
from protocol.parties.models import Party, User
from protocol.parties.roles import Role
from protocol.signoff import selectors as signoff_selectors
from protocol.signoff.models import Decision, SignOff
from protocol.visibility import has_party, holds_role, party_scoped

from .models import (
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
    project_type = ContentType.objects.get_for_model(ResearchProject)
    deliverable_type = ContentType.objects.get_for_model(Deliverable)
    party_approved = SignOff.objects.filter(party_id=user.party_id, decision=Decision.APPROVED)
    waiting = Q(pk__in=[])
    if holds_role(user, Role.COORDINATOR):
        plan_approved = party_approved.filter(
            content_type=project_type,
            object_id=OuterRef("pk"),
            sha256=OuterRef("plan_version__sha256"),
            version=Concat(Value("plan-"), Cast(OuterRef("plan_version__number"), CharField())),
        )
        in_review = ResearchProject.objects.filter(plan_state=PlanState.IN_REVIEW)
        waiting |= Q(pk__in=in_review.filter(~Exists(plan_approved)).values("pk"))
    accepted = party_approved.filter(
        content_type=deliverable_type,
        object_id=OuterRef("pk"),
        sha256=OuterRef("version_sha256"),
    )
    pi = TeamMember.objects.filter(
        project=OuterRef("project_id"), user_id=user.pk, role=TeamRole.PRINCIPAL_INVESTIGATOR
    )
    open_deliverables = Deliverable.objects.filter(status=DeliverableStatus.SUBMITTED).filter(
        ~Exists(accepted), Exists(pi)
    )
    waiting |= Q(pk__in=open_deliverables.values("project_id"))
    return projects_listed(user).filter(waiting)


def projects_matching(projects: QuerySet[ResearchProject], query: str) -> QuerySet[ResearchProject]:
    """Ranked search within an already scoped and filtered set (protocol.search, Chinese segmented)."""
    return search.apply_search(projects, query)


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
    if project.internal:
        return {project.lead_party_id}
    return set(Party.objects.values_list("pk", flat=True))


def coordinators_for(project: ResearchProject) -> QuerySet[User]:
    return User.objects.filter(
        is_active=True, party_id__in=parties_that_approve(project), groups__name=Role.COORDINATOR
    ).distinct()


def team_users(project: ResearchProject) -> list[User]:
    return [member.user for member in project.team.select_related("user") if member.user.is_active]
