"""`seed_demo` gives project support something to try: an open call in review, a running project with
contributions confirmed and one waiting, through the services."""

from decimal import Decimal

from django.core.management import call_command

from cooperation.projects import demo, selectors
from cooperation.projects.models import (
    Application,
    ApplicationStatus,
    Contribution,
    ContributionStatus,
    Project,
    ProjectStatus,
    Review,
)
from protocol.activities.models import Status as ActivityStatus
from protocol.notifications.models import OutboxMessage
from protocol.parties.models import User
from tests.demo import NOW, in_one_worker

pytestmark = in_one_worker(__name__)


def person(username: str) -> User:
    return User.objects.get(username=username)


def test_the_sipo_project_is_open_with_its_indicators_reported_and_a_call_in_review(seeded):
    project = Project.objects.get(title=demo.NAVIGATION)
    assert (project.organising_party.code, project.status, project.is_published) == ("SIPO", ProjectStatus.OPEN, True)
    progress = selectors.indicators_of(project)
    assert [row.actual for row in progress] == [Decimal(1900), Decimal(0)]
    assert [row.percent for row in progress] == [38, 0]
    [call] = selectors.calls_open(person("cas_official"))
    assert call.project == project and call.places == 2 and call.criteria.count() == 2
    assert sorted(call.reviewers.values_list("username", flat=True)) == ["projects_sipo_reviewer", "sipo_official"]
    applications = {a.applicant.username: a for a in selectors.applications_in(call)}
    assert set(applications) == {"cas_official", "cas_docadmin"}
    assert {a.status for a in applications.values()} == {ApplicationStatus.SUBMITTED}
    [review] = Review.objects.filter(application__call=call)
    assert (review.application.applicant.username, review.reviewer.username) == ("cas_official", "sipo_official")
    assert review.submitted_at is not None and review.scores.count() == 2
    # The second reviewer has both to review, the first one left.
    assert len(selectors.applications_to_review(person("projects_sipo_reviewer"))) == 2
    assert [a.applicant.username for a in selectors.applications_to_review(person("sipo_official"))] == ["cas_docadmin"]


def test_the_cas_project_runs_with_sipo_participants_and_contributions_in_the_ledger(seeded):
    project = Project.objects.get(title=demo.DATA_SHARING)
    assert (project.organising_party.code, project.status) == ("CAS", ProjectStatus.RUNNING)
    participants = [row.user.username for row in selectors.participants_of(project)]
    assert participants == ["sipo_official", "sipo_docadmin"]
    [call] = project.calls.all()
    assert call.closes_at < NOW and selectors.accepted_count(call) == 2
    contributions = {(c.participant.user.username, c.status) for c in Contribution.objects.filter(project=project)}
    assert contributions == {
        ("sipo_official", ContributionStatus.CONFIRMED),
        ("sipo_docadmin", ContributionStatus.RECORDED),
    }
    for contribution in Contribution.objects.filter(status=ContributionStatus.CONFIRMED):
        assert contribution.activity.status == ActivityStatus.CONFIRMED
        assert (contribution.activity.area, contribution.activity.kind) == ("projects", "project_support")
    waiting = selectors.contributions_to_confirm(person("cas_coordinator"))
    assert [c.participant.user.username for c in waiting] == ["sipo_docadmin"]
    assert OutboxMessage.objects.filter(kind="projects.contribution_recorded", done_at__isnull=True).count() == 1


def test_the_demo_staff_cannot_sign_in(seeded):
    assert not any(user.has_usable_password() for user in User.objects.filter(username__startswith="projects_"))


def test_seeding_again_adds_nothing(seeded, django_capture_on_commit_callbacks):
    def counts():
        return (Project.objects.count(), Application.objects.count(), Contribution.objects.count(),
                User.objects.count(), OutboxMessage.objects.count())  # fmt: skip

    before = counts()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo")
    assert counts() == before
    assert before[:3] == (2, 4, 3)
