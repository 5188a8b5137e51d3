"""The files a research project is exported as: its summary (PDF) and its milestones (CSV, XLSX).

Each is built from a project read by selectors.project_detail (team, milestones and deliverables prefetched),
in the reader's language; the views only check who asks and name the download."""

import csv
import io
import itertools
import unicodedata
from dataclasses import dataclass
from datetime import date

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from protocol.downloads import attachment_disposition
from protocol.pdf import html_to_pdf
from protocol.signoff.models import Decision

from . import selectors
from .models import ResearchProject, TeamRole
from .plan import against_baseline

# Excel's widest column is 255 characters; past this width a column only pushes the next off the screen.
MAX_COLUMN_WIDTH = 60


@dataclass(frozen=True)
class MilestoneLine:
    """One milestone as the exports list it."""

    title: str
    owner: str
    party: str
    baseline: date | None
    current: date
    done_on: date | None
    slip_days: int | None
    overdue: bool


def milestone_lines(project: ResearchProject, *, today: date) -> list[MilestoneLine]:
    milestones = list(project.milestones.all())
    owners = {m.pk: m.owner for m in milestones}
    return [
        MilestoneLine(
            title=row.title,
            owner=owners[row.id].full_name,
            party=owners[row.id].party.short_name if owners[row.id].party else "",
            baseline=row.baseline,
            current=row.current,
            done_on=row.actual,
            slip_days=row.slip_days,
            overdue=row.overdue,
        )
        for row in against_baseline(project, milestones, today=today)
    ]


def milestone_header() -> list[str]:
    return [
        _("Milestone"),
        _("Owner"),
        _("Party"),
        _("Baseline date"),
        _("Current date"),
        _("Done on"),
        _("Slip (days)"),
        _("Overdue"),
    ]


def _yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


def milestones_csv(lines: list[MilestoneLine]) -> bytes:
    """UTF-8 with a byte-order mark, without which Excel reads the Chinese as another code page; ISO dates."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(milestone_header())
    for line in lines:
        writer.writerow(
            [
                line.title,
                line.owner,
                line.party,
                line.baseline.isoformat() if line.baseline else "",
                line.current.isoformat(),
                line.done_on.isoformat() if line.done_on else "",
                "" if line.slip_days is None else line.slip_days,
                _yes_no(line.overdue),
            ]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def milestones_xlsx(lines: list[MilestoneLine], *, title: str) -> bytes:
    """A workbook of one sheet: a bold, frozen header row with a filter, dates as dates in the reader's format."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Milestones")[:31]  # Excel's limit on a sheet's name
    workbook.properties.title = title
    header = milestone_header()
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    date_format = pgettext("Excel number format of a date", "d mmm yyyy")
    for line in lines:
        sheet.append(
            [
                line.title,
                line.owner,
                line.party,
                line.baseline,
                line.current,
                line.done_on,
                line.slip_days,
                _yes_no(line.overdue),
            ]
        )
        for cell in sheet[sheet.max_row][3:6]:
            cell.number_format = date_format
    widths = [_display_width(text) for text in header]
    for line in lines:
        for index, text in enumerate((line.title, line.owner, line.party)):
            widths[index] = max(widths[index], _display_width(text))
    for index, width in enumerate(widths, start=1):
        # Dates need about 12 characters ("2026年12月31日" is 14 wide); the rest as wide as their text.
        width = max(width, 14) if 4 <= index <= 6 else width
        sheet.column_dimensions[get_column_letter(index)].width = min(width + 2, MAX_COLUMN_WIDTH)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _display_width(text: str) -> int:
    """Excel's column width counts characters of its default font: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


# The summary.


@dataclass(frozen=True)
class TeamOfParty:
    party: object
    members: list


@dataclass(frozen=True)
class DeliverableRecord:
    deliverable: object
    acceptances: list  # each party's acceptance of the pinned file (sign-off records), oldest first


def summary_pdf(project: ResearchProject, *, today: date) -> bytes:
    html = render_to_string("research/summary_pdf.html", summary_context(project, today=today))
    return html_to_pdf(html)


def summary_context(project: ResearchProject, *, today: date) -> dict:
    decisions = selectors.decisions_on_deliverables(project)
    versions = selectors.plan_versions_of(project)
    baseline = next((v for v in versions if project.baseline_id and v.pk == project.baseline_id), None)
    return {
        "project": project,
        "team": team_by_party(project),
        "milestones": milestone_lines(project, today=today),
        "deliverables": [
            DeliverableRecord(
                deliverable=d,
                acceptances=[
                    decision
                    for decision in decisions[d.pk]
                    if decision.decision == Decision.APPROVED and decision.sha256 == d.version_sha256
                ],
            )
            for d in project.deliverables.all()
        ],
        "baseline": baseline,
        "baseline_approvals": [d for d in baseline.decisions if d.decision == Decision.APPROVED] if baseline else [],
        "today": today,
        "generated_at": timezone.now(),
    }


def team_by_party(project: ResearchProject) -> list[TeamOfParty]:
    """The team party by party (the lead party first), each party's principal investigator first."""
    members = sorted(
        project.team.all(),
        key=lambda m: (
            m.party_id != project.lead_party_id,
            m.party.code,
            m.role != TeamRole.PRINCIPAL_INVESTIGATOR,
            m.role,
            m.user.full_name,
        ),
    )
    return [
        TeamOfParty(party=party, members=list(group))
        for party, group in itertools.groupby(members, key=lambda m: m.party)
    ]


# Download names: the project's title in the reader's language, an ASCII one for older browsers.


def disposition(project: ResearchProject, *, what: str, ascii_what: str, extension: str) -> str:
    stem = slugify(project.title) or slugify(project.title_other) or f"research-project-{project.pk}"
    return attachment_disposition(
        f"{project.titles.first} {what}.{extension}", ascii_filename=f"{stem}-{ascii_what}.{extension}"
    )
