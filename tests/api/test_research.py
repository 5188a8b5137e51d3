"""Joint research through the REST API: the project list's scopes and filters, and a project with its team,
milestones and deliverables, to whom the page shows them."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from cooperation.documents.models import Confidentiality
from cooperation.research import services
from cooperation.research.models import TeamRole
from cooperation.research.services import DeliverableRow, Member, MilestoneRow, ProjectFields
from tests.api.helpers import API, error_of, ids, page_ids, queries_of, read_only_client
from tests.factories import UserFactory

PROJECTS = f"{API}research/projects/"


def make_project(lead, partner=None, *, title="专利导航：量子计算", internal=False, propose=False, field="Quantum"):
    start = timezone.localdate() - timedelta(days=30)
    team = [Member(user=lead, role=TeamRole.PRINCIPAL_INVESTIGATOR, party_id=lead.party_id)]
    if partner is not None:
        team.append(Member(user=partner, role=TeamRole.PRINCIPAL_INVESTIGATOR, party_id=partner.party_id))
    fields = ProjectFields(
        title=title,
        objectives="Map the patent landscape.",
        start_date=start,
        end_date=start + timedelta(days=365),
        technology_field=field,
        internal=internal,
        team=team,
        milestones=[
            MilestoneRow(title="Search strategy agreed", due_date=start + timedelta(days=40), owner=lead),
            MilestoneRow(title="Draft report", due_date=start + timedelta(days=300), owner=lead),
        ],
        deliverables=[DeliverableRow(title="Landscape report, final", due_date=start + timedelta(days=360))],
    )
    project = services.project_create(by=lead, fields=fields)
    return services.project_propose(project=project, by=lead) if propose else project


@pytest.fixture
def joint(cas_official, sipo_official):
    """Proposed: both parties see it."""
    return make_project(cas_official, sipo_official, propose=True)


@pytest.fixture
def cas_draft_project(cas_official, sipo_official):
    return make_project(cas_official, sipo_official, title="CAS draft", field="Batteries")


@pytest.fixture
def cas_internal(cas_official):
    return make_project(cas_official, title="CAS internal", internal=True, propose=True)


def test_the_list_is_the_pages_for_each_scope_and_filter(
    api_as, client, personas, cas, joint, cas_draft_project, cas_internal
):
    queries = ["", "?scope=mine", "?scope=awaiting", "?status=proposed", f"?lead_party={cas.pk}"]
    queries += ["?technology_field=quantum", "?scope=nonsense", "?q=draft", "?q=量子计算", "?q=nothing+like+it"]
    for who in ("cas_official", "sipo_official", "cas_coordinator", "sipo_coordinator"):
        api = api_as(personas[who])
        for query in queries:
            assert ids(api.get(PROJECTS + query)) == page_ids(client, personas[who], "/research/" + query), (who, query)


def test_the_other_partys_drafts_and_internal_projects_are_not_listed(
    api_as, cas_official, sipo_official, joint, cas_draft_project, cas_internal
):
    assert set(ids(api_as(cas_official).get(PROJECTS))) == {joint.pk, cas_draft_project.pk, cas_internal.pk}
    assert ids(api_as(sipo_official).get(PROJECTS)) == [joint.pk]
    nobody = APIClient()
    nobody.force_authenticate(UserFactory(username="nobody", party=None))
    assert nobody.get(PROJECTS).json()["results"] == []


def test_a_coordinator_sees_what_waits_for_their_decision(api_as, cas_coordinator, joint, cas_draft_project):
    (row,) = api_as(cas_coordinator).get(PROJECTS + "?scope=awaiting").json()["results"]
    assert row["id"] == joint.pk and row["plan_state"] == "in_review"


def test_a_project_with_its_team_milestones_and_deliverables(api_as, sipo_official, joint):
    body = api_as(sipo_official).get(f"{PROJECTS}{joint.pk}/").json()
    assert body["title"] == "专利导航：量子计算" and body["lead_party"] == "CAS" and body["status"] == "proposed"
    assert [(m["person"]["full_name"], m["party"], m["role"]) for m in body["team"]] == [
        ("Li Ming", "CAS", "pi"),
        ("Wang Fang", "SIPO", "pi"),
    ]
    assert [m["title"] for m in body["milestones"]] == ["Search strategy agreed", "Draft report"]
    assert body["milestones"][0]["owner"]["full_name"] == "Li Ming" and body["milestones"][0]["done"] is False
    (deliverable,) = body["deliverables"]
    assert (deliverable["title"], deliverable["status"], deliverable["document"]) == (
        "Landscape report, final",
        "planned",
        None,
    )
    # The other party's coordinators decide on the plan; its PI may not edit it.
    assert body["actions"]["edit_plan"] is False


def test_the_team_reads_what_it_may_do(api_as, cas_official, cas_draft_project):
    assert api_as(cas_official).get(f"{PROJECTS}{cas_draft_project.pk}/").json()["actions"]["propose"] is True


@pytest.mark.parametrize(
    ("who", "draft", "internal"),
    [
        ("cas_official", 200, 200),
        ("cas_docadmin", 200, 200),
        ("cas_coordinator", 200, 200),
        ("sipo_official", 404, 404),
        ("sipo_docadmin", 404, 404),
        ("sipo_coordinator", 404, 404),
    ],
)
def test_who_reads_a_draft_and_an_internal_project(
    api_as, personas, cas_draft_project, cas_internal, who, draft, internal
):
    api = api_as(personas[who])
    response = api.get(f"{PROJECTS}{cas_draft_project.pk}/")
    assert response.status_code == draft
    if draft == 404:
        assert "CAS draft" not in response.content.decode()
    assert api.get(f"{PROJECTS}{cas_internal.pk}/").status_code == internal


def test_an_id_of_no_project_is_404(api_as, cas_official):
    api = api_as(cas_official)
    for pk in ("999999", "99999999999999999999", "１"):
        assert api.get(f"{PROJECTS}{pk}/").status_code == 404


def test_a_filter_value_that_is_none_of_the_choices_is_400(api_as, cas_official, joint):
    response = api_as(cas_official).get(PROJECTS + "?status=finished")
    assert response.status_code == 400
    assert list(error_of(response)["fields"]) == ["status"]


def test_projects_are_read_only(api_as, cas_official, joint):
    api = api_as(cas_official)
    assert api.post(PROJECTS, {"title": "New"}, format="json").status_code == 405
    assert api.delete(f"{PROJECTS}{joint.pk}/").status_code == 405
    # A read-only token is told so before anything else.
    assert read_only_client(cas_official).delete(f"{PROJECTS}{joint.pk}/").status_code == 403
    assert api.get(f"{PROJECTS}{joint.pk}/").json()["status"] == "proposed"


def test_the_detail_answers_304_for_the_etag_held_and_200_once_it_changed(api_as, cas_official, joint):
    api = api_as(cas_official)
    url = f"{PROJECTS}{joint.pk}/"
    tag = api.get(url)["ETag"]
    assert api.get(url, HTTP_IF_NONE_MATCH=tag).status_code == 304
    services.project_end(project=joint, by=cas_official, reason="No longer needed.")
    changed = api.get(url, HTTP_IF_NONE_MATCH=tag)
    assert changed.status_code == 200 and changed.json()["status"] == "withdrawn"


@pytest.mark.parametrize("query", ["", "?scope=mine"])
def test_the_list_costs_the_same_for_1_and_50_rows(api_as, settings, cas_official, sipo_official, query):
    settings.PAGE_SIZE = 50
    api = api_as(cas_official)
    make_project(cas_official, sipo_official)
    api.get(PROJECTS + query)  # the first request fills caches once per process
    one = queries_of(api, PROJECTS + query, rows=1)
    for n in range(49):
        make_project(cas_official, sipo_official, title=f"Project {n}")
    assert queries_of(api, PROJECTS + query, rows=50) == one


def test_a_deliverables_document_is_named_only_to_who_may_see_it(
    api_as, make_document, joint, cas_official, sipo_official, cas_coordinator, sipo_coordinator
):
    for coordinator in (cas_coordinator, sipo_coordinator):
        project = services.project_approve_plan(project=joint, version=1, by=coordinator)
    project = services.project_start(project=project, by=cas_official)
    internal = make_document(title="CAS working paper", area="research", confidentiality=Confidentiality.INTERNAL)
    services.deliverable_submit(deliverable=project.deliverables.get(), by=cas_official, document=internal)
    url = f"{PROJECTS}{project.pk}/"
    (own,) = api_as(cas_official).get(url).json()["deliverables"]
    (other,) = api_as(sipo_official).get(url).json()["deliverables"]
    assert (own["status"], own["document"]) == ("submitted", internal.pk)
    assert (other["status"], other["document"]) == ("submitted", None)
    assert "CAS working paper" not in api_as(sipo_official).get(url).content.decode()
