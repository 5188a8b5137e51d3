"""Research on the dashboard: the plans and deliverables waiting for the reader's decision (the one panel of
what waits)."""

from django.urls import reverse

from cooperation.research import services
from protocol.areas import Area
from tests.dashboard import waiting_items

DASHBOARD = reverse("dashboard")
# The personas read English: the project's English title leads.
ENGLISH = "Patent navigation: quantum computing"


def panel(client):
    """The research items waiting for the reader ("title · what"), None when there are none."""
    items = waiting_items(client.get(DASHBOARD))
    return [f"{item.title} · {item.what}" for item in items if item.area == Area.RESEARCH] or None


def test_a_coordinator_sees_a_proposed_plan_until_their_party_approves_it(
    client, proposed_project, cas_coordinator, sipo_coordinator
):
    client.force_login(sipo_coordinator)
    assert panel(client) == [f"{ENGLISH} · Approve the research plan"]
    page = client.get(DASHBOARD).text
    assert f'href="{reverse("research:plan_version", args=[proposed_project.pk, 1])}"' in page
    services.project_approve_plan(project=proposed_project, version=1, by=sipo_coordinator)
    assert panel(client) is None
    client.force_login(cas_coordinator)  # the other party has still to approve
    assert panel(client) == [f"{ENGLISH} · Approve the research plan"]


def test_nobody_else_is_asked_about_a_plan(client, proposed_project, cas_official, sipo_official, sipo_docadmin):
    for person in (cas_official, sipo_official, sipo_docadmin):
        client.force_login(person)
        assert panel(client) is None, person.username


def test_the_other_partys_pi_is_asked_to_accept_a_deliverable(
    client, active_project, research_report, cas_official, sipo_official
):
    deliverable = active_project.deliverables.get()
    services.deliverable_submit(deliverable=deliverable, by=cas_official, document=research_report)
    client.force_login(sipo_official)
    assert panel(client) == [f"{deliverable.title} ({ENGLISH}) · Accept the deliverable"]
    client.force_login(cas_official)  # the submitter's party accepts too, unless its PI already did
    assert panel(client) == [f"{deliverable.title} ({ENGLISH}) · Accept the deliverable"]
    deliverable.refresh_from_db()
    services.deliverable_accept(deliverable=deliverable, by=sipo_official, version=deliverable.version.label)
    client.force_login(sipo_official)
    assert panel(client) is None
