"""The actions on a research project's page: who may open and post each of them, the flows through the pages
(the plan agreed by both parties, amendments, deliverables accepted by both PIs), bad input and stale posts."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cooperation.documents.models import Confidentiality
from cooperation.research import services
from cooperation.research.models import (
    DeliverableStatus,
    PlanState,
    PlanVersion,
    ProjectStatus,
    ResearchProject,
    StatusReport,
    TeamRole,
)
from cooperation.research.services import Member, MilestoneRow, plan_rows_of
from protocol.activities.models import Activity
from protocol.activities.models import Status as ActivityStatus
from protocol.signoff.models import Decision, SignOff
from tests.once import once
from tests.pages import messages_of
from tests.permission_tables import PERSONAS, answers, table

SIPO_AND_OUTSIDER = ["sipo_official", "sipo_docadmin", "sipo_coordinator", "outsider"]


def url(name: str, project, *args) -> str:
    return reverse(f"research:{name}", args=[project.pk, *args])


def reloaded(project) -> ResearchProject:
    return ResearchProject.objects.select_related("baseline", "plan_version").get(pk=project.pk)


@pytest.fixture
def changes_requested(proposed_project, sipo_coordinator):
    """Proposed and sent back by SIPO's coordinator: a plan both parties see, being edited again."""
    return services.project_request_plan_changes(
        project=proposed_project, version=1, by=sipo_coordinator, comment="Add the SIPO examination data."
    )


@pytest.fixture
def submitted(active_project, research_report, cas_official):
    """The active project's deliverable with the research report's file submitted for acceptance."""
    deliverable = active_project.deliverables.get()
    return services.deliverable_submit(deliverable=deliverable, by=cas_official, document=research_report)


@pytest.fixture
def accepted(submitted, cas_official, sipo_official):
    """The active project's one deliverable accepted by both PIs: nothing stands in the way of completing it."""
    for pi in (cas_official, sipo_official):
        services.deliverable_accept(deliverable=submitted, by=pi, version=submitted.version.label)
    return submitted


# Who may open and post each page: 200 / 302 (done) / 403 (sees the project, may not act) / 404 (sees nothing).

RUNNERS = {"cas_official": 200, "sipo_official": 200, "cas_coordinator": 200}  # the PIs and the lead coordinator
PIS = {"cas_official": 200, "sipo_official": 200}
COORDINATORS = {"cas_coordinator": 302, "sipo_coordinator": 302}  # each decides for their own party
EVERYONE = {name: 200 for name in PERSONAS if name != "outsider"}


def redirects(statuses: dict[str, int]) -> dict[str, int]:
    return dict.fromkeys(statuses, 302)


PAGES = [
    ("proposed_project", "detail", [], table(**EVERYONE)),
    ("proposed_project", "plan_version", [1], table(**EVERYONE)),
    ("changes_requested", "propose", [], table(**RUNNERS)),
    ("active_project", "complete", [], table(**RUNNERS)),
    ("active_project", "end", [], table(**RUNNERS)),
    ("active_project", "report_create", [], table(**PIS)),
    ("active_project", "milestone_done", ["milestone"], table(**PIS)),
    ("active_project", "deliverable_submit", ["deliverable"], table(**PIS)),
    ("submitted", "deliverable_review", ["deliverable"], table(**EVERYONE)),
]


@pytest.mark.parametrize(("project_fixture", "name", "args", "expected"), PAGES, ids=[page[1] for page in PAGES])
def test_who_may_open_each_page(request, client, personas, project_fixture, name, args, expected):
    project = request.getfixturevalue(project_fixture)
    project = getattr(project, "project", project)
    path = url(name, project, *[_row(project, arg) for arg in args])
    assert answers(client, personas, "get", path) == expected


def _row(project, arg):
    if arg == "milestone":
        return project.milestones.get(title="Data set complete").pk  # owned by the SIPO PI
    if arg == "deliverable":
        return project.deliverables.get().pk
    return arg


ACTIONS = [
    ("changes_requested", "propose", [], {}, table(**redirects(RUNNERS))),
    ("proposed_project", "plan_approve", [1], {}, table(**COORDINATORS)),
    ("proposed_project", "plan_changes", [1], {"comment": "Shorter."}, table(**COORDINATORS)),
    ("approved_project", "start", [], {}, table(**redirects(RUNNERS))),
    ("accepted", "complete", [], {}, table(**redirects(RUNNERS))),
    ("active_project", "end", [], {"reason": "Funding withdrawn.", "confirm": "on"}, table(**redirects(RUNNERS))),
    ("active_project", "report_create", [], "report", table(**redirects(PIS))),
    ("active_project", "milestone_done", ["milestone"], "done", table(**redirects(PIS))),
    ("active_project", "deliverable_submit", ["deliverable"], "document", table(**redirects(PIS))),
    ("submitted", "deliverable_accept", ["deliverable"], "accept", table(**redirects(PIS))),
    ("submitted", "deliverable_fixes", ["deliverable"], "fixes", table(**redirects(PIS))),
]  # fmt: skip


@pytest.mark.parametrize(
    ("project_fixture", "name", "args", "data", "expected"), ACTIONS, ids=[action[1] for action in ACTIONS]
)
def test_who_may_post_each_action(request, client, personas, research_report, project_fixture, name, args, data,
                                  expected):  # fmt: skip
    project = request.getfixturevalue(project_fixture)
    project = getattr(project, "project", project)
    path = url(name, project, *[_row(project, arg) for arg in args])
    assert answers(client, personas, "post", path, _data(data, project, research_report)) == expected


def _data(data, project, document) -> dict:
    today = timezone.localdate().isoformat()
    if data == "report":
        return once(as_of=today, status="on_track", text="Search strategy drafted.")
    if data == "done":
        return {"done_on": today, "note": ""}
    if data == "document":
        return {"document": [document.pk]}
    deliverable = project.deliverables.first()
    if data == "accept":
        return {"version": deliverable.version.label, "lock": "on"}
    if data == "fixes":
        return {"version": deliverable.version.label, "comment": "Add the 2025 data."}
    return data


@pytest.mark.parametrize("name", ["plan_approve", "plan_changes", "start", "deliverable_accept", "deliverable_fixes"])
def test_the_actions_that_only_post_refuse_a_get(client, cas_official, submitted, name):
    project = submitted.project
    args = [1] if name.startswith("plan") else [] if name == "start" else [submitted.pk]
    client.force_login(cas_official)
    assert client.get(url(name, project, *args)).status_code == 405


ALL_URLS = [
    ("detail", []), ("propose", []), ("plan_version", [1]), ("plan_approve", [1]), ("plan_changes", [1]),
    ("start", []), ("complete", []), ("end", []), ("report_create", []), ("milestone_done", ["milestone"]),
    ("deliverable_submit", ["deliverable"]), ("deliverable_review", ["deliverable"]),
    ("deliverable_accept", ["deliverable"]), ("deliverable_fixes", ["deliverable"]),
]  # fmt: skip


POST_ONLY = {"plan_approve", "plan_changes", "start", "deliverable_accept", "deliverable_fixes"}


@pytest.mark.parametrize("username", SIPO_AND_OUTSIDER)
def test_a_cas_draft_is_404_on_every_url_for_sipo_and_the_outsider(client, personas, draft_project, username):
    client.force_login(personas[username])
    for name, args in ALL_URLS:
        path = url(name, draft_project, *[_row(draft_project, arg) for arg in args])
        # A POST-only address answers every GET 405, whatever the project: it says nothing of this one.
        assert client.get(path).status_code == (405 if name in POST_ONLY else 404), (name, "get")
        assert client.post(path, {"comment": "x", "reason": "x", "confirm": "on"}).status_code == 404, (name, "post")


def test_an_internal_project_is_404_for_the_other_party_even_once_approved(
    client, make_project, cas_official, cas_coordinator, sipo_official, sipo_coordinator
):
    start = timezone.localdate() - timedelta(days=30)
    project = make_project(
        internal=True,
        team=[Member(user=cas_official, role=TeamRole.PRINCIPAL_INVESTIGATOR)],
        milestones=[MilestoneRow(title="Preparatory study", due_date=start + timedelta(days=10), owner=cas_official)],
        deliverables=[],
    )
    services.project_propose(project=project, by=cas_official)
    services.project_approve_plan(project=project, version=1, by=cas_coordinator)
    for person in (sipo_official, sipo_coordinator):
        client.force_login(person)
        assert client.get(url("detail", project)).status_code == 404
        assert client.get(url("plan_version", project, 1)).status_code == 404
    client.force_login(cas_official)
    assert client.get(url("detail", project)).status_code == 200


def test_a_missing_milestone_deliverable_or_plan_version_is_404(client, cas_official, active_project):
    client.force_login(cas_official)
    assert client.get(url("plan_version", active_project, 99)).status_code == 404
    assert client.get(url("milestone_done", active_project, 999_999)).status_code == 404
    assert client.get(url("deliverable_review", active_project, 999_999)).status_code == 404
    assert client.get(url("deliverable_submit", active_project, 999_999)).status_code == 404


def test_a_milestone_of_another_project_is_404_through_this_one(client, cas_official, active_project, make_project):
    other = make_project(title="另一个项目")
    client.force_login(cas_official)
    milestone = other.milestones.first()
    assert client.get(url("milestone_done", active_project, milestone.pk)).status_code == 404


def test_anonymous_is_sent_to_sign_in(client, proposed_project):
    response = client.get(url("detail", proposed_project))
    assert response.status_code == 302 and reverse("login") in response["Location"]


# The plan: proposed, sent back, amended, approved by both parties.


def test_propose_confirms_first_and_then_sends_the_plan_to_both_coordinators(client, cas_official, draft_project):
    client.force_login(cas_official)
    page = client.get(url("propose", draft_project))
    assert page.status_code == 200
    assert "A coordinator of each party will be asked to approve this version." in page.text
    assert "The plan cannot be edited while it is under review." in page.text
    assert not PlanVersion.objects.exists()
    response = client.post(url("propose", draft_project))
    assert response.status_code == 302 and response["Location"] == draft_project.get_absolute_url()
    project = reloaded(draft_project)
    assert project.plan_state == PlanState.IN_REVIEW and project.plan_version.number == 1
    assert "Version 1 of the plan is sent to a coordinator of each party for approval." in messages_of(response)


def test_proposing_without_a_pi_for_sipo_says_so_on_the_confirm_page_and_stores_nothing(
    client, make_project, cas_official, sipo_official
):
    draft = make_project(
        team=[
            Member(user=cas_official, role=TeamRole.PRINCIPAL_INVESTIGATOR),
            Member(user=sipo_official, role=TeamRole.ANALYST),
        ]
    )
    client.force_login(cas_official)
    response = client.post(url("propose", draft))
    assert response.status_code == 200
    assert "Name the principal investigator for CNIPA before proposing." in response.text
    assert "form-errors" in response.text
    assert reloaded(draft).status == ProjectStatus.DRAFT and not PlanVersion.objects.exists()


def test_a_plan_under_review_cannot_be_proposed_again(client, cas_official, proposed_project):
    client.force_login(cas_official)
    response = client.post(url("propose", proposed_project))
    assert response.status_code == 303 and response["Location"] == proposed_project.get_absolute_url()
    assert "This plan cannot be proposed now." in messages_of(response)
    assert PlanVersion.objects.count() == 1


def test_sent_back_edited_proposed_again_and_approved_by_both_it_is_the_baseline(
    client, draft_project, project_fields, cas_official, cas_coordinator, sipo_coordinator
):
    client.force_login(cas_official)
    client.post(url("propose", draft_project))
    client.force_login(sipo_coordinator)
    review = client.get(url("plan_version", draft_project, 1))
    assert f'action="{url("plan_approve", draft_project, 1)}"' in review.text
    assert f'action="{url("plan_changes", draft_project, 1)}"' in review.text
    response = client.post(url("plan_changes", draft_project, 1), {"comment": "Add the SIPO examination data."})
    assert response.status_code == 302
    page = client.get(url("detail", draft_project)).text
    assert "Changes requested to version 1 by Zhao Lei (CNIPA)" in page and "Add the SIPO examination data." in page
    # The edit form is another page's: its service is called as that page would.
    services.project_update(
        project=reloaded(draft_project),
        by=cas_official,
        fields=project_fields(objectives="Map the landscape, with SIPO examination data."),
    )
    client.force_login(cas_official)
    client.post(url("propose", draft_project))
    client.force_login(cas_coordinator)
    response = client.post(url("plan_approve", draft_project, 2))
    assert "Approved for your party. The other party's approval is awaited." in messages_of(response)
    page = client.get(url("detail", draft_project)).text
    assert "CAS: approved by Chen Jing" in page and "CNIPA: still to approve" in page
    client.force_login(sipo_coordinator)
    response = client.post(url("plan_approve", draft_project, 2))
    assert "Approved by both parties: version 2 of the plan is the baseline now." in messages_of(response)
    project = reloaded(draft_project)
    assert project.status == ProjectStatus.APPROVED and project.baseline.number == 2
    page = client.get(url("detail", draft_project)).text
    assert "Plan version 2 approved by both parties: the baseline" in page
    assert page.count('class="milestone-baseline"><time') == 3


def test_approving_a_superseded_version_shows_the_middlewares_message(
    client, changes_requested, cas_official, cas_coordinator
):
    services.project_propose(project=changes_requested, by=cas_official)  # version 2
    client.force_login(cas_coordinator)
    response = client.post(url("plan_approve", changes_requested, 1))
    assert response.status_code == 303 and response["Location"] == changes_requested.get_absolute_url()
    assert messages_of(response) == ["This version of the plan has been superseded; review the current one."]
    response = client.post(url("plan_changes", changes_requested, 1), {"comment": "Late."})
    assert response.status_code == 303
    assert not SignOff.objects.filter(version="plan-1", party__code="CAS").exists()


def test_approving_twice_for_one_party_is_refused_with_a_message(client, proposed_project, cas_coordinator):
    client.force_login(cas_coordinator)
    client.post(url("plan_approve", proposed_project, 1))
    response = client.post(url("plan_approve", proposed_project, 1))
    assert response.status_code == 303
    assert "Your party has already approved this version of the plan." in messages_of(response)
    # Once approved for its party, the page no longer offers the decision.
    assert "approve-form" not in client.get(url("plan_version", proposed_project, 1)).text


def test_a_decision_on_a_plan_no_longer_under_review_says_it_moved_on(client, approved_project, sipo_coordinator):
    client.force_login(sipo_coordinator)
    for name, data in (("plan_approve", {}), ("plan_changes", {"comment": ""})):
        response = client.post(url(name, approved_project, 1), data)
        assert response.status_code == 303 and messages_of(response)[-1] == "This plan is not waiting for approval."
    assert SignOff.objects.filter(decision=Decision.CHANGES_REQUESTED).count() == 0


def test_requesting_changes_needs_a_comment_and_stores_nothing_without_one(client, proposed_project, sipo_coordinator):
    client.force_login(sipo_coordinator)
    response = client.post(url("plan_changes", proposed_project, 1), {"comment": "   "})
    assert response.status_code == 200
    assert response.context["changes_form"].errors["comment"] == ["Say what should change."]
    assert reloaded(proposed_project).plan_state == PlanState.IN_REVIEW and not SignOff.objects.exists()


def test_a_milestone_moved_in_an_amendment_slips_against_the_baseline_which_stays_in_force(
    client, approved_project, project_fields, cas_official
):
    project = reloaded(approved_project)
    first = project.milestones.get(title="Search strategy agreed")
    later = first.due_date + timedelta(days=9)
    services.project_update(
        project=project, by=cas_official, fields=project_fields(**plan_rows_of(project, due={first.title: later}))
    )
    client.force_login(cas_official)
    page = client.get(url("detail", project))
    row = next(r for r in page.context["baseline_rows"] if r.milestone.pk == first.pk)
    assert row.dates.baseline == first.due_date and row.dates.current == later
    assert "+9 days" in page.text
    assert "the approved plan (version 1) stays in force" in page.text
    assert f'href="{url("plan_version", project, 1)}"' in page.text
    client.post(url("propose", project))
    version = client.get(url("plan_version", project, 2))
    assert "What this version changes against the baseline (version 1)" in version.text
    assert (
        f"The milestone “Search strategy agreed” moves from {first.due_date:%-d %b %Y} to {later:%-d %b %Y}."
        in version.text
    )


# Starting, completing, ending.


def test_start_moves_an_approved_project_under_way_and_a_second_click_says_it_moved_on(
    client, approved_project, cas_official
):
    client.force_login(cas_official)
    assert client.post(url("start", approved_project)).status_code == 302
    assert reloaded(approved_project).status == ProjectStatus.ACTIVE
    response = client.post(url("start", approved_project))
    assert response.status_code == 303 and "Only an approved project is started." in messages_of(response)


def test_completing_with_a_deliverable_not_accepted_says_so_on_the_confirm_page(client, active_project, cas_official):
    client.force_login(cas_official)
    page = client.get(url("complete", active_project))
    assert "Patent landscape report, final" in page.text  # listed as not accepted yet
    response = client.post(url("complete", active_project))
    assert response.status_code == 200
    assert "Not every deliverable is accepted yet: Patent landscape report, final." in response.text
    assert reloaded(active_project).status == ProjectStatus.ACTIVE


def test_a_project_with_every_deliverable_accepted_is_completed(client, submitted, cas_official, sipo_official):
    for pi in (cas_official, sipo_official):
        services.deliverable_accept(deliverable=submitted, by=pi, version=submitted.version.label)
    client.force_login(sipo_official)
    response = client.post(url("complete", submitted.project))
    assert response.status_code == 302 and reloaded(submitted.project).status == ProjectStatus.COMPLETED
    assert client.get(url("complete", submitted.project)).status_code == 303  # nothing left to complete


@pytest.mark.parametrize(
    ("data", "field", "error"),
    [
        ({"reason": "", "confirm": "on"}, "reason", "Say why the project ends here."),
        ({"reason": "Funding withdrawn."}, "confirm", "Tick the box to end the project."),
    ],
    ids=["no-reason", "not-confirmed"],
)
def test_ending_needs_a_reason_and_the_box(client, active_project, cas_official, data, field, error):
    client.force_login(cas_official)
    response = client.post(url("end", active_project), data)
    assert response.status_code == 200 and response.context["form"].errors[field] == [error]
    assert reloaded(active_project).status == ProjectStatus.ACTIVE


def test_a_draft_is_withdrawn_and_a_running_project_cancelled(client, make_project, active_project, cas_official):
    draft = make_project()
    client.force_login(cas_official)
    assert "Withdraw this project?" in client.get(url("end", draft)).text
    client.post(url("end", draft), {"reason": "Merged with another study.", "confirm": "on"})
    assert reloaded(draft).status == ProjectStatus.WITHDRAWN
    assert "Cancel this project?" in client.get(url("end", active_project)).text
    response = client.post(url("end", active_project), {"reason": "Funding withdrawn.", "confirm": "on"})
    assert "The project is cancelled." in messages_of(response)
    page = client.get(url("detail", active_project)).text
    assert "Funding withdrawn." in page
    response = client.get(url("end", active_project))
    assert response.status_code == 303 and "This project has already ended." in messages_of(response)


# Status reports and milestones.


def test_a_pi_posts_a_status_report_once_even_if_the_form_is_sent_twice(client, active_project, sipo_official):
    client.force_login(sipo_official)
    data = once(as_of=timezone.localdate().isoformat(), status="at_risk", text="The data licence is late.")
    first = client.post(url("report_create", active_project), data)
    second = client.post(url("report_create", active_project), data)
    assert first.status_code == second.status_code == 302
    report = StatusReport.objects.get()
    assert (report.status, report.author, report.text) == ("at_risk", sipo_official, "The data licence is late.")
    page = client.get(url("detail", active_project)).text
    assert "The data licence is late." in page and "At risk" in page


@pytest.mark.parametrize(
    ("change", "field", "error"),
    [
        ({"as_of": "tomorrow"}, "as_of", "A progress report is about today or earlier."),
        ({"text": " "}, "text", "Say how the project stands."),
        ({"status": "fine"}, "status", "Select a valid choice. fine is not one of the available choices."),
        ({"as_of": ""}, "as_of", "Give the day the report describes."),
    ],
    ids=["future", "no-text", "bad-status", "no-date"],
)
def test_a_bad_status_report_is_refused_on_its_field_and_nothing_is_stored(
    client, active_project, cas_official, change, field, error
):
    data = {"as_of": timezone.localdate().isoformat(), "status": "on_track", "text": "Fine."} | change
    if data["as_of"] == "tomorrow":
        data["as_of"] = (timezone.localdate() + timedelta(days=1)).isoformat()
    client.force_login(cas_official)
    response = client.post(url("report_create", active_project), once(data))
    assert response.status_code == 200 and response.context["form"].errors[field] == [error]
    assert not StatusReport.objects.exists()


def test_marking_a_milestone_done_records_it_in_the_ledger_and_links_it(client, active_project, sipo_official):
    milestone = active_project.milestones.get(title="Data set complete")
    client.force_login(sipo_official)
    page = client.get(url("milestone_done", active_project, milestone.pk))
    assert "This records a research activity in the activity ledger, for the other party to confirm." in page.text
    yesterday = timezone.localdate() - timedelta(days=1)
    response = client.post(url("milestone_done", active_project, milestone.pk), {"done_on": yesterday, "note": "Done."})
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert milestone.done_on == yesterday and milestone.activity.status == ActivityStatus.LOGGED
    page = client.get(url("detail", active_project)).text
    assert milestone.activity.get_absolute_url() in page
    assert "Milestone “Data set complete” done on" in page
    # Done is done: the link leads back to the project with the message.
    response = client.get(url("milestone_done", active_project, milestone.pk))
    assert response.status_code == 303 and "This milestone cannot be marked done now." in messages_of(response)


@pytest.mark.parametrize(
    ("done_on", "error"),
    [
        ("tomorrow", "A milestone is done today or earlier, not in the future."),
        ("", "Give the day the milestone was done."),
        ("1999-12-31", "Give a date between 1 Jan 2000 and"),
    ],
    ids=["future", "missing", "before-2000"],
)
def test_a_bad_done_date_is_refused_and_nothing_is_stored(client, active_project, cas_official, done_on, error):
    if done_on == "tomorrow":
        done_on = (timezone.localdate() + timedelta(days=1)).isoformat()
    milestone = active_project.milestones.get(title="Search strategy agreed")
    client.force_login(cas_official)
    response = client.post(url("milestone_done", active_project, milestone.pk), {"done_on": done_on})
    assert response.status_code == 200
    assert response.context["form"].errors["done_on"][0].startswith(error)
    milestone.refresh_from_db()
    assert milestone.done_on is None and not Activity.objects.exists()


def test_a_milestone_is_marked_done_by_its_owner_or_a_pi_only(client, active_project, cas_coordinator, sipo_official):
    milestone = active_project.milestones.get(title="Search strategy agreed")  # the CAS PI's
    client.force_login(cas_coordinator)
    assert client.get(url("milestone_done", active_project, milestone.pk)).status_code == 403
    page = client.get(url("detail", active_project)).text
    assert "Mark done" not in page
    client.force_login(sipo_official)  # the other party's PI
    assert client.get(url("milestone_done", active_project, milestone.pk)).status_code == 200


# Deliverables.


def test_a_deliverable_sent_back_and_resubmitted_is_accepted_by_both_pis_and_locked(
    client, active_project, research_report, add_version, cas_official, sipo_official
):
    deliverable = active_project.deliverables.get()
    client.force_login(cas_official)
    page = client.get(url("deliverable_submit", active_project, deliverable.pk))
    assert "Only documents of the research area can be deliverables." in page.text
    assert "current file is pinned" in page.text
    response = client.post(
        url("deliverable_submit", active_project, deliverable.pk), {"document": [research_report.pk]}
    )
    assert response.status_code == 302
    deliverable.refresh_from_db()
    assert deliverable.status == DeliverableStatus.SUBMITTED and deliverable.version_number == 1
    client.force_login(sipo_official)
    review = client.get(url("deliverable_review", active_project, deliverable.pk))
    assert deliverable.version_sha256 in review.text
    assert reverse("documents:download", args=[research_report.pk, 1]) in review.text
    client.post(url("deliverable_fixes", active_project, deliverable.pk),
                {"version": deliverable.version.label, "comment": "Add the 2025 data."})  # fmt: skip
    deliverable.refresh_from_db()
    assert deliverable.status == DeliverableStatus.FIXES_REQUESTED
    assert "Add the 2025 data." in client.get(url("detail", active_project)).text
    add_version(research_report)
    client.force_login(cas_official)
    client.post(url("deliverable_submit", active_project, deliverable.pk), {"document": [research_report.pk]})
    deliverable.refresh_from_db()
    assert deliverable.version_number == 2
    for pi in (cas_official, sipo_official):
        client.force_login(pi)
        response = client.post(url("deliverable_accept", active_project, deliverable.pk),
                               {"version": deliverable.version.label, "lock": "on"})  # fmt: skip
        assert response.status_code == 302
    assert "Accepted by both parties: the deliverable is locked and recorded in the activity ledger." in messages_of(
        response
    )
    deliverable.refresh_from_db()
    assert deliverable.is_locked and deliverable.activity.status == ActivityStatus.CONFIRMED
    page = client.get(url("detail", active_project)).text
    assert deliverable.activity.get_absolute_url() in page
    assert "version 2 accepted by both parties and locked" in page
    response = client.get(url("deliverable_submit", active_project, deliverable.pk))
    assert response.status_code == 303 and "This deliverable is accepted and locked." in messages_of(response)


def test_accepting_a_file_a_newer_one_replaced_shows_the_middlewares_message(
    client, submitted, research_report, add_version, cas_official, sipo_official
):
    stale = submitted.version.label
    add_version(research_report)
    services.deliverable_submit(deliverable=submitted, by=cas_official, document=research_report)
    client.force_login(sipo_official)
    response = client.post(url("deliverable_accept", submitted.project, submitted.pk), {"version": stale, "lock": "on"})
    assert response.status_code == 303
    assert messages_of(response) == ["A newer file has been submitted; review it instead."]
    assert not SignOff.objects.filter(decision=Decision.APPROVED).exclude(version="plan-1").exists()


def test_a_decision_on_a_deliverable_already_accepted_says_it_moved_on(client, accepted, sipo_official):
    client.force_login(sipo_official)
    path = url("deliverable_fixes", accepted.project, accepted.pk)
    response = client.post(path, {"version": accepted.version.label, "comment": ""})
    assert response.status_code == 303
    assert messages_of(response) == ["This deliverable is not waiting for acceptance."]
    assert "deliverable-review" not in client.get(url("deliverable_review", accepted.project, accepted.pk)).text


def test_accepting_needs_the_box_and_fixes_need_a_comment(client, submitted, sipo_official):
    client.force_login(sipo_official)
    label = submitted.version.label
    response = client.post(url("deliverable_accept", submitted.project, submitted.pk), {"version": label})
    assert response.status_code == 200
    assert response.context["accept_form"].errors["lock"] == [
        "Tick the box to accept: both parties' acceptance locks the deliverable."
    ]
    response = client.post(url("deliverable_fixes", submitted.project, submitted.pk), {"version": label, "comment": ""})
    assert response.status_code == 200
    assert response.context["fixes_form"].errors["comment"] == ["Say what should be fixed."]
    assert not SignOff.objects.exclude(version="plan-1").exists()


def test_a_file_the_readers_party_cannot_open_is_not_offered_for_acceptance(
    client, active_project, make_document, cas_official, sipo_official
):
    internal = make_document(title="内部初稿", area="research", confidentiality=Confidentiality.INTERNAL)
    deliverable = services.deliverable_submit(
        deliverable=active_project.deliverables.get(), by=cas_official, document=internal
    )
    client.force_login(sipo_official)
    review = client.get(url("deliverable_review", active_project, deliverable.pk))
    assert "Your party cannot open this file" in review.text
    assert "内部初稿" not in review.text and "file-download" not in review.text
    assert "accept-form" not in review.text and "fixes-form" in review.text
    assert "内部初稿" not in client.get(url("detail", active_project)).text
    # Posted anyway, the service's refusal is shown on the page.
    response = client.post(url("deliverable_accept", active_project, deliverable.pk),
                           {"version": deliverable.version.label, "lock": "on"})  # fmt: skip
    assert response.status_code == 200 and "cannot open this deliverable&#x27;s file" in response.text
    assert not SignOff.objects.exclude(version="plan-1").exists()
    client.force_login(cas_official)
    assert "内部初稿" in client.get(url("deliverable_review", active_project, deliverable.pk)).text


@pytest.mark.parametrize("choice", ["none", "two", "other-area"])
def test_a_deliverable_is_exactly_one_document_of_the_research_area(
    client, active_project, research_report, make_document, cas_official, choice
):
    other = make_document(title="会议材料", area="communication")
    data = {"none": {}, "two": {"document": [research_report.pk, other.pk]}, "other-area": {"document": [other.pk]}}
    errors = {
        "none": "Choose the library document to submit.",
        "two": "Tick exactly one document: a deliverable is one file.",
        "other-area": "A deliverable is a document of the research area; change the document's area first.",
    }
    deliverable = active_project.deliverables.get()
    client.force_login(cas_official)
    response = client.post(url("deliverable_submit", active_project, deliverable.pk), data[choice])
    assert response.status_code == 200 and response.context["form"].errors["document"] == [errors[choice]]
    deliverable.refresh_from_db()
    assert deliverable.status == DeliverableStatus.PLANNED and not deliverable.version_sha256


def test_a_document_the_submitter_cannot_see_is_not_accepted(
    client, active_project, make_document, sipo_docadmin, cas_official
):
    theirs = make_document(
        by=sipo_docadmin, title="国知局内部", area="research", confidentiality=Confidentiality.INTERNAL
    )
    deliverable = active_project.deliverables.get()
    client.force_login(cas_official)
    response = client.post(url("deliverable_submit", active_project, deliverable.pk), {"document": [theirs.pk]})
    assert response.status_code == 200 and "document" in response.context["form"].errors
    deliverable.refresh_from_db()
    assert deliverable.status == DeliverableStatus.PLANNED


@pytest.mark.parametrize("name", ["report_create", "end", "milestone_done"])
def test_the_forms_state_their_text_limits_and_never_cut(client, active_project, cas_official, name):
    args = [active_project.milestones.first().pk] if name == "milestone_done" else []
    client.force_login(cas_official)
    page = client.get(url(name, active_project, *args)).text
    textareas = re.findall(r"<textarea\b[^>]*>", page)
    assert textareas and all('data-limit="20000"' in tag for tag in textareas)
    assert "maxlength" not in page and "At most 20,000 characters." in page
    assert "form-errors" not in page  # the one alert is there only when there is something to say
