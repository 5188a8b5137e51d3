"""Who may do what with a research project; views, templates and services ask the same questions.

The predicates read `project.team` (prefetched by the selectors, queried otherwise)."""

from protocol.parties.roles import Role
from protocol.visibility import has_party, holds_role

from .models import (
    RUNNING,
    Deliverable,
    DeliverableStatus,
    Milestone,
    PlanState,
    ProjectStatus,
    ResearchProject,
    TeamRole,
)


def can_create(user) -> bool:
    return holds_role(user, Role.OFFICIAL) or holds_role(user, Role.COORDINATOR)


def pi_ids(project: ResearchProject) -> set[int]:
    return {member.user_id for member in project.team.all() if member.role == TeamRole.PRINCIPAL_INVESTIGATOR}


def is_pi(user, project: ResearchProject) -> bool:
    return has_party(user) and user.pk in pi_ids(project)


def is_member(user, project: ResearchProject) -> bool:
    return has_party(user) and any(member.user_id == user.pk for member in project.team.all())


def runs_project(user, project: ResearchProject) -> bool:
    """Who steers the project: its PIs, whoever created it, and the lead party's coordinators."""
    if not has_party(user):
        return False
    if is_pi(user, project) or project.created_by_id == user.pk:
        return True
    return holds_role(user, Role.COORDINATOR) and user.party_id == project.lead_party_id


def can_edit_plan(user, project: ResearchProject) -> bool:
    """Not while a version is under review (its reviewers decide on what they read), nor once it has ended."""
    return (
        runs_project(user, project)
        and project.status in (ProjectStatus.DRAFT, ProjectStatus.PROPOSED, *RUNNING)
        and project.plan_state != PlanState.IN_REVIEW
    )


def can_propose(user, project: ResearchProject) -> bool:
    """Send the plan (or an amendment of it) for both parties' approval."""
    return can_edit_plan(user, project) and project.plan_state == PlanState.EDITING


def can_review_plan(user, project: ResearchProject) -> bool:
    """A coordinator of a party whose approval is needed, while a version waits for it."""
    return (
        project.plan_state == PlanState.IN_REVIEW
        and holds_role(user, Role.COORDINATOR)
        and (not project.internal or user.party_id == project.lead_party_id)
    )


def can_start(user, project: ResearchProject) -> bool:
    return runs_project(user, project) and project.status == ProjectStatus.APPROVED


def can_complete(user, project: ResearchProject) -> bool:
    return runs_project(user, project) and project.status == ProjectStatus.ACTIVE


def can_withdraw(user, project: ResearchProject) -> bool:
    """Before approval the project is withdrawn; after it, cancelled (both with a reason)."""
    return runs_project(user, project) and project.status in (ProjectStatus.DRAFT, ProjectStatus.PROPOSED)


def can_cancel(user, project: ResearchProject) -> bool:
    return runs_project(user, project) and project.status in RUNNING


def can_report(user, project: ResearchProject) -> bool:
    """The PIs post progress while the project runs."""
    return is_pi(user, project) and project.status in RUNNING


def can_complete_milestone(user, project: ResearchProject, milestone: Milestone) -> bool:
    return (
        project.status in RUNNING
        and not milestone.is_done
        and has_party(user)
        and (milestone.owner_id == user.pk or is_pi(user, project))
    )


def can_submit_deliverable(user, project: ResearchProject, deliverable: Deliverable) -> bool:
    return project.status in RUNNING and deliverable.status != DeliverableStatus.ACCEPTED and is_pi(user, project)


def can_decide_deliverable(user, project: ResearchProject, deliverable: Deliverable) -> bool:
    """Each party's PI accepts, or asks for fixes to, the file submitted."""
    return project.status in RUNNING and deliverable.status == DeliverableStatus.SUBMITTED and is_pi(user, project)
