"""The dashboard's research panel: the projects waiting for the reader's decision, and why."""

import lxml.html
from django.urls import reverse

from cooperation.research import services

DASHBOARD = reverse("dashboard")
# The personas read English: the project's English title leads.
ENGLISH = "Patent navigation: quantum computing"


def panel(client):
    """The panel's rows as text, None when the dashboard shows no research panel."""
    page = lxml.html.fromstring(client.get(DASHBOARD).content.decode())
    found = page.xpath("//section[@aria-labelledby='research-awaiting-heading']")
    if not found:
        return None
    return [" ".join(item.text_content().split()) for item in found[0].xpath(".//li")]


def test_a_coordinator_sees_a_proposed_plan_until_their_party_approves_it(
    client, proposed_project, cas_coordinator, sipo_coordinator
):
    client.force_login(sipo_coordinator)
    assert panel(client) == [f"{ENGLISH} CAS · plan to approve"]
    page = client.get(DASHBOARD).text
    assert f'href="{proposed_project.get_absolute_url()}"' in page
    assert f'href="{reverse("research:list")}?scope=awaiting"' in page
    services.project_approve_plan(project=proposed_project, version=1, by=sipo_coordinator)
    assert panel(client) is None
    client.force_login(cas_coordinator)  # the other party has still to approve
    assert panel(client) == [f"{ENGLISH} CAS · plan to approve"]


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
    assert panel(client) == [f"{ENGLISH} CAS · deliverable to accept"]
    client.force_login(cas_official)  # the submitter's party accepts too, unless its PI already did
    assert panel(client) == [f"{ENGLISH} CAS · deliverable to accept"]
    deliverable.refresh_from_db()
    services.deliverable_accept(deliverable=deliverable, by=sipo_official, version=deliverable.version.label)
    client.force_login(sipo_official)
    assert panel(client) is None
