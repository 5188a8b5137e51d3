"""A research project's exports: the summary PDF, the milestones as CSV and as an Excel workbook."""

import csv
import io
import re
from datetime import timedelta
from urllib.parse import quote

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from pypdf import PdfReader

from cooperation.research import services
from cooperation.research.models import ResearchProject, TeamRole
from cooperation.research.services import DeliverableRow, Member, MilestoneRow
from protocol.audit.models import Action, Entry
from protocol.parties.models import Language
from tests.research.conftest import TITLE, dates

EXPORTS = ["summary_pdf", "milestones_csv", "milestones_xlsx"]
HEADER_EN = ["Milestone", "Owner", "Party", "Baseline date", "Current date", "Done on", "Slip (days)", "Overdue"]


def url(name: str, project) -> str:
    return reverse(f"research:{name}", args=[project.pk])


def reads(person, language):
    person.preferred_language = language
    person.save(update_fields=["preferred_language"])
    return person


def pdf_text(content: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def flat(text: str) -> str:
    """The text without the spaces and line breaks a PDF's layout puts inside words and long hashes."""
    return re.sub(r"\s+", "", text)


@pytest.fixture
def slipped_project(active_project, project_fields, cas_official):
    """The active project amended after approval: its first milestone 9 days later than in the baseline."""
    project = ResearchProject.objects.get(pk=active_project.pk)
    rows = [
        MilestoneRow(
            id=m.pk,
            title=m.title,
            due_date=m.due_date + timedelta(days=9) if m.title == "Search strategy agreed" else m.due_date,
            owner=m.owner,
        )
        for m in project.milestones.order_by("due_date", "pk")
    ]
    deliverables = [DeliverableRow(id=d.pk, title=d.title, due_date=d.due_date) for d in project.deliverables.all()]
    return services.project_update(
        project=project, by=cas_official, fields=project_fields(milestones=rows, deliverables=deliverables)
    )


@pytest.fixture
def accepted(active_project, research_report, cas_official, sipo_official):
    """The project's deliverable, its file accepted by the PI of each party."""
    deliverable = active_project.deliverables.get()
    deliverable = services.deliverable_submit(deliverable=deliverable, by=cas_official, document=research_report)
    for pi in (cas_official, sipo_official):
        services.deliverable_accept(deliverable=deliverable, by=pi, version=deliverable.version.label)
    deliverable.refresh_from_db()
    return deliverable


# The summary.


@pytest.mark.parametrize(
    ("language", "words", "lead_party"),
    [
        (Language.ENGLISH, ["Objectives", "Deliverables", "Approved by"], "Chinese Academy of Sciences"),
        (Language.CHINESE, ["批准人", "负责人"], "中国科学院"),
    ],
)
def test_the_summary_pdf_has_the_chinese_title_and_the_accepted_files_hash_in_either_language(
    client, active_project, accepted, sipo_official, cas_coordinator, sipo_coordinator, language, words, lead_party
):
    client.force_login(reads(sipo_official, language))
    response = client.get(url("summary_pdf", active_project))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert TITLE in flat(text)  # rendered with a CJK font, not as boxes
    assert "Patent navigation: quantum computing" in text
    assert accepted.version_sha256 in flat(text)
    baseline = ResearchProject.objects.select_related("baseline").get(pk=active_project.pk).baseline
    assert baseline.sha256 in flat(text)
    # Who accepted the file and who approved the plan, for each party.
    for person in ("Li Ming", "Wang Fang", cas_coordinator.full_name, sipo_coordinator.full_name):
        assert flat(person) in flat(text)
    assert all(flat(word) in flat(text) for word in words) and flat(lead_party) in flat(text)
    start = active_project.start_date
    day = (
        f"{start.year}年{start.month}月{start.day}日" if language == Language.CHINESE else f"{start.day} {start:%b %Y}"
    )
    assert flat(day) in flat(text)


def test_the_summary_lists_each_milestone_with_its_slip(client, slipped_project, sipo_official):
    client.force_login(reads(sipo_official, Language.ENGLISH))
    text = pdf_text(client.get(url("summary_pdf", slipped_project)).content)
    assert "being amended" in text  # the baseline in force is the one approved, not the edited rows
    for title in ("Search strategy agreed", "Data set complete", "Draft report"):
        assert title in text
    assert re.search(r"Search strategy agreed.*\s9\s", text, re.S)


def test_a_draft_summary_says_there_is_no_baseline_yet(client, draft_project, cas_official):
    client.force_login(reads(cas_official, Language.ENGLISH))
    response = client.get(url("summary_pdf", draft_project))
    assert response.status_code == 200
    assert "No plan has been approved by both parties yet" in pdf_text(response.content)


def test_the_downloads_are_named_after_the_project_in_the_readers_language(client, active_project, sipo_official):
    client.force_login(reads(sipo_official, Language.ENGLISH))
    assert client.get(url("milestones_csv", active_project))["Content-Disposition"] == (
        'attachment; filename="patent-navigation-quantum-computing-milestones.csv"; '
        "filename*=UTF-8''Patent%20navigation-%20quantum%20computing%20milestones.csv"
    )
    assert client.get(url("summary_pdf", active_project))["Content-Disposition"] == (
        'attachment; filename="patent-navigation-quantum-computing-summary.pdf"; '
        "filename*=UTF-8''Patent%20navigation-%20quantum%20computing%20summary.pdf"
    )
    client.force_login(reads(sipo_official, Language.CHINESE))
    disposition = client.get(url("milestones_xlsx", active_project))["Content-Disposition"]
    assert disposition.startswith('attachment; filename="patent-navigation-quantum-computing-milestones.xlsx"; ')
    assert f"filename*=UTF-8''{quote(TITLE)}%20" in disposition and disposition.endswith(".xlsx")


# The milestones as a spreadsheet.


def test_the_csv_has_a_bom_a_header_and_one_row_per_milestone_with_its_slip(client, slipped_project, sipo_official):
    client.force_login(reads(sipo_official, Language.ENGLISH))
    response = client.get(url("milestones_csv", slipped_project))
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith("\ufeff".encode())
    header, *rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert header == HEADER_EN
    first = slipped_project.milestones.get(title="Search strategy agreed")
    assert [row[0] for row in rows] == ["Search strategy agreed", "Data set complete", "Draft report"]
    assert rows[0] == [
        "Search strategy agreed",
        "Li Ming",
        "CAS",
        date_format(first.due_date - timedelta(days=9), "DATE_FORMAT"),  # in the reader's format
        date_format(first.due_date, "DATE_FORMAT"),
        "",
        "9",
        "No",
    ]
    assert [row[6] for row in rows[1:]] == ["0", "0"] and rows[1][1:3] == ["Wang Fang", "CNIPA"]


def test_the_csv_reads_in_chinese_for_a_chinese_reader(client, active_project, sipo_official):
    client.force_login(reads(sipo_official, Language.CHINESE))
    text = client.get(url("milestones_csv", active_project)).content.decode("utf-8-sig")
    header, *rows = list(csv.reader(io.StringIO(text)))
    assert header[1] == "负责人" and header != HEADER_EN  # the catalogue's "Owner"
    assert [row[2] for row in rows] == ["中科院", "国知局", "中科院"]


def test_the_xlsx_is_a_workbook_with_the_same_rows_dates_as_dates(client, slipped_project, sipo_official):
    client.force_login(reads(sipo_official, Language.ENGLISH))
    response = client.get(url("milestones_xlsx", slipped_project))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header, *rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert header == HEADER_EN
    first = slipped_project.milestones.get(title="Search strategy agreed")
    title, owner, party, baseline, current, done_on, slip, overdue = rows[0]
    assert (title, owner, party, slip, overdue, done_on) == ("Search strategy agreed", "Li Ming", "CAS", 9, "No", None)
    # openpyxl reads a date cell back as a datetime at midnight.
    assert (baseline.date(), current.date()) == (first.due_date - timedelta(days=9), first.due_date)
    assert sheet["D2"].is_date and sheet["D2"].number_format == "d mmm yyyy"
    # The same rows as the CSV, cell for cell.
    text = client.get(url("milestones_csv", slipped_project)).content.decode("utf-8-sig")
    as_text = [
        ["" if v is None else date_format(v.date(), "DATE_FORMAT") if hasattr(v, "date") else str(v) for v in row]
        for row in rows
    ]
    assert as_text == list(csv.reader(io.StringIO(text)))[1:]
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.bold
    assert sheet.column_dimensions["A"].width >= len("Search strategy agreed")


def test_the_xlsx_shows_a_done_milestone_and_an_overdue_one(client, active_project, cas_official, time_machine):
    milestone = active_project.milestones.get(title="Search strategy agreed")
    done_on = timezone.localdate()
    services.milestone_complete(milestone=milestone, by=cas_official, done_on=done_on)
    second = active_project.milestones.get(title="Data set complete")
    # Three days past the second milestone's date, still open: overdue, and slipping a day each day.
    time_machine.move_to(timezone.now() + timedelta(days=(second.due_date - done_on).days + 3))
    client.force_login(reads(cas_official, Language.ENGLISH))
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(url("milestones_xlsx", active_project)).content)).active
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["Search strategy agreed"][5].date() == done_on
    assert rows["Search strategy agreed"][6:] == ((done_on - milestone.due_date).days, "No")
    assert rows["Data set complete"][5] is None and rows["Data set complete"][6:] == (3, "Yes")
    assert rows["Draft report"][6:] == (0, "No")


def test_the_chinese_workbook_has_the_chinese_header_and_real_dates(client, active_project, sipo_official):
    client.force_login(reads(sipo_official, Language.CHINESE))
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(url("milestones_xlsx", active_project)).content)).active
    assert sheet["B1"].value == "负责人"
    assert sheet["E2"].is_date


# Who may export.


@pytest.mark.parametrize("name", EXPORTS)
def test_the_other_party_gets_404_for_a_drafts_exports_and_its_own_party_gets_them(
    client, draft_project, sipo_official, cas_coordinator, name
):
    client.force_login(sipo_official)
    assert client.get(url(name, draft_project)).status_code == 404
    client.force_login(cas_coordinator)
    assert client.get(url(name, draft_project)).status_code == 200


@pytest.mark.parametrize("name", EXPORTS)
def test_an_internal_project_is_exported_to_its_own_party_only(
    client, make_project, cas_official, sipo_official, cas, name
):
    start, _end = dates()
    project = make_project(
        internal=True,
        team=[Member(user=cas_official, role=TeamRole.PRINCIPAL_INVESTIGATOR, party_id=cas.pk)],
        milestones=[MilestoneRow(title="Internal review", due_date=start + timedelta(days=20), owner=cas_official)],
    )
    project = services.project_propose(project=project, by=cas_official)
    client.force_login(sipo_official)
    assert client.get(url(name, project)).status_code == 404
    client.force_login(cas_official)
    assert client.get(url(name, project)).status_code == 200


@pytest.mark.parametrize("name", EXPORTS)
def test_the_outsider_gets_404_and_the_anonymous_the_login_page(client, active_project, outsider, sipo_official, name):
    client.force_login(outsider)
    assert client.get(url(name, active_project)).status_code == 404
    client.logout()
    response = client.get(url(name, active_project))
    assert response.status_code == 302 and reverse("login") in response["Location"]
    client.force_login(sipo_official)
    assert client.get(url(name, active_project)).status_code == 200


@pytest.mark.parametrize("name", EXPORTS)
def test_an_unknown_project_is_404(client, sipo_official, name):
    client.force_login(sipo_official)
    assert client.get(reverse(f"research:{name}", args=[999999])).status_code == 404


@pytest.mark.parametrize("name", EXPORTS)
def test_an_export_is_read_only(client, active_project, sipo_official, name):
    client.force_login(sipo_official)
    assert client.post(url(name, active_project)).status_code == 405


# Cost.


@pytest.mark.parametrize("name", EXPORTS)
def test_an_export_costs_the_same_for_1_and_20_milestones(
    client, make_project, approve_plan, cas_official, sipo_official, name
):
    start, _end = dates()

    def approved(count):
        rows = [
            MilestoneRow(title=f"Milestone {n}", due_date=start + timedelta(days=10 + n), owner=cas_official)
            for n in range(count)
        ]
        project = services.project_propose(project=make_project(milestones=rows), by=cas_official)
        return approve_plan(project)

    one, twenty = approved(1), approved(20)
    client.force_login(sipo_official)
    client.get(url(name, one))  # caches that are not the export's (content types, the session) are filled

    def cost(project):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(name, project)).status_code == 200
        return len(queries)

    assert cost(one) == cost(twenty)
    assert twenty.milestones.count() == 20


@pytest.mark.parametrize(("name", "fmt"), [("milestones_csv", "csv"), ("milestones_xlsx", "xlsx")])
def test_a_milestones_export_enters_the_audit_trail(client, active_project, sipo_official, name, fmt):
    client.force_login(sipo_official)
    assert client.get(url(name, active_project), REMOTE_ADDR="192.0.2.3").status_code == 200
    (entry,) = Entry.objects.filter(action=Action.EXPORT)
    assert (entry.actor, entry.remote_addr, entry.object_id) == (sipo_official, "192.0.2.3", active_project.pk)
    assert entry.additional_data["format"] == fmt
