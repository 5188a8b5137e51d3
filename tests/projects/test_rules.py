"""Project support's predicates themselves, person by person (make mutation: the pages' tables in
test_views_*_permissions.py answer with one status per page, which leaves many of the predicates' conditions
unguarded). SIPO organises the project; cas_official applies, is accepted and contributes. The records are
changed in memory; each case differs from an allowed one by one condition only, so that dropping or inverting
the condition, or moving a boundary by one, changes an answer."""

from datetime import timedelta

import pytest
import time_machine

from cooperation.projects.models import ApplicationStatus, ContributionStatus, ProjectStatus
from cooperation.projects.permissions import (
    call_has_closed,
    call_is_open,
    can_add_call,
    can_advance,
    can_apply,
    can_confirm_contribution,
    can_decide,
    can_decide_for_party,
    can_edit_application,
    can_edit_call,
    can_edit_contribution,
    can_edit_project,
    can_export_applications,
    can_organise,
    can_publish,
    can_record_contribution,
    can_report_results,
    can_review,
    can_withdraw,
    is_eligible,
    is_organiser,
    is_organising_coordinator,
    organises,
)

SECOND = timedelta(seconds=1)


# On SIPO's published project, open for participation:
# (of the organising party, its coordinator, sets up projects, changes this one, decides for its party).
@pytest.mark.parametrize(
    ("username", "organiser", "coordinator", "organise", "changes", "decides"),
    [
        ("cas_official", False, False, True, False, False),
        ("sipo_official", True, False, True, True, False),
        ("cas_docadmin", False, False, False, False, False),
        ("sipo_docadmin", True, False, False, False, False),  # of the organising party, but sets up no project
        ("cas_coordinator", False, False, True, False, True),
        ("sipo_coordinator", True, True, True, True, True),
        ("outsider", False, False, False, False, False),
    ],
)
def test_who_organises_a_project(project, call, personas, username, organiser, coordinator, organise, changes, decides):
    person = personas[username]
    assert is_organiser(person, project) is organiser
    assert is_organising_coordinator(person, project) is coordinator
    assert can_organise(person) is organise
    assert organises(person, project) is changes
    for predicate in (can_edit_project, can_report_results, can_add_call):
        assert predicate(person, project) is changes, predicate.__name__
    assert can_edit_call(person, call) is changes
    assert can_decide_for_party(person) is decides


def test_a_closed_project_is_changed_no_more_and_calls_are_added_until_it_runs(project, call, personas):
    organiser = personas["sipo_official"]
    call.project = project  # one record, changed below
    expected = {
        ProjectStatus.PLANNED: (True, True),
        ProjectStatus.OPEN: (True, True),
        ProjectStatus.RUNNING: (True, False),
        ProjectStatus.CLOSED: (False, False),
    }
    for status, (edit, add_call) in expected.items():
        project.status = status
        assert (can_edit_project(organiser, project), can_add_call(organiser, project)) == (edit, add_call), status
        assert can_edit_call(organiser, call) is edit, status
        # The other party's staff change nothing, whatever the status.
        assert not can_edit_project(personas["cas_official"], project), status
        assert not can_add_call(personas["cas_official"], project), status


def test_the_organisers_coordinator_publishes_once_and_advances_a_published_project_until_it_closes(
    draft_project, personas
):
    coordinator, other = personas["sipo_coordinator"], personas["cas_coordinator"]
    assert can_publish(coordinator, draft_project)
    assert not can_advance(coordinator, draft_project)  # not yet published
    assert not can_publish(other, draft_project)
    assert not can_publish(personas["sipo_official"], draft_project)
    draft_project.published_at = draft_project.created_at
    assert not can_publish(coordinator, draft_project)
    for status in (ProjectStatus.PLANNED, ProjectStatus.OPEN, ProjectStatus.RUNNING):
        draft_project.status = status
        assert can_advance(coordinator, draft_project), status
        assert not can_advance(other, draft_project), status
        assert not can_advance(personas["sipo_official"], draft_project), status
    draft_project.status = ProjectStatus.CLOSED
    assert not can_advance(coordinator, draft_project)


def test_a_call_is_open_from_its_opening_to_just_before_its_closing_while_its_project_takes_part(call):
    project = call.project
    assert not call_is_open(call, now=call.opens_at - SECOND)
    assert call_is_open(call, now=call.opens_at)
    assert call_is_open(call, now=call.closes_at - SECOND)
    assert not call_is_open(call, now=call.closes_at)
    assert not call_has_closed(call, now=call.closes_at - SECOND)
    assert call_has_closed(call, now=call.closes_at)
    for status in ProjectStatus:
        project.status = status
        assert call_is_open(call, now=call.opens_at) is (status in (ProjectStatus.OPEN, ProjectStatus.RUNNING))
    project.status = ProjectStatus.OPEN
    project.published_at = None
    assert not call_is_open(call, now=call.opens_at)  # a project not yet published takes no applications


def test_without_a_moment_given_a_call_is_open_or_closed_by_the_clock_and_a_moment_given_wins(call):
    with time_machine.travel(call.closes_at, tick=False):
        assert not call_is_open(call)
        assert call_has_closed(call)
        assert call_is_open(call, now=call.opens_at)
        assert not call_has_closed(call, now=call.opens_at)
    with time_machine.travel(call.opens_at, tick=False):
        assert call_is_open(call)
        assert not call_has_closed(call)
        assert not call_is_open(call, now=call.closes_at)
        assert call_has_closed(call, now=call.closes_at)


@pytest.mark.parametrize(
    ("username", "eligible"),
    [
        ("cas_official", True),
        ("cas_docadmin", True),
        ("cas_coordinator", True),
        ("sipo_official", False),  # of the organising party
        ("sipo_coordinator", False),
        ("outsider", False),  # of no party
    ],
)
def test_the_other_partys_staff_may_apply_while_the_call_is_open(call, personas, username, eligible):
    person = personas[username]
    assert is_eligible(person, call) is eligible
    with time_machine.travel(call.opens_at, tick=False):
        assert can_apply(person, call) is eligible
    with time_machine.travel(call.closes_at, tick=False):
        assert not can_apply(person, call)


def test_an_inactive_account_or_one_of_another_department_than_those_named_is_not_eligible(call, personas):
    person = personas["cas_official"]
    person.is_active = False
    assert not is_eligible(person, call)
    person.is_active = True
    call.departments = "知识产权处\n 信息中心 "
    person.department = ""
    assert not is_eligible(person, call)
    person.department = " 信息中心"
    assert is_eligible(person, call)
    person.department = "专利审查部"
    assert not is_eligible(person, call)


def test_the_applicant_alone_edits_an_undecided_application_and_withdraws_a_submitted_one_while_the_call_is_open(
    application, personas
):
    applicant, colleague = personas["cas_official"], personas["cas_docadmin"]
    call = application.call
    editable = {ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED, ApplicationStatus.WITHDRAWN}
    with time_machine.travel(call.opens_at, tick=False):
        for status in ApplicationStatus:
            application.status = status
            assert can_edit_application(applicant, application) is (status in editable), status
            assert can_withdraw(applicant, application) is (status == ApplicationStatus.SUBMITTED), status
            assert not can_edit_application(colleague, application), status
            assert not can_withdraw(colleague, application), status
    application.status = ApplicationStatus.SUBMITTED
    with time_machine.travel(call.closes_at, tick=False):
        assert not can_edit_application(applicant, application)
        assert not can_withdraw(applicant, application)


def test_the_calls_reviewers_of_the_organising_party_review_and_its_coordinator_decides_while_in_review(
    application, personas
):
    reviewer, coordinator = personas["sipo_official"], personas["sipo_coordinator"]
    applicant = personas["cas_official"]
    reviewer_ids = {reviewer.pk, applicant.pk}  # the applicant named too: not of the organising party
    in_review = {ApplicationStatus.SUBMITTED, ApplicationStatus.WAITLISTED}
    for status in ApplicationStatus:
        application.status = status
        assert can_review(reviewer, application, reviewer_ids=reviewer_ids) is (status in in_review), status
        assert not can_review(coordinator, application, reviewer_ids=reviewer_ids), status  # not a reviewer
        assert not can_review(applicant, application, reviewer_ids=reviewer_ids), status
        assert can_decide(coordinator, application) is (status in in_review), status
        assert not can_decide(personas["cas_coordinator"], application), status
        assert not can_decide(reviewer, application), status


@pytest.mark.parametrize(
    ("username", "exports"),
    [
        ("sipo_coordinator", True),
        ("sipo_official", True),  # a reviewer of the call
        ("sipo_docadmin", False),  # of the organising party, no reviewer
        ("cas_official", False),
        ("cas_coordinator", False),
    ],
)
def test_the_applications_are_exported_by_the_organisers_coordinators_and_the_calls_reviewers(
    call, personas, username, exports
):
    assert can_export_applications(personas[username], call) is exports


def test_the_participant_records_contributions_while_the_project_takes_part(
    project, participant, contribution, personas
):
    person, colleague = personas["cas_official"], personas["cas_docadmin"]
    taking_part = {ProjectStatus.OPEN, ProjectStatus.RUNNING}
    for status in ProjectStatus:
        project.status = status
        assert can_record_contribution(person, project, participant=participant) is (status in taking_part), status
        assert not can_record_contribution(colleague, project, participant=participant), status
        assert not can_record_contribution(colleague, project, participant=None), status


def test_the_contributor_edits_a_contribution_not_yet_confirmed_and_the_organisers_coordinator_confirms_it(
    contribution, personas
):
    contributor, coordinator = personas["cas_official"], personas["sipo_coordinator"]
    editable = {ContributionStatus.RECORDED, ContributionStatus.RETURNED}
    for status in ContributionStatus:
        contribution.status = status
        assert can_edit_contribution(contributor, contribution) is (status in editable), status
        assert not can_edit_contribution(personas["cas_docadmin"], contribution), status
        assert can_confirm_contribution(coordinator, contribution) is (status == ContributionStatus.RECORDED), status
        assert not can_confirm_contribution(personas["cas_coordinator"], contribution), status
        assert not can_confirm_contribution(personas["sipo_official"], contribution), status
    contribution.status = ContributionStatus.RECORDED
    contribution.project.status = ProjectStatus.CLOSED
    assert not can_edit_contribution(contributor, contribution)
