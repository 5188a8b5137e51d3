"""Project support on the dashboard: what waits for a coordinator (contributions to confirm, applications to
decide on) and for a reviewer (applications to review), in the one panel of what waits, and the year's figures
per party, cached."""

import lxml.html
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cooperation.projects import services
from cooperation.projects.services import ContributionFields
from protocol.areas import Area
from tests.dashboard import waiting_items, waiting_more

pytestmark = pytest.mark.usefixtures("english")

DASHBOARD = reverse("dashboard")
PANELS = ["projects-figures-heading"]
# The kinds of item waiting, by the page each links to.
KINDS = {
    "projects-confirm-heading": "/projects/contributions/",
    "projects-decide-heading": "/decide/",
    "projects-review-heading": "/review/",
}


def panels(client) -> dict[str, list[str]]:
    """Each kind of project item waiting (titles), and the figures panel's rows as text."""
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    page = lxml.html.fromstring(response.content.decode())
    found = {}
    items = [item for item in waiting_items(response) if item.area == Area.PROJECTS]
    for kind, part in KINDS.items():
        if rows := [item.title for item in items if part in item.url]:
            found[kind] = rows
    for heading in PANELS:
        for section in page.xpath(f"//section[@aria-labelledby='{heading}']"):
            # No link sits on a card's tinted header (axe: contrast).
            assert not section.xpath(".//div[contains(@class, 'card-header')]//a"), heading
            found[heading] = [" ".join(item.text_content().split()) for item in section.xpath(".//li|.//tbody/tr")]
    return found


def test_a_coordinator_is_asked_to_confirm_a_contribution_until_it_is_confirmed(
    client, contribution, sipo_coordinator, cas_coordinator
):
    client.force_login(sipo_coordinator)
    (row,) = panels(client)["projects-confirm-heading"]
    assert row.startswith("Li Ming — ")
    page = client.get(DASHBOARD).text
    assert reverse("projects:contribution_confirm", args=[contribution.pk]) in page
    client.force_login(cas_coordinator)  # not their party's project
    assert "projects-confirm-heading" not in panels(client)
    version = services.contribution_version(contribution)
    services.contribution_confirm(contribution=contribution, by=sipo_coordinator, sha256=version.sha256)
    client.force_login(sipo_coordinator)
    assert "projects-confirm-heading" not in panels(client)


def test_a_coordinator_is_asked_to_decide_and_a_reviewer_to_review(
    client, application, sipo_coordinator, sipo_official, sipo_reviewer, cas_official, score
):
    client.force_login(sipo_coordinator)
    shown = panels(client)
    assert shown["projects-decide-heading"] == [f"Li Ming — {application.call.title}"]
    assert "projects-review-heading" not in shown  # not a reviewer of the call
    client.force_login(sipo_official)
    shown = panels(client)
    assert shown["projects-review-heading"][0].startswith("Li Ming")
    assert reverse("projects:review", args=[application.pk]) in client.get(DASHBOARD).text
    assert "projects-decide-heading" not in shown
    score(application, sipo_official)
    assert "projects-review-heading" not in panels(client)
    client.force_login(cas_official)
    assert not {"projects-review-heading", "projects-decide-heading", "projects-confirm-heading"} & set(panels(client))


def test_the_panel_shows_five_and_says_how_many_more(client, project, participant, cas_official, sipo_coordinator):
    for n in range(12):
        services.contribution_record(
            project=project,
            by=cas_official,
            fields=ContributionFields(kind="analysis", on=timezone.localdate(), description=f"分析{n}"),
        )
    client.force_login(sipo_coordinator)
    assert len(panels(client)["projects-confirm-heading"]) == 5
    (more,) = waiting_more(client.get(DASHBOARD))
    assert more.count == 7 and more.url == reverse("projects:to_confirm")


def test_the_years_figures_per_party(client, contribution, call, sipo_coordinator, cas_official):
    version = services.contribution_version(contribution)
    services.contribution_confirm(contribution=contribution, by=sipo_coordinator, sha256=version.sha256)
    client.force_login(cas_official)
    rows = panels(client)["projects-figures-heading"]
    this_year = timezone.localdate().year
    assert f"Project support in {this_year}" in client.get(DASHBOARD).text
    assert any(row.startswith("CAS 1") for row in rows)  # one contribution confirmed
    if timezone.localtime(call.closes_at).year == this_year:
        assert any(row.startswith("CNIPA 0 1 of 2") for row in rows)
    assert reverse("projects:figures") in client.get(DASHBOARD).text


def test_nothing_to_say_no_panel(client, cas_official, outsider):
    client.force_login(cas_official)
    assert panels(client) == {}
    client.force_login(outsider)
    assert client.get(DASHBOARD).status_code in (200, 302)


def test_the_figures_are_cached_until_a_project_service_writes(client, contribution, sipo_coordinator, cas_official):
    def aggregates(queries):
        return [q for q in queries.captured_queries if "projects_" in q["sql"] and "GROUP BY" in q["sql"]]

    client.force_login(cas_official)
    with CaptureQueriesContext(connection) as first:
        assert not any(row.startswith("CAS 1") for row in panels(client).get("projects-figures-heading", []))
    assert aggregates(first)
    with CaptureQueriesContext(connection) as again:
        panels(client)
    assert not aggregates(again)
    version = services.contribution_version(contribution)
    services.contribution_confirm(contribution=contribution, by=sipo_coordinator, sha256=version.sha256)
    assert any(row.startswith("CAS 1") for row in panels(client)["projects-figures-heading"])
