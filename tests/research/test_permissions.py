"""The research predicates on one running project, person by person (make mutation found these unguarded):
the PIs act, whoever created it and the lead party's coordinators steer, and nobody else does either."""

import pytest

from cooperation.research import permissions
from cooperation.research.models import Deliverable, DeliverableStatus, Milestone, ProjectStatus


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
