"""The research area's rules, through its services: the plan both parties approve, amendments against the
baseline, milestones and deliverables into the ledger."""

import threading
import time
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from cooperation.documents.models import Confidentiality
from cooperation.research import permissions, selectors, services
from cooperation.research.models import (
    Deliverable,
    DeliverableStatus,
    Milestone,
    PlanState,
    ProjectStatus,
    ResearchProject,
    TeamRole,
)
from cooperation.research.plan import against_baseline
from cooperation.research.reminders import milestones_due
from cooperation.research.services import Member, MilestoneRow, plan_rows_of
from protocol.activities.models import Activity
from protocol.activities.models import Status as ActivityStatus
from protocol.notifications.models import OutboxMessage
from protocol.signoff import services as signoff_services
from protocol.signoff.models import Decision, SignOff
from protocol.signoff.selectors import signoffs_of
from tests.research.conftest import dates

# The portal speaks Chinese by default; these tests read the English messages.
pytestmark = pytest.mark.usefixtures("english")


def reloaded(project) -> ResearchProject:
    return ResearchProject.objects.select_related("baseline", "plan_version").get(pk=project.pk)


def sent(kind: str) -> list[str]:
    return sorted(OutboxMessage.objects.filter(kind=f"research.{kind}").values_list("recipient__username", flat=True))


def submit_file(project, by, document):
    deliverable = project.deliverables.get()
    return services.deliverable_submit(deliverable=deliverable, by=by, document=document)


# Drafts and the plan's rules.


def test_a_draft_is_its_own_partys_alone(draft_project, cas_coordinator, sipo_coordinator, sipo_official, outsider):
    assert draft_project.status == ProjectStatus.DRAFT and draft_project.lead_party.code == "CAS"
    assert selectors.projects_visible_to(cas_coordinator).filter(pk=draft_project.pk).exists()
    for reader in (sipo_coordinator, sipo_official, outsider):
        assert not selectors.projects_visible_to(reader).filter(pk=draft_project.pk).exists()


def test_proposed_the_other_party_sees_it_but_never_an_internal_one(
    make_project, proposed_project, cas_official, sipo_official, cas_coordinator, project_fields
):
    assert selectors.projects_visible_to(sipo_official).filter(pk=proposed_project.pk).exists()
    start, _ = dates()
    internal = make_project(
        internal=True,
        team=[Member(user=cas_official, role=TeamRole.PRINCIPAL_INVESTIGATOR)],
        milestones=[MilestoneRow(title="Preparatory study", due_date=start + timedelta(days=10), owner=cas_official)],
        deliverables=[],
    )
    internal = services.project_propose(project=internal, by=cas_official)
    assert internal.status == ProjectStatus.PROPOSED
    assert not selectors.projects_visible_to(sipo_official).filter(pk=internal.pk).exists()
    # Only the lead party approves an internal plan: one approval makes it the baseline.
    internal = services.project_approve_plan(project=internal, version=1, by=cas_coordinator)
    assert reloaded(internal).status == ProjectStatus.APPROVED


def test_a_pi_must_belong_to_the_party_they_stand_for(make_project, cas_official, sipo_official, sipo):
    team = [
        Member(user=cas_official, role=TeamRole.PRINCIPAL_INVESTIGATOR, party_id=sipo.pk),
        Member(user=sipo_official, role=TeamRole.RESEARCHER),
    ]
    with pytest.raises(ValidationError) as error:
        make_project(team=team)
    assert "cannot be the principal investigator for CNIPA" in str(error.value.message_dict["team"])
    assert not ResearchProject.objects.exists()


def test_milestones_fall_within_the_project_and_ipc_classes_are_ipc(make_project, cas_official):
    draft = make_project()
    rows = [MilestoneRow(title="Too late", due_date=draft.end_date + timedelta(days=1), owner=cas_official)]
    with pytest.raises(ValidationError) as error:
        make_project(milestones=rows, ipc_classes="G06N quantum")
    assert "outside the project" in str(error.value.message_dict["milestones"])
    assert "Not an IPC class: quantum" in str(error.value.message_dict["ipc_classes"])
    assert ResearchProject.objects.count() == 1


def test_a_project_needs_a_pi_of_each_party_before_it_is_proposed(make_project, cas_official, sipo_official):
    draft = make_project(
        team=[
            Member(user=cas_official, role=TeamRole.PRINCIPAL_INVESTIGATOR),
            Member(user=sipo_official, role=TeamRole.ANALYST),
        ]
    )
    with pytest.raises(ValidationError) as error:
        services.project_propose(project=draft, by=cas_official)
    assert error.value.messages == ["Name the principal investigator for CNIPA before proposing."]
    assert reloaded(draft).status == ProjectStatus.DRAFT and not draft.plan_versions.exists()


# Approval of the plan by both parties.


def test_proposing_freezes_a_version_and_asks_a_coordinator_of_each_party(
    cas_coordinator, sipo_coordinator, proposed_project
):
    project = reloaded(proposed_project)
    assert project.status == ProjectStatus.PROPOSED and project.plan_state == PlanState.IN_REVIEW
    version = project.plan_version
    assert version.number == 1 and len(version.sha256) == 64
    assert [m["title"] for m in version.content["milestones"]] == [
        "Search strategy agreed",
        "Data set complete",
        "Draft report",
    ]
    assert sent("approval_needed") == ["cas_coordinator", "sipo_coordinator"]
    assert sent("proposed") == ["sipo_official"]  # the team, but not who proposed


def test_changes_requested_then_both_approve_the_revised_version_which_becomes_the_baseline(
    proposed_project, project_fields, cas_official, cas_coordinator, sipo_coordinator
):
    with pytest.raises(ValidationError):
        services.project_request_plan_changes(project=proposed_project, version=1, by=sipo_coordinator, comment=" ")
    services.project_request_plan_changes(
        project=proposed_project, version=1, by=sipo_coordinator, comment="Add the SIPO examination data."
    )
    project = reloaded(proposed_project)
    assert project.plan_state == PlanState.EDITING and project.status == ProjectStatus.PROPOSED
    assert sent("changes_requested") == ["cas_official", "sipo_official"]  # those who run it: its PIs
    services.project_update(
        project=project,
        by=cas_official,
        fields=project_fields(objectives="Map the landscape, with SIPO examination data."),
    )
    services.project_propose(project=project, by=cas_official)
    with pytest.raises(services.ProjectError, match="superseded"):
        services.project_approve_plan(project=project, version=1, by=cas_coordinator)
    services.project_approve_plan(project=project, version=2, by=cas_coordinator)
    assert reloaded(project).status == ProjectStatus.PROPOSED  # one party is not both
    with pytest.raises(services.ProjectError, match="already approved"):
        services.project_approve_plan(project=project, version=2, by=cas_coordinator)
    services.project_approve_plan(project=project, version=2, by=sipo_coordinator)
    project = reloaded(project)
    assert project.status == ProjectStatus.APPROVED and project.plan_state == PlanState.AGREED
    assert project.baseline.number == 2 and project.baseline.approved_at is not None
    assert "SIPO examination data" in project.baseline.content["objectives"]
    approvals = SignOff.objects.of(project).filter(decision=Decision.APPROVED, version="plan-2")
    assert sorted(approvals.values_list("party__code", flat=True)) == ["CAS", "SIPO"]
    assert set(approvals.values_list("sha256", flat=True)) == {project.baseline.sha256}


def test_only_coordinators_decide_on_the_plan(proposed_project, cas_official, sipo_docadmin):
    for person in (cas_official, sipo_docadmin):
        with pytest.raises(PermissionDenied):
            services.project_approve_plan(project=proposed_project, version=1, by=person)
    assert not signoffs_of(proposed_project).exists()


def test_an_amendment_needs_both_approvals_while_the_baseline_stays_in_force(
    approved_project, project_fields, cas_official, approve_plan
):
    project = reloaded(approved_project)
    baseline = project.baseline
    later = project.milestones.get(title="Data set complete").due_date + timedelta(days=20)
    fields = project_fields(**plan_rows_of(project, due={"Data set complete": later}))
    services.project_update(project=project, by=cas_official, fields=fields)
    project = reloaded(project)
    assert project.plan_state == PlanState.EDITING and project.amendment_under_way
    assert project.baseline == baseline and project.status == ProjectStatus.APPROVED
    services.project_propose(project=project, by=cas_official)
    assert reloaded(project).baseline == baseline  # still in force while both decide
    approve_plan(project)
    project = reloaded(project)
    assert project.baseline.number == 2 and project.plan_state == PlanState.AGREED
    assert list(project.plan_versions.filter(approved_at__isnull=False).values_list("number", flat=True)) == [2, 1]


def test_a_change_back_to_the_baseline_is_no_amendment(approved_project, project_fields, cas_official):
    project = reloaded(approved_project)
    original = project.milestones.get(title="Draft report").due_date
    moved = plan_rows_of(project, due={"Draft report": original + timedelta(days=3)})
    services.project_update(project=project, by=cas_official, fields=project_fields(**moved))
    assert reloaded(project).plan_state == PlanState.EDITING
    back = plan_rows_of(project, due={"Draft report": original})
    services.project_update(project=reloaded(project), by=cas_official, fields=project_fields(**back))
    assert reloaded(project).plan_state == PlanState.AGREED


def test_the_plan_under_review_cannot_be_edited(proposed_project, project_fields, cas_official):
    with pytest.raises(services.ProjectError, match="cannot be changed now"):
        services.project_update(project=proposed_project, by=cas_official, fields=project_fields(title="Other"))
    assert reloaded(proposed_project).title != "Other"


# Milestones: done into the ledger, slipping against the baseline.


def test_a_milestone_done_records_a_research_activity_for_the_other_party_to_confirm(active_project, cas_official):
    milestone = active_project.milestones.get(title="Search strategy agreed")
    services.milestone_complete(milestone=milestone, by=cas_official, done_on=timezone.localdate(), note="Agreed.")
    milestone.refresh_from_db()
    activity = milestone.activity
    assert activity.status == ActivityStatus.LOGGED and activity.area == "research"
    assert activity.title == "专利导航：量子计算: Search strategy agreed"
    assert sorted(activity.participants.values_list("username", flat=True)) == ["cas_official", "sipo_official"]
    assert activity.source_id == active_project.pk
    with pytest.raises(services.ProjectError):
        services.milestone_complete(milestone=milestone, by=cas_official, done_on=timezone.localdate())


def test_a_milestone_is_not_done_in_the_future(active_project, cas_official):
    milestone = active_project.milestones.first()
    with pytest.raises(ValidationError):
        services.milestone_complete(
            milestone=milestone, by=cas_official, done_on=timezone.localdate() + timedelta(days=1)
        )
    milestone.refresh_from_db()
    assert milestone.done_on is None and not Activity.objects.exists()


def test_slip_is_counted_against_the_baseline(approved_project, project_fields, cas_official):
    project = reloaded(approved_project)
    first = project.milestones.get(title="Search strategy agreed")
    services.project_update(
        project=project,
        by=cas_official,
        fields=project_fields(
            **plan_rows_of(project, due={"Search strategy agreed": first.due_date + timedelta(days=9)})
        ),
    )
    project = reloaded(project)
    today = first.due_date - timedelta(days=5)
    rows = {row.title: row for row in against_baseline(project, project.milestones.all(), today=today)}
    assert rows["Search strategy agreed"].baseline == first.due_date
    assert rows["Search strategy agreed"].slip_days == 9
    assert rows["Data set complete"].slip_days == 0
    # Open past its date, it slips a day more every day.
    later = first.due_date + timedelta(days=15)
    row = next(r for r in against_baseline(project, project.milestones.all(), today=later) if r.id == first.pk)
    assert row.overdue and row.slip_days == 15


# Deliverables: the PI of each party accepts the same file.


def test_a_deliverable_is_accepted_when_both_pis_accept_the_same_file_and_enters_the_ledger_confirmed(
    active_project, research_report, add_version, cas_official, sipo_official
):
    deliverable = submit_file(active_project, cas_official, research_report)
    assert deliverable.status == DeliverableStatus.SUBMITTED and deliverable.version_number == 1
    assert sent("deliverable_submitted") == ["sipo_official"]
    services.deliverable_request_fixes(
        deliverable=deliverable, by=sipo_official, version=deliverable.version.label, comment="Add the 2025 data."
    )
    assert sent("fixes_requested") == ["cas_official"]
    add_version(research_report)
    deliverable = submit_file(active_project, cas_official, research_report)
    assert deliverable.version_number == 2
    with pytest.raises(services.DeliverableError, match="newer file"):
        services.deliverable_accept(deliverable=deliverable, by=sipo_official, version=f"{research_report.pk}v1")
    services.deliverable_accept(deliverable=deliverable, by=cas_official, version=deliverable.version.label)
    deliverable.refresh_from_db()
    assert deliverable.status == DeliverableStatus.SUBMITTED
    services.deliverable_accept(deliverable=deliverable, by=sipo_official, version=deliverable.version.label)
    deliverable.refresh_from_db()
    assert deliverable.status == DeliverableStatus.ACCEPTED and deliverable.is_locked
    acceptances = signoffs_of(deliverable).filter(decision=Decision.APPROVED)
    assert set(acceptances.values_list("sha256", flat=True)) == {research_report.versions.get(number=2).sha256}
    activity = deliverable.activity
    assert activity.status == ActivityStatus.CONFIRMED and activity.area == "research"
    assert sorted(sent("deliverable_accepted")) == ["cas_official", "sipo_official"]
    with pytest.raises(services.DeliverableError, match="locked"):
        submit_file(active_project, cas_official, research_report)


def test_a_new_file_voids_the_earlier_acceptance(active_project, research_report, add_version, cas_official):
    deliverable = submit_file(active_project, cas_official, research_report)
    services.deliverable_accept(deliverable=deliverable, by=cas_official, version=deliverable.version.label)
    add_version(research_report)
    deliverable = submit_file(active_project, cas_official, research_report)
    assert deliverable.status == DeliverableStatus.SUBMITTED
    # CAS's acceptance named version 1: for version 2 it must accept again.
    assert not signoffs_of(deliverable, version=deliverable.version).exists()


def test_a_party_that_cannot_open_the_file_cannot_accept_it(active_project, make_document, cas_official, sipo_official):
    internal = make_document(title="内部初稿", area="research", confidentiality=Confidentiality.INTERNAL)
    deliverable = submit_file(active_project, cas_official, internal)
    with pytest.raises(ValidationError, match="cannot open this deliverable's file"):
        services.deliverable_accept(deliverable=deliverable, by=sipo_official, version=deliverable.version.label)
    assert not signoffs_of(deliverable).exists()


def test_the_projects_a_reader_sees_come_with_their_lead_party_in_one_query(
    make_project, cas_official, sipo_official, django_assert_num_queries
):
    proposed = services.project_propose(project=make_project(), by=cas_official)
    with django_assert_num_queries(1):
        (row,) = selectors.projects_visible_to(sipo_official)
        assert (row.pk, row.lead_party.code) == (proposed.pk, "CAS")
        # The search columns are large and no list reads them.
        assert {"search_text", "search_vector"} <= row.get_deferred_fields()


def test_a_deliverables_document_is_known_to_whoever_the_library_shows_it_to_in_one_query(
    make_document, research_report, cas_official, sipo_official, outsider, django_assert_num_queries
):
    """documents_known_to, which the project page asks before naming a deliverable's document."""
    internal = make_document(title="内部初稿", area="research", confidentiality=Confidentiality.INTERNAL)
    documents = [research_report, None, internal]
    with django_assert_num_queries(1):
        assert selectors.documents_known_to(cas_official, documents) == {research_report.pk, internal.pk}
    assert selectors.documents_known_to(sipo_official, documents) == {research_report.pk}
    assert selectors.documents_known_to(outsider, documents) == set()
    # Nothing to ask about: no query, and still a set.
    with django_assert_num_queries(0):
        assert selectors.documents_known_to(cas_official, [None]) == set()
        assert selectors.documents_known_to(cas_official, []) == set()


def test_only_the_pis_decide_on_a_deliverable_and_only_research_documents_are_deliverables(
    active_project, research_report, make_document, cas_official, sipo_coordinator
):
    other_area = make_document(title="会议材料", area="communication")
    with pytest.raises(ValidationError, match="research area"):
        submit_file(active_project, cas_official, other_area)
    deliverable = submit_file(active_project, cas_official, research_report)
    with pytest.raises(PermissionDenied):
        services.deliverable_accept(deliverable=deliverable, by=sipo_coordinator, version=deliverable.version.label)


def test_a_project_is_completed_only_once_every_deliverable_is_accepted(active_project, cas_official):
    with pytest.raises(ValidationError, match="Not every deliverable is accepted yet"):
        services.project_complete(project=active_project, by=cas_official)
    assert reloaded(active_project).status == ProjectStatus.ACTIVE


def test_withdrawing_and_cancelling_need_a_reason(make_project, active_project, cas_official):
    draft = make_project()
    with pytest.raises(ValidationError):
        services.project_end(project=draft, by=cas_official, reason="")
    services.project_end(project=draft, by=cas_official, reason="Merged with another study.")
    assert reloaded(draft).status == ProjectStatus.WITHDRAWN
    services.project_end(project=active_project, by=cas_official, reason="Funding withdrawn.")
    assert reloaded(active_project).status == ProjectStatus.CANCELLED
    with pytest.raises(services.ProjectError):
        services.project_end(project=active_project, by=cas_official, reason="Again.")


# What waits for whom.


def test_awaiting_my_decision(proposed_project, approve_plan, research_report, cas_official, sipo_official,
                              cas_coordinator, sipo_coordinator):  # fmt: skip
    def awaiting(user):
        return list(selectors.projects_awaiting(user).values_list("pk", flat=True))

    assert awaiting(cas_coordinator) == awaiting(sipo_coordinator) == [proposed_project.pk]
    services.project_approve_plan(project=proposed_project, version=1, by=cas_coordinator)
    assert awaiting(cas_coordinator) == [] and awaiting(sipo_coordinator) == [proposed_project.pk]
    services.project_approve_plan(project=proposed_project, version=1, by=sipo_coordinator)
    assert awaiting(sipo_coordinator) == [] and awaiting(sipo_official) == []
    submit_file(reloaded(proposed_project), cas_official, research_report)
    assert awaiting(sipo_official) == awaiting(cas_official) == [proposed_project.pk]
    deliverable = proposed_project.deliverables.get()
    services.deliverable_accept(deliverable=deliverable, by=cas_official, version=deliverable.version.label)
    assert awaiting(cas_official) == [] and awaiting(sipo_official) == [proposed_project.pk]


# Reminders: a week before, on the day, a week overdue (to the coordinators too), each once.


def test_milestone_reminders_each_once(active_project, cas_official):
    milestone = active_project.milestones.get(title="Search strategy agreed")
    due = milestone.due_date

    def run(day):
        with time_machine.travel(timezone.make_aware(timezone.datetime.combine(day, timezone.datetime.min.time()))):
            return milestones_due(now=timezone.now())

    run(due - timedelta(days=8))
    assert sent("milestone_due_soon_reminder") == []
    run(due - timedelta(days=7))
    run(due - timedelta(days=6))
    assert sent("milestone_due_soon_reminder") == ["cas_official"]
    run(due)
    run(due)
    assert sent("milestone_due_today_reminder") == ["cas_official"]
    run(due + timedelta(days=7))
    run(due + timedelta(days=9))
    assert sent("milestone_overdue_reminder") == ["cas_coordinator", "cas_official", "sipo_coordinator"]


# Two PIs accepting at the same moment: PostgreSQL only.


@pytest.mark.django_db(transaction=True)
def test_two_pis_accepting_at_the_same_moment_both_count_and_accept_it_once(
    monkeypatch, make_project, make_document, cas_official, sipo_official, cas_coordinator, sipo_coordinator
):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite has no row locks and runs one writer at a time")
    project = services.project_propose(project=make_project(), by=cas_official)
    for coordinator in (cas_coordinator, sipo_coordinator):
        services.project_approve_plan(project=project, version=1, by=coordinator)
    document = make_document(title="态势分析报告", area="research")
    deliverable = submit_file(reloaded(project), cas_official, document)
    # Hold each transaction open a moment after it has counted the acceptances, so the two overlap every
    # time: without the row lock each would count only its own acceptance and neither would complete it.
    real = signoff_services.parties_approved

    def slowly(target, *, version):
        parties = real(target, version=version)
        time.sleep(0.3)
        return parties

    monkeypatch.setattr(signoff_services, "parties_approved", slowly)
    barrier = threading.Barrier(2)
    errors = []

    def accept(person):
        try:
            barrier.wait(timeout=10)
            services.deliverable_accept(deliverable=deliverable, by=person, version=deliverable.version.label)
        except Exception as exc:  # reported below, where pytest shows it
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(person,)) for person in (cas_official, sipo_official)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors
    acceptances = signoffs_of(deliverable).filter(decision=Decision.APPROVED)
    assert sorted(acceptances.values_list("party__code", flat=True)) == ["CAS", "SIPO"]
    deliverable.refresh_from_db()
    assert deliverable.status == DeliverableStatus.ACCEPTED
    assert Activity.objects.filter(status=ActivityStatus.CONFIRMED).count() == 1
    assert OutboxMessage.objects.filter(kind="research.deliverable_accepted").count() == 2


# The predicates the services and views ask, person by person (make mutation found these unguarded): the PIs act,
# whoever created the project and the lead party's coordinators steer it, and nobody else does either.
@pytest.mark.parametrize(
    ("username", "member", "pi"),
    [
        ("cas_official", True, True),
        ("sipo_official", True, True),
        ("cas_coordinator", False, False),
        ("sipo_docadmin", False, False),
        ("outsider", False, False),
    ],
)
def test_team_and_pis(active_project, personas, username, member, pi):
    person = personas[username]
    assert permissions.is_member(person, active_project) is member
    assert permissions.is_pi(person, active_project) is pi
    assert permissions.can_report(person, active_project) is pi
    assert (
        permissions.can_submit_deliverable(person, active_project, Deliverable(status=DeliverableStatus.PLANNED)) is pi
    )
    submitted = Deliverable(status=DeliverableStatus.SUBMITTED)
    assert permissions.can_decide_deliverable(person, active_project, submitted) is pi


def test_only_those_who_run_the_project_start_or_complete_it(approved_project, personas):
    for username in ("sipo_coordinator", "sipo_docadmin", "outsider"):
        assert not permissions.can_start(personas[username], approved_project)
    assert permissions.can_start(personas["cas_coordinator"], approved_project)  # the lead party's
    approved_project.status = ProjectStatus.ACTIVE
    assert not permissions.can_start(personas["cas_coordinator"], approved_project)
    assert permissions.can_complete(personas["cas_coordinator"], approved_project)
    for username in ("sipo_coordinator", "sipo_docadmin", "outsider"):
        assert not permissions.can_complete(personas[username], approved_project)
    approved_project.status = ProjectStatus.COMPLETED
    assert not permissions.can_complete(personas["cas_coordinator"], approved_project)


def test_a_milestone_is_completed_by_its_owner_or_a_pi_while_the_project_runs(active_project, personas):
    owned_by_coordinator = Milestone(owner=personas["cas_coordinator"])
    assert permissions.can_complete_milestone(personas["cas_coordinator"], active_project, owned_by_coordinator)
    assert permissions.can_complete_milestone(personas["sipo_official"], active_project, owned_by_coordinator)  # a PI
    assert not permissions.can_complete_milestone(personas["sipo_coordinator"], active_project, owned_by_coordinator)
    not_a_pi_and_not_the_owner = Milestone(owner=personas["cas_official"])
    assert not permissions.can_complete_milestone(personas["sipo_docadmin"], active_project, not_a_pi_and_not_the_owner)
    # Not the submission of a deliverable already accepted, nor anything once the project has ended.
    accepted = Deliverable(status=DeliverableStatus.ACCEPTED)
    assert not permissions.can_submit_deliverable(personas["cas_official"], active_project, accepted)
    active_project.status = ProjectStatus.COMPLETED
    assert not permissions.can_complete_milestone(personas["cas_coordinator"], active_project, owned_by_coordinator)
    planned = Deliverable(status=DeliverableStatus.PLANNED)
    assert not permissions.can_submit_deliverable(personas["cas_official"], active_project, planned)


def test_officials_and_coordinators_create_projects_and_a_coordinator_reviews_only_a_plan_in_review(
    draft_project, proposed_project, personas
):
    assert permissions.can_create(personas["cas_official"]) and permissions.can_create(personas["sipo_coordinator"])
    assert not permissions.can_create(personas["cas_docadmin"]) and not permissions.can_create(personas["outsider"])
    assert permissions.can_review_plan(personas["sipo_coordinator"], proposed_project)
    assert not permissions.can_review_plan(personas["sipo_official"], proposed_project)  # a PI, not a coordinator
    proposed_project.plan_state = PlanState.EDITING
    assert not permissions.can_review_plan(personas["sipo_coordinator"], proposed_project)
    assert not permissions.can_propose(personas["sipo_docadmin"], proposed_project)


@pytest.mark.parametrize(
    ("username", "runs"),
    [
        ("sipo_official_2", True),  # set the project up, neither a PI nor a coordinator
        ("cas_official", True),  # a PI
        ("sipo_official", True),  # a PI
        ("sipo_coordinator", True),  # the lead party's
        ("cas_coordinator", False),
        ("sipo_docadmin", False),
        ("outsider", False),
    ],
)
def test_the_project_is_run_by_its_creator_its_pis_and_the_lead_partys_coordinators(
    make_project, personas, sipo_official_2, username, runs
):
    project = make_project(by=sipo_official_2)
    assert project.lead_party_id == sipo_official_2.party_id
    assert permissions.runs_project((personas | {"sipo_official_2": sipo_official_2})[username], project) is runs
