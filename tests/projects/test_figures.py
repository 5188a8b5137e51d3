"""Project support in figures: per party and year, and per project, through the reader's visibility, at a
fixed number of queries."""

from decimal import Decimal

import lxml.html
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cooperation.projects import services
from cooperation.projects.figures import figures, project_figures
from cooperation.projects.services import ContributionFields
from tests.pages import assert_stacks_on_a_phone, list_tables

pytestmark = pytest.mark.usefixtures("english")


def by_key(rows):
    return {(row.party.code, row.year): row for row in rows}


@pytest.fixture
def counted_project(project, call, participant, cas_official, sipo_coordinator):
    """Two contributions confirmed (expert days, analysis), one waiting; one of the call's two places filled;
    the indicators at 2,500 of 5,000 and at 0 of 2."""
    today = timezone.localdate()

    def record(kind, quantity=Decimal(1)):
        fields = ContributionFields(kind=kind, on=today, description=kind, quantity=quantity)
        return services.contribution_record(project=project, by=cas_official, fields=fields)

    for kind in ("expert_days", "analysis"):
        contribution = record(kind)
        version = services.contribution_version(contribution)
        services.contribution_confirm(contribution=contribution, by=sipo_coordinator, sha256=version.sha256)
    record("data_set")  # waiting: not counted
    first = project.indicators.order_by("position").first()
    services.indicator_report(indicator=first, by=sipo_coordinator, period_end=today, value=Decimal(2500))
    return project


@pytest.fixture
def internal_project(sipo_coordinator, project_fields, call_fields):
    """SIPO's unpublished project with a call of five places: only SIPO counts it."""
    project = services.project_create(by=sipo_coordinator, fields=project_fields(title="内部项目", indicators=[]))
    services.call_create(project=project, by=sipo_coordinator, fields=call_fields(places=5))
    return project


def test_per_party_and_year(counted_project, call, internal_project, cas_official, sipo_official):
    contributed = timezone.localdate().year
    closes = timezone.localtime(call.closes_at).year
    started = counted_project.starts_on.year
    rows = by_key(figures(cas_official))
    cas = rows[("CAS", contributed)]
    assert cas.contributions == 2
    assert [(item.kind, item.count) for item in cas.by_kind] == [("expert_days", 1), ("analysis", 1)]
    assert (rows[("SIPO", closes)].places_offered, rows[("SIPO", closes)].places_filled) == (2, 1)
    assert rows[("SIPO", closes)].fill_rate == 0.5
    assert rows[("SIPO", started)].progress == [50, 0]
    assert rows[("SIPO", started)].average_progress == 25
    # SIPO sees its own unpublished project's call too.
    assert by_key(figures(sipo_official))[("SIPO", closes)].places_offered == 7


def test_the_year_filter(counted_project, call, cas_official):
    year = timezone.localdate().year
    assert {row.year for row in figures(cas_official, year=year)} == {year}
    assert figures(cas_official, year=year - 5) == []


def test_per_project(counted_project, internal_project, cas_official, sipo_official):
    (row,) = project_figures(cas_official)
    assert row.project == counted_project
    assert row.contributions == 2
    assert (row.places_offered, row.places_filled) == (2, 1)
    assert [(item.indicator.name, item.percent) for item in row.indicators] == [
        ("Patent families analysed", 50),
        ("Reports delivered", 0),
    ]
    assert row.average_progress == 25
    assert {row.project.title for row in project_figures(sipo_official)} == {counted_project.title, "内部项目"}
    internal = next(row for row in project_figures(sipo_official) if row.project == internal_project)
    assert (internal.contributions, internal.places_offered, internal.places_filled) == (0, 5, 0)
    assert internal.indicators == []


def test_an_account_of_no_party_counts_nothing(counted_project, outsider):
    assert figures(outsider) == []
    assert project_figures(outsider) == []


def test_a_fixed_number_of_queries_whatever_the_number_of_projects(
    counted_project, sipo_coordinator, project_fields, call_fields, sipo_official
):
    with CaptureQueriesContext(connection) as one:
        figures(sipo_official)
        project_figures(sipo_official)
    for n in range(3):
        project = services.project_create(by=sipo_coordinator, fields=project_fields(title=f"项目{n}"))
        services.call_create(project=project, by=sipo_coordinator, fields=call_fields())
    with CaptureQueriesContext(connection) as four:
        assert len(figures(sipo_official)) >= 1
        assert len(project_figures(sipo_official)) == 4
    assert len(four) == len(one)


def test_the_page_shows_the_figures(client, counted_project, cas_official):
    client.force_login(cas_official)
    response = client.get(reverse("projects:figures"))
    page = lxml.html.fromstring(response.content.decode())
    parties = [" ".join(tr.text_content().split()) for tr in page.xpath("//table[@id='figures']/tbody/tr")]
    assert any("CAS" in row and "Expert days 1" in row and "Analysis 1" in row for row in parties)
    assert any("CNIPA" in row and "1 of 2" in row for row in parties)
    (project,) = [" ".join(tr.text_content().split()) for tr in page.xpath("//table[@id='project-figures']/tbody/tr")]
    assert "Patent families analysed: 50%" in project and "Reports delivered: 0%" in project
    for table in list_tables(response):
        assert_stacks_on_a_phone(table)


def test_the_page_filtered_to_a_year_with_nothing(client, counted_project, cas_official):
    client.force_login(cas_official)
    year = timezone.localdate().year
    response = client.get(reverse("projects:figures"), {"year": str(year - 3)})
    assert "Nothing to count in this year." in response.text
    assert "No project to show." in response.text
