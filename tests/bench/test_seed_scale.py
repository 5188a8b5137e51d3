"""seed_scale at a tiny scale: it writes what was asked, the benchmark's accounts sign in, and it refuses
a database not named for it. The command is called directly: the bench app is installed only for the
Makefile's bench targets (PORTAL_DEV_TOOLS)."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from bench.management.commands.seed_scale import ACCOUNTS, PASSWORD, Command
from cooperation.documents.models import Document, DocumentLanguage
from cooperation.meetings.models import Meeting, Minutes
from cooperation.research import selectors
from cooperation.research.models import (
    Deliverable,
    DeliverableStatus,
    PlanState,
    ResearchProject,
    TeamMember,
    TeamRole,
)
from cooperation.research.plan import plan_content, plan_sha256
from protocol.activities.models import Activity
from protocol.notifications.models import Notification
from protocol.parties.models import Party, User
from protocol.signoff.models import Decision, SignOff

pytestmark = pytest.mark.django_db


def _seed(monkeypatch, *, name="test_portal_scale", **options):
    monkeypatch.setitem(connection.settings_dict, "NAME", name)
    call_command(Command(), processes=1, **options)


def test_seeds_every_area_at_the_asked_size(monkeypatch, sipo_official):
    _seed(monkeypatch, scale=0.0001)  # every size at its floor of 20 rows

    assert not User.objects.filter(username=sipo_official.username).exists(), "the seed replaces what was there"
    assert User.objects.filter(username__startswith="scale_").count() == 20 + len(ACCOUNTS)
    assert Activity.objects.count() == Document.objects.count() == Meeting.objects.count() == 20
    assert Notification.objects.count() == 20
    participants = Activity.participants.through.objects.count()
    assert 2 * 20 <= participants <= 8 * 20
    assert set(Activity.objects.values_list("party__code", flat=True)) == {"CAS", "SIPO"}
    assert set(Document.objects.values_list("language", flat=True)) == {
        DocumentLanguage.CHINESE,
        DocumentLanguage.ENGLISH,
    }
    assert Document.objects.exclude(current_version=None).count() == 20
    assert Minutes.objects.exists()
    assert ResearchProject.objects.count() == 20
    assert set(ResearchProject.objects.values_list("lead_party__code", flat=True)) == {"CAS", "SIPO"}


def test_runs_again_over_its_own_rows(monkeypatch):
    _seed(monkeypatch, scale=0.0001)
    _seed(monkeypatch, scale=0.0001)

    assert Activity.objects.count() == 20


def test_the_benchmark_accounts_sign_in_with_the_printed_password(monkeypatch):
    _seed(monkeypatch, scale=0.0001)

    for username, _party, roles, superuser in ACCOUNTS:
        user = User.objects.get(username=username)
        assert user.check_password(PASSWORD), username
        assert user.is_superuser == superuser
        assert set(user.role_names) == set(roles)


def test_refuses_a_database_not_named_scale_or_bench(monkeypatch):
    with pytest.raises(CommandError, match="Refusing"):
        _seed(monkeypatch, name="portal", scale=0.0001)

    assert not Activity.objects.exists()


def _approving_parties(project) -> set[str]:
    return {project.lead_party.code} if project.internal else {"CAS", "SIPO"}


def _approvals(target, sha256: str, label: str) -> set[str]:
    rows = SignOff.objects.of(target).filter(sha256=sha256, version=label, decision=Decision.APPROVED)
    return set(rows.values_list("party__code", flat=True))


def test_research_projects_are_what_the_services_would_have_made(monkeypatch):
    _seed(monkeypatch, scale=0.0001)

    projects = ResearchProject.objects.select_related("lead_party", "baseline", "plan_version")
    assert projects.count() == 20
    for project in projects:
        team = list(project.team.select_related("user"))
        assert 2 <= len(team) <= 6, project.pk
        pis = {member.party.code for member in team if member.role == TeamRole.PRINCIPAL_INVESTIGATOR}
        assert pis == _approving_parties(project), project.pk  # a PI per party taking part
        assert all(member.party_id == member.user.party_id for member in team)
        assert 3 <= project.milestones.count() <= 8 and 1 <= project.deliverables.count() <= 3
        assert project.search_text and project.search_text != project.title  # segmented
        for version in project.plan_versions.all():
            assert version.sha256 == plan_sha256(version.content)
        # The rows are the plan both parties agreed, or the one they are asked to agree.
        current = plan_sha256(plan_content(project))
        if project.plan_state == PlanState.AGREED:
            assert current == project.baseline.sha256, project.pk
        if project.plan_state == PlanState.IN_REVIEW:
            assert current == project.plan_version.sha256, project.pk
        if project.baseline:
            label = project.baseline.version.label
            assert _approvals(project, project.baseline.sha256, label) == _approving_parties(project), project.pk
    for deliverable in Deliverable.objects.filter(status=DeliverableStatus.ACCEPTED).select_related("project"):
        approvals = _approvals(deliverable, deliverable.version_sha256, deliverable.version.label)
        assert approvals == _approving_parties(deliverable.project)


def test_research_alone_is_replaced_on_a_seeded_database(monkeypatch):
    _seed(monkeypatch, scale=0.0001)
    others = (Activity.objects.count(), Document.objects.count(), Meeting.objects.count(), User.objects.count())
    minutes_signoffs = SignOff.objects.filter(content_type__model="minutes").count()
    # Ids start again at 1 (the sequences are reset): mark the first run's rows to tell them apart.
    ResearchProject.objects.update(title="first run")
    SignOff.objects.filter(content_type__app_label="research").update(comment="first run")

    _seed(monkeypatch, scale=0.0001, only="research")

    assert (Activity.objects.count(), Document.objects.count(), Meeting.objects.count(), User.objects.count()) == others
    assert SignOff.objects.filter(content_type__model="minutes").count() == minutes_signoffs
    assert ResearchProject.objects.count() == 20
    assert not ResearchProject.objects.filter(title="first run").exists()
    assert not SignOff.objects.filter(comment="first run").exists()
    assert SignOff.objects.filter(content_type__app_label="research").exists()
    assert selectors.projects_listed(User.objects.get(username=ACCOUNTS[0][0])).exists()
    assert all(TeamMember.objects.filter(project=project).exists() for project in ResearchProject.objects.all())


def test_research_alone_needs_the_full_seed_first(monkeypatch, cas):
    with pytest.raises(CommandError, match="without --only first"):
        _seed(monkeypatch, scale=0.0001, only="research")

    assert not ResearchProject.objects.exists()
    assert Party.objects.filter(code="CAS").exists()


# Training.


def test_training_sessions_keep_the_rules_the_services_keep(monkeypatch):
    from cooperation.training import selectors as training
    from cooperation.training.models import Certificate, Enrolment, EnrolmentStatus, Seats, TrainingSession

    _seed(monkeypatch, scale=0.002)  # 10 sessions' worth floors at 20; 200 enrolments

    assert TrainingSession.objects.count() == 20 and Enrolment.objects.count() >= 100
    assert Seats.objects.count() == 2 * 20
    for session in TrainingSession.objects.all():
        for row in training.seats_of(session):
            assert row.taken <= row.reserved, session.pk  # never overbooked
            assert not row.waiting or row.taken == row.reserved, session.pk  # a waitlist only behind full seats
    attended = Enrolment.objects.filter(status=EnrolmentStatus.ENROLLED, attendance__in=["present", "partly"])
    assert set(Certificate.objects.values_list("enrolment", flat=True)) == set(attended.values_list("pk", flat=True))
    assert TrainingSession.objects.filter(starts_at__gt=timezone.now()).exists()  # some still open for enrolment
    official = User.objects.get(username="scale_sipo_official")
    assert training.sessions_upcoming(official).exists()


def test_training_alone_is_replaced_on_a_seeded_database(monkeypatch):
    from cooperation.training.models import Course, TrainingSession

    _seed(monkeypatch, scale=0.0001)
    others = (Activity.objects.count(), ResearchProject.objects.count(), User.objects.count())
    Course.objects.update(title="first run")
    SignOff.objects.filter(content_type__app_label="training").update(comment="first run")

    _seed(monkeypatch, scale=0.0001, only="training")

    assert (Activity.objects.count(), ResearchProject.objects.count(), User.objects.count()) == others
    assert TrainingSession.objects.count() == 20 and not Course.objects.filter(title="first run").exists()
    assert not SignOff.objects.filter(comment="first run").exists()
