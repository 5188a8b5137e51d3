"""Who may do what in project support; views, templates and services ask the same questions."""

from django.utils import timezone

from protocol.parties.roles import Role
from protocol.visibility import has_party, holds_role

from .models import (
    IN_REVIEW,
    NEXT_STATUS,
    Application,
    ApplicationStatus,
    Call,
    Contribution,
    ContributionStatus,
    Project,
    ProjectStatus,
)

# A call takes applications while its project is published and neither planned nor closed.
TAKING_PART = (ProjectStatus.OPEN, ProjectStatus.RUNNING)


def is_organiser(user, project: Project) -> bool:
    return has_party(user) and user.party_id == project.organising_party_id


def is_organising_coordinator(user, project: Project) -> bool:
    return holds_role(user, Role.COORDINATOR) and user.party_id == project.organising_party_id


def can_organise(user) -> bool:
    """Officials and coordinators set up their party's projects."""
    return holds_role(user, Role.OFFICIAL) or holds_role(user, Role.COORDINATOR)


def organises(user, project: Project) -> bool:
    """Changes the organising party's projects at all (whether this one still may change is can_edit_project)."""
    return can_organise(user) and is_organiser(user, project)


def can_edit_project(user, project: Project) -> bool:
    return organises(user, project) and project.status != ProjectStatus.CLOSED


def can_decide_for_party(user) -> bool:
    """The lists of what waits for a party's decision (applications, contributions to confirm): coordinators."""
    return holds_role(user, Role.COORDINATOR)


def can_publish(user, project: Project) -> bool:
    """The organiser's coordinator publishes: from then on the other party sees the project, for good."""
    return is_organising_coordinator(user, project) and not project.is_published


def can_advance(user, project: Project) -> bool:
    return is_organising_coordinator(user, project) and project.is_published and project.status in NEXT_STATUS


def can_report_results(user, project: Project) -> bool:
    return can_edit_project(user, project)


def can_add_call(user, project: Project) -> bool:
    return can_edit_project(user, project) and project.status in (ProjectStatus.PLANNED, ProjectStatus.OPEN)


def can_edit_call(user, call: Call) -> bool:
    return can_edit_project(user, call.project)


def call_is_open(call: Call, *, now=None) -> bool:
    now = now or timezone.now()
    project = call.project
    return project.is_published and project.status in TAKING_PART and call.opens_at <= now < call.closes_at


def call_has_closed(call: Call, *, now=None) -> bool:
    return (now or timezone.now()) >= call.closes_at


def is_eligible(user, call: Call) -> bool:
    """The other party's active staff, of a named department where the call names some."""
    if not has_party(user) or not user.is_active or user.party_id == call.project.organising_party_id:
        return False
    departments = call.department_list
    return not departments or user.department.strip() in departments


def can_apply(user, call: Call) -> bool:
    return is_eligible(user, call) and call_is_open(call)


def is_applicant(user, application: Application) -> bool:
    return application.applicant_id == user.pk


def is_contributor(user, contribution: Contribution) -> bool:
    return contribution.participant.user_id == user.pk


def can_edit_application(user, application: Application) -> bool:
    """The applicant, until the deadline, while nobody has decided on it."""
    return (
        is_applicant(user, application)
        and application.status in (ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED, ApplicationStatus.WITHDRAWN)
        and call_is_open(application.call)
    )


def can_withdraw(user, application: Application) -> bool:
    return (
        is_applicant(user, application)
        and application.status == ApplicationStatus.SUBMITTED
        and call_is_open(application.call)
    )


def is_reviewer(user, *, reviewer_ids: set[int]) -> bool:
    """One of the call's reviewers (the ids of `call.reviewers`)."""
    return user.pk in reviewer_ids


def can_review(user, application: Application, *, reviewer_ids: set[int]) -> bool:
    """The call's reviewers, of the organising party, while the application waits for a decision."""
    return (
        is_organiser(user, application.call.project)
        and is_reviewer(user, reviewer_ids=reviewer_ids)
        and application.status in IN_REVIEW
    )


def can_decide(user, application: Application) -> bool:
    return is_organising_coordinator(user, application.call.project) and application.status in IN_REVIEW


def can_export_applications(user, call: Call) -> bool:
    """The applications with their scores are the organiser's working papers."""
    return is_organising_coordinator(user, call.project) or (
        is_organiser(user, call.project) and call.reviewers.filter(pk=user.pk).exists()
    )


def can_record_contribution(user, project: Project, *, participant) -> bool:
    return participant is not None and participant.user_id == user.pk and project.status in TAKING_PART


def can_edit_contribution(user, contribution: Contribution) -> bool:
    return (
        is_contributor(user, contribution)
        and contribution.status in (ContributionStatus.RECORDED, ContributionStatus.RETURNED)
        and contribution.project.status != ProjectStatus.CLOSED
    )


def can_confirm_contribution(user, contribution: Contribution) -> bool:
    """The organiser's coordinator confirms a contribution once (protocol.signoff, the organiser's party alone)."""
    return is_organising_coordinator(user, contribution.project) and contribution.status == ContributionStatus.RECORDED
