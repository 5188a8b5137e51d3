"""What a research project's page shows, to whom: the plan's state and what it means, the team by party, the
baseline against actual, the deliverables with each party's decision, the history, the plan versions; and what
it costs, whatever the project's size."""

from datetime import timedelta

import lxml.html
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from cooperation.documents.models import Confidentiality
from cooperation.research import selectors, services, views_project
from cooperation.research.models import ResearchProject, TeamRole
from cooperation.research.services import DeliverableRow, Member, MilestoneRow
from protocol.parties.models import Language
from protocol.parties.roles import Role
from tests.factories import UserFactory
from tests.research.conftest import dates


def url(name: str, project, *args) -> str:
    return reverse(f"research:{name}", args=[project.pk, *args])


def page_of(client, person, project):
    client.force_login(person)
    response = client.get(url("detail", project))
    assert response.status_code == 200
    return response


def texts(response, xpath: str) -> list[str]:
    return [" ".join(node.text_content().split()) for node in lxml.html.fromstring(response.content).xpath(xpath)]


# The plan's state, and what it means for the reader.


def test_a_draft_says_only_the_own_party_sees_it(client, draft_project, cas_coordinator):
    response = page_of(client, cas_coordinator, draft_project)
    assert "Only your party sees this draft." in response.text
    assert texts(response, "//*[contains(@class, 'project-status')]") == ["Draft"]


def test_in_review_it_says_which_party_approved_and_which_still_has_to(
    client, proposed_project, cas_coordinator, sipo_official
):
    services.project_approve_plan(project=proposed_project, version=1, by=cas_coordinator)
    response = page_of(client, sipo_official, proposed_project)
    assert "Only your party sees this draft." not in response.text
    parties = texts(response, "//ul[contains(@class, 'plan-review-parties')]/li")
    assert parties[0].startswith("CAS: approved by Chen Jing on ") and parties[1] == "CNIPA: still to approve"


def test_the_coordinators_are_offered_the_version_to_review_and_nobody_else(client, proposed_project, personas):
    for name in ("cas_coordinator", "sipo_coordinator", "cas_official", "sipo_docadmin"):
        actions = texts(
            page_of(client, personas[name], proposed_project), "//*[contains(@class, 'project-actions')]//a"
        )
        assert ("Review plan version 1" in actions) == name.endswith("coordinator"), name


def test_the_buttons_follow_the_permissions(client, make_project, active_project, cas_official, sipo_docadmin):
    draft = texts(page_of(client, cas_official, make_project()), "//*[contains(@class, 'project-actions')]//a")
    assert draft == ["Edit", "Propose the plan", "Withdraw the project"]
    active = texts(page_of(client, cas_official, active_project), "//*[contains(@class, 'project-actions')]//a")
    assert active == ["Edit", "Post a status report", "Complete the project", "Cancel the project"]
    assert texts(page_of(client, sipo_docadmin, active_project), "//*[contains(@class, 'project-actions')]//a") == []
    exports = texts(page_of(client, sipo_docadmin, active_project), "//ul[contains(@class, 'project-exports')]//a")
    assert exports == ["Summary (PDF)", "Milestones (CSV)", "Milestones (Excel)"]


# The project's facts, its team and documents.


@pytest.mark.parametrize(
    ("language", "first", "second"),
    [(Language.ENGLISH, "Patent navigation: quantum computing", "专利导航：量子计算"),
     (Language.CHINESE, "专利导航：量子计算", "Patent navigation: quantum computing")],
    ids=["en", "zh"],
)  # fmt: skip
def test_the_readers_language_comes_first(client, proposed_project, sipo_official, language, first, second):
    sipo_official.preferred_language = language
    sipo_official.save(update_fields=["preferred_language"])
    response = page_of(client, sipo_official, proposed_project)
    assert texts(response, "//main//h1") == [first]
    assert second in response.text
    if language == Language.CHINESE:
        start = proposed_project.start_date
        assert f"{start.year}年{start.month}月{start.day}日" in response.text


def test_the_team_is_grouped_by_party_with_the_pi_first(client, make_project, cas_official, sipo_official, cas, sipo):
    analyst = UserFactory(full_name="Gao Yan", party=cas, roles=[Role.OFFICIAL])
    researcher = UserFactory(full_name="Ma Lin", party=sipo, roles=[Role.OFFICIAL])
    project = make_project(
        team=[
            Member(user=analyst, role=TeamRole.ANALYST),
            Member(user=researcher, role=TeamRole.RESEARCHER),
            Member(user=sipo_official, role=TeamRole.PRINCIPAL_INVESTIGATOR, party_id=sipo.pk),
            Member(user=cas_official, role=TeamRole.PRINCIPAL_INVESTIGATOR, party_id=cas.pk),
        ]
    )
    response = page_of(client, cas_official, project)
    assert texts(response, "//ul[@data-party='CAS']/li") == ["Li Ming · Principal investigator", "Gao Yan · Analyst"]
    assert texts(response, "//ul[@data-party='SIPO']/li") == [
        "Wang Fang · Principal investigator",
        "Ma Lin · Researcher",
    ]


def test_only_the_linked_documents_the_reader_may_see_are_listed(
    client, make_project, make_document, cas_official, sipo_official, approve_plan
):
    shared = make_document(title="共享的专利文献", confidentiality=Confidentiality.SHARED)
    internal = make_document(title="内部资料", confidentiality=Confidentiality.INTERNAL)
    project = services.project_propose(project=make_project(documents=[shared, internal]), by=cas_official)
    listed = texts(page_of(client, cas_official, project), "//ul[contains(@class, 'linked-documents')]/li")
    assert sorted(listed) == sorted(["共享的专利文献", "内部资料"])
    assert texts(page_of(client, sipo_official, project), "//ul[contains(@class, 'linked-documents')]/li") == [
        "共享的专利文献"
    ]


# Baseline against actual.


def test_before_approval_there_is_no_baseline_to_slip_against(client, proposed_project, cas_official):
    response = page_of(client, cas_official, proposed_project)
    assert "No baseline yet" in response.text
    assert set(texts(response, "//td[contains(@class, 'milestone-slip')]")) == {"—"}


def test_an_open_milestone_past_its_date_is_overdue_and_slips_a_day_a_day(
    client, make_project, approve_plan, cas_official, sipo_official
):
    start, _ = dates()
    yesterday = timezone.localdate() - timedelta(days=1)
    rows = [
        MilestoneRow(title="Kick-off", due_date=yesterday, owner=cas_official),
        MilestoneRow(title="Interim", due_date=start + timedelta(days=200), owner=sipo_official),
    ]
    project = approve_plan(services.project_propose(project=make_project(milestones=rows), by=cas_official))
    response = page_of(client, sipo_official, project)
    overdue = texts(response, "//tr[contains(@class, 'milestone-overdue')]")
    assert len(overdue) == 1 and overdue[0].startswith("Kick-off overdue")
    assert texts(response, "//td[contains(@class, 'milestone-slip')]") == ["+1 day", "on time"]
    # Both may mark it done: its owner is the CAS PI, and the SIPO official is a PI too.
    assert texts(response, "//table[contains(@class, 'baseline-table')]//a") == ["Mark done", "Mark done"]


def test_a_milestone_done_early_shows_the_days_early_and_its_ledger_entry(client, active_project, cas_official):
    milestone = active_project.milestones.get(title="Search strategy agreed")
    services.milestone_complete(milestone=milestone, by=cas_official, done_on=timezone.localdate())
    early = (milestone.due_date - timezone.localdate()).days
    response = page_of(client, cas_official, active_project)
    assert texts(response, "//td[contains(@class, 'milestone-slip')]")[0] == f"{early} days early"
    milestone.refresh_from_db()
    row = texts(response, f"//tr[@data-milestone='{milestone.pk}']")[0]
    assert "In the ledger" in row and "Mark done" not in row
    assert milestone.activity.get_absolute_url() in response.text


# Deliverables and the history.


def test_each_partys_decision_on_the_file_submitted(
    client, active_project, research_report, cas_official, sipo_official, sipo_coordinator
):
    deliverable = services.deliverable_submit(
        deliverable=active_project.deliverables.get(), by=cas_official, document=research_report
    )
    response = page_of(client, sipo_coordinator, active_project)
    assert texts(response, "//ul[contains(@class, 'deliverable-decisions')]/li") == ["CAS: waiting", "CNIPA: waiting"]
    assert deliverable.version_sha256 in response.text and "量子计算专利态势分析报告" in response.text
    services.deliverable_accept(deliverable=deliverable, by=cas_official, version=deliverable.version.label)
    response = page_of(client, sipo_coordinator, active_project)
    assert texts(response, "//ul[contains(@class, 'deliverable-decisions')]/li") == ["CAS: accepted", "CNIPA: waiting"]
    services.deliverable_request_fixes(
        deliverable=deliverable, by=sipo_official, version=deliverable.version.label, comment="Add the 2025 data."
    )
    response = page_of(client, sipo_coordinator, active_project)
    decisions = texts(response, "//ul[contains(@class, 'deliverable-decisions')]/li")
    assert decisions == ["CAS: accepted", "CNIPA: fixes requested"]


def test_the_history_is_newest_first_and_names_who_did_what_for_which_party(
    client, proposed_project, cas_coordinator, sipo_coordinator, cas_official, sipo_official
):
    services.project_request_plan_changes(project=proposed_project, version=1, by=sipo_coordinator, comment="Shorter.")
    project = services.project_propose(project=ResearchProject.objects.get(pk=proposed_project.pk), by=cas_official)
    for coordinator in (cas_coordinator, sipo_coordinator):
        project = services.project_approve_plan(project=project, version=2, by=coordinator)
    services.status_report_post(
        project=project, by=sipo_official, as_of=timezone.localdate(), status="on_track", text="Data received."
    )
    kinds = texts(page_of(client, cas_official, project), "//ol[contains(@class, 'project-timeline')]/li/strong")
    assert kinds == [
        f"Status report as of {timezone.localdate():%-d %b %Y}",
        "Plan version 2 approved by both parties: the baseline",
        "Plan version 2 approved for CNIPA",
        "Plan version 2 approved for CAS",
        "Plan version 2 proposed",
        "Changes requested to plan version 1 for CNIPA",
        "Plan version 1 proposed",
    ]
    page = page_of(client, cas_official, project)
    assert "Zhao Lei (CNIPA)" in page.text and "Shorter." in page.text


def test_the_plan_versions_link_to_their_frozen_content(client, approved_project, project_fields, cas_official):
    project = ResearchProject.objects.get(pk=approved_project.pk)
    services.project_update(project=project, by=cas_official, fields=project_fields(objectives="Something else."))
    response = page_of(client, cas_official, project)
    assert texts(response, "//table[contains(@class, 'plan-versions')]//td[1]") == ["Version 1 baseline"]
    version = client.get(url("plan_version", project, 1))
    assert "Map the patent landscape of quantum computing in China." in version.text
    assert "Something else." not in version.text
    assert texts(version, "//table[contains(@class, 'plan-milestones')]/tbody/tr/td[1]") == [
        "Search strategy agreed",
        "Data set complete",
        "Draft report",
    ]


# What the page costs.


def _project_of_size(
    count: int, *, cas, sipo, cas_official, sipo_official, cas_coordinator, sipo_coordinator, document
):
    """An active project with `count` milestones (done), deliverables (submitted, accepted by CAS), status reports,
    and a team of `count` more people beside the two PIs."""
    start, end = dates()
    staff = [UserFactory(party=sipo if n % 2 else cas, roles=[Role.OFFICIAL]) for n in range(count)]
    team = [
        Member(user=cas_official, role=TeamRole.PRINCIPAL_INVESTIGATOR, party_id=cas.pk),
        Member(user=sipo_official, role=TeamRole.PRINCIPAL_INVESTIGATOR, party_id=sipo.pk),
        *[Member(user=person, role=TeamRole.RESEARCHER) for person in staff],
    ]
    fields = services.ProjectFields(
        title=f"专利分析 {count}",
        objectives="Count the queries.",
        start_date=start,
        end_date=end,
        team=team,
        milestones=[MilestoneRow(title=f"M{n}", due_date=start + timedelta(days=n + 1), owner=staff[n])
                    for n in range(count)],
        deliverables=[DeliverableRow(title=f"D{n}", due_date=end) for n in range(count)],
    )  # fmt: skip
    project = services.project_create(by=cas_official, fields=fields)
    project = services.project_propose(project=project, by=cas_official)
    for coordinator in (cas_coordinator, sipo_coordinator):
        project = services.project_approve_plan(project=project, version=1, by=coordinator)
    project = services.project_start(project=project, by=cas_official)
    for milestone in project.milestones.all():
        services.milestone_complete(milestone=milestone, by=cas_official, done_on=start + timedelta(days=1))
    for deliverable in project.deliverables.all():
        deliverable = services.deliverable_submit(deliverable=deliverable, by=cas_official, document=document)
        services.deliverable_accept(deliverable=deliverable, by=cas_official, version=deliverable.version.label)
    for n in range(count):
        services.status_report_post(project=project, by=sipo_official, as_of=start, status="on_track", text=f"R{n}")
    return project


def test_the_page_costs_the_same_queries_for_1_and_20_of_everything(
    client, cas, sipo, cas_official, sipo_official, cas_coordinator, sipo_coordinator, research_report
):
    people = {"cas": cas, "sipo": sipo, "cas_official": cas_official, "sipo_official": sipo_official,
              "cas_coordinator": cas_coordinator, "sipo_coordinator": sipo_coordinator,
              "document": research_report}  # fmt: skip
    small, large = _project_of_size(1, **people), _project_of_size(20, **people)
    client.force_login(sipo_official)
    counts = {}
    for project, size in ((small, 1), (large, 20)):
        client.get(url("detail", project))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url("detail", project))
        assert response.status_code == 200
        assert len(texts(response, "//table[contains(@class, 'baseline-table')]/tbody/tr")) == size
        assert len(texts(response, "//ul[contains(@class, 'deliverables')]/li")) == size
        assert len(texts(response, "//li[@data-kind='report']")) == size
        assert len(texts(response, "//li[@data-kind='milestone_done']")) == size
        counts[size] = len(queries)
    assert counts[1] == counts[20], counts


def test_every_page_of_a_project_speaks_chinese_to_a_chinese_reader(client, submitted_project, sipo_official):
    project, deliverable = submitted_project
    sipo_official.preferred_language = Language.CHINESE
    sipo_official.save(update_fields=["preferred_language"])
    client.force_login(sipo_official)
    pages = [
        url("detail", project),
        url("plan_version", project, 1),
        url("complete", project),
        url("end", project),
        url("report_create", project),
        url("milestone_done", project, project.milestones.get(title="Data set complete").pk),
        url("deliverable_submit", project, deliverable.pk),
        url("deliverable_review", project, deliverable.pk),
    ]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        assert '<html lang="zh-hans">' in response.text, path


@pytest.fixture
def submitted_project(active_project, research_report, cas_official):
    deliverable = services.deliverable_submit(
        deliverable=active_project.deliverables.get(), by=cas_official, document=research_report
    )
    return active_project, deliverable


def test_what_a_version_changes_against_the_baseline():
    before = {
        "objectives": "Map the landscape.",
        "start_date": "2026-01-01",
        "end_date": "2026-12-31",
        "team": [{"user": 1, "name": "Li Ming", "role": "pi"}, {"user": 2, "name": "Gao Yan", "role": "analyst"}],
        "milestones": [
            {"id": 10, "title": "Search", "due_date": "2026-02-01", "owner": 1, "owner_name": "Li Ming"},
            {"id": 11, "title": "Data", "due_date": "2026-05-01", "owner": 1, "owner_name": "Li Ming"},
        ],
        "deliverables": [{"id": 20, "title": "Report", "due_date": "2026-12-31"}],
    }
    after = before | {
        "objectives": "Map the landscape, with SIPO data.",
        "end_date": "2027-01-31",
        "team": [{"user": 1, "name": "Li Ming", "role": "pi"}, {"user": 3, "name": "Ma Lin", "role": "researcher"}],
        "milestones": [
            {"id": 10, "title": "Search strategy", "due_date": "2026-02-10", "owner": 3, "owner_name": "Ma Lin"},
            {"id": 12, "title": "Review", "due_date": "2026-11-01", "owner": 1, "owner_name": "Li Ming"},
        ],
    }
    changes = [(c.kind, c.subject, c.before, c.after) for c in selectors.plan_differences(before, after)]
    assert changes == [
        ("objectives", "", "Map the landscape.", "Map the landscape, with SIPO data."),
        ("end_date", "", "2026-12-31", "2027-01-31"),
        ("team_added", "Ma Lin", "", "researcher"),
        ("team_removed", "Gao Yan", "analyst", ""),
        ("milestone_renamed", "Search strategy", "Search", "Search strategy"),
        ("milestone_moved", "Search strategy", "2026-02-01", "2026-02-10"),
        ("milestone_owner", "Search strategy", "Li Ming", "Ma Lin"),
        ("milestone_added", "Review", "", "2026-11-01"),
        ("milestone_removed", "Data", "2026-05-01", ""),
    ]
    assert selectors.plan_differences(before, before) == []


KINDS = ["objectives", "expected_outputs", "start_date", "end_date", "team_added", "team_removed", "team_role",
         *[f"{row}_{change}" for row in ("milestone", "deliverable") for change in ("added", "removed", "renamed",
                                                                                    "moved")],
         "milestone_owner"]  # fmt: skip


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_of_change_reads_as_a_sentence(kind):
    change = selectors.PlanChange(kind, subject="Search", before="2026-02-01", after="2026-02-10")
    with override("en"):
        sentence = views_project._describe(change)
    assert sentence != kind and sentence.endswith(".")
