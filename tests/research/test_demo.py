"""`seed_demo` gives the research area something to try: a project in every state, through the services."""

from datetime import date

from django.core.management import call_command

from cooperation.research import demo, selectors
from cooperation.research.models import (
    Deliverable,
    DeliverableStatus,
    Milestone,
    PlanState,
    ProjectStatus,
    ResearchProject,
    StatusReport,
)
from protocol.activities.models import Status as ActivityStatus
from protocol.notifications.models import Notification
from protocol.parties.models import User
from protocol.signoff.models import Decision, SignOff
from tests.demo import in_one_worker

pytestmark = in_one_worker(__name__)

TODAY = date(2026, 6, 10)


def project(title) -> ResearchProject:
    return ResearchProject.objects.select_related("baseline", "plan_version").get(title=title)


def decisions(target) -> list[tuple[str, str]]:
    return sorted(SignOff.objects.of(target).values_list("party__code", "decision"))


def test_seed_demo_makes_a_project_in_every_state(seeded):
    assert set(ResearchProject.objects.values_list("status", flat=True)) == set(ProjectStatus.values)
    assert project(demo.DRAFT).status == ProjectStatus.DRAFT
    waiting = project(demo.PROPOSED)
    assert (waiting.status, waiting.plan_state) == (ProjectStatus.PROPOSED, PlanState.IN_REVIEW)
    assert decisions(waiting) == [("SIPO", Decision.APPROVED)]  # CAS has yet to decide
    sent_back = project(demo.CHANGES_REQUESTED)
    assert (sent_back.status, sent_back.plan_state) == (ProjectStatus.PROPOSED, PlanState.EDITING)
    assert decisions(sent_back) == [("CAS", Decision.APPROVED), ("SIPO", Decision.CHANGES_REQUESTED)]
    approved = project(demo.APPROVED)
    assert (approved.status, approved.plan_state) == (ProjectStatus.APPROVED, PlanState.AGREED)
    assert approved.start_date > TODAY
    assert project(demo.ACTIVE).status == ProjectStatus.ACTIVE
    assert project(demo.COMPLETED).status == ProjectStatus.COMPLETED
    for title, status in ((demo.WITHDRAWN, ProjectStatus.WITHDRAWN), (demo.CANCELLED, ProjectStatus.CANCELLED)):
        ended = project(title)
        assert ended.status == status and ended.end_reason


def test_the_active_project_has_a_milestone_done_one_slipped_and_status_reports(seeded):
    active = project(demo.ACTIVE)
    milestones = Milestone.objects.filter(project=active)
    done = milestones.get(done_on__isnull=False)
    assert done.done_on <= TODAY and done.activity.status == ActivityStatus.LOGGED  # for SIPO to confirm
    slipped = milestones.filter(done_on__isnull=True, due_date__lt=TODAY)
    assert slipped.count() == 1
    assert milestones.filter(done_on__isnull=True, due_date__gte=TODAY).exists()
    assert StatusReport.objects.filter(project=active).count() == 2


def test_an_amendment_is_pending_against_the_baseline(seeded):
    amended = project(demo.AMENDMENT)
    assert amended.amendment_under_way and amended.plan_state == PlanState.IN_REVIEW
    assert (amended.baseline.number, amended.plan_version.number) == (1, 2)
    assert amended.status == ProjectStatus.ACTIVE  # it runs on the baseline meanwhile
    before = {row["title"]: row["due_date"] for row in amended.baseline.content["milestones"]}
    after = {row["title"]: row["due_date"] for row in amended.plan_version.content["milestones"]}
    assert [title for title in after if after[title] != before[title]] == ["Analysis report"]
    assert decisions(amended) == [("CAS", Decision.APPROVED), ("SIPO", Decision.APPROVED)]  # version 1 only
    assert not SignOff.objects.of(amended).filter(version="plan-2").exists()


def test_a_deliverable_has_fixes_requested_and_one_is_accepted_by_both_pis(seeded):
    fixes = Deliverable.objects.get(status=DeliverableStatus.FIXES_REQUESTED)
    assert fixes.project.title == demo.ACTIVE
    assert decisions(fixes) == [("SIPO", Decision.CHANGES_REQUESTED)]
    accepted = Deliverable.objects.select_related("document", "activity").get(status=DeliverableStatus.ACCEPTED)
    assert accepted.project.title == demo.COMPLETED
    assert decisions(accepted) == [("CAS", Decision.APPROVED), ("SIPO", Decision.APPROVED)]
    assert SignOff.objects.of(accepted).filter(sha256=accepted.version_sha256).count() == 2
    assert accepted.document.area == "research" and accepted.activity.status == ActivityStatus.CONFIRMED
    assert not Deliverable.objects.filter(project__status=ProjectStatus.COMPLETED).exclude(
        status=DeliverableStatus.ACCEPTED
    )


def test_titles_are_in_both_languages_and_dates_follow_today(seeded):
    projects = ResearchProject.objects.all()
    assert not projects.filter(title_other="").exists()
    chinese = [p.title for p in projects if any("\u4e00" <= c <= "\u9fff" for c in p.title)]
    assert 0 < len(chinese) < projects.count()
    completed = project(demo.COMPLETED)
    assert completed.end_date < TODAY < project(demo.ACTIVE).end_date


def test_what_waits_for_each_persona(seeded):
    def awaiting(username):
        return set(selectors.projects_awaiting(User.objects.get(username=username)).values_list("title", flat=True))

    assert awaiting("cas_coordinator") == {demo.PROPOSED, demo.AMENDMENT}
    assert awaiting("sipo_coordinator") == {demo.AMENDMENT}
    assert awaiting("cas_official") == {demo.AMENDMENT}  # the data set SIPO's PI accepted
    assert awaiting("sipo_official") == set()
    kinds = set(Notification.objects.filter(recipient__username="cas_official").values_list("kind", flat=True))
    assert {"research.fixes_requested", "research.deliverable_submitted"} <= kinds


def test_seed_demo_adds_no_second_project_when_run_again(seeded):
    counts = (ResearchProject.objects.count(), Deliverable.objects.count(), SignOff.objects.count())
    call_command("seed_demo", force=True)
    assert (ResearchProject.objects.count(), Deliverable.objects.count(), SignOff.objects.count()) == counts
    assert counts[0] == len(demo.TITLES)
