"""The files project support is exported as: the applications to a call with every reviewer's scores (XLSX,
the organiser's working papers) and a project's contributions (CSV, XLSX).

Each is built from rows the selectors read, in the reader's language; the views only check who asks and name
the download."""

import csv
import io
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from protocol.downloads import attachment_disposition

from .models import Application, Call, Contribution, ContributionStatus, Project

# Excel's widest column is 255 characters; past this width a column only pushes the next off the screen.
MAX_COLUMN_WIDTH = 60


# A project's contributions.


@dataclass(frozen=True)
class ContributionLine:
    on: date
    kind: str
    quantity: Decimal
    contributor: str
    party: str
    description: str
    evidence: str  # the titles of the documents the reader may see, one per line
    status: str
    confirmed_on: date | None


def contribution_lines(contributions: list[Contribution]) -> list[ContributionLine]:
    """Rows of `selectors.contributions_listed` (their `visible_evidence` prefetched for the reader)."""
    zone = timezone.get_current_timezone()
    return [
        ContributionLine(
            on=row.on,
            kind=row.get_kind_display(),
            quantity=row.quantity,
            contributor=row.participant.user.full_name,
            party=row.party.short_name,
            description=row.description,
            evidence="\n".join(document.title for document in row.visible_evidence),
            status=row.get_status_display(),
            confirmed_on=timezone.localtime(row.confirmed_at, zone).date()
            if row.status == ContributionStatus.CONFIRMED and row.confirmed_at
            else None,
        )
        for row in contributions
    ]


def contribution_header() -> list[str]:
    return [
        _("Date"),
        _("Kind"),
        _("Quantity"),
        _("Contributor"),
        _("Party"),
        _("Description"),
        _("Evidence"),
        _("Status"),
        _("Confirmed on"),
    ]


def contributions_csv(lines: list[ContributionLine]) -> bytes:
    """UTF-8 with a byte-order mark, without which Excel reads the Chinese as another code page; ISO dates."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(contribution_header())
    for line in lines:
        writer.writerow(
            [
                line.on.isoformat(),
                line.kind,
                str(line.quantity),
                line.contributor,
                line.party,
                line.description,
                line.evidence,
                line.status,
                line.confirmed_on.isoformat() if line.confirmed_on else "",
            ]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def contributions_xlsx(lines: list[ContributionLine], *, title: str) -> bytes:
    header = contribution_header()
    rows = [
        [
            line.on,
            line.kind,
            line.quantity,
            line.contributor,
            line.party,
            line.description,
            line.evidence,
            line.status,
            line.confirmed_on,
        ]
        for line in lines
    ]
    return _workbook(_("Contributions"), title=title, header=header, rows=rows, date_columns={1, 9})


# The applications to a call, with every reviewer's scores.


@dataclass(frozen=True)
class ApplicationSheet:
    header: list[str]
    rows: list[list]


def applications_sheet(call: Call, applications: list[Application], reviewers: list) -> ApplicationSheet:
    """One row per application: who applied, when, each reviewer's score per criterion (empty where the
    reviewer has not submitted a review), the average of the submitted scores and the decision."""
    criteria = list(call.criteria.all())
    header = [_("Applicant"), _("Party"), _("Department"), _("Submitted")]
    header += [
        _("%(reviewer)s: %(criterion)s") % {"reviewer": person.full_name, "criterion": criterion.name}
        for person in reviewers
        for criterion in criteria
    ]
    header += [_("Average score"), _("Decision"), _("Decision comment")]
    zone = timezone.get_current_timezone()
    rows = []
    for application in applications:
        scores = {
            (review.reviewer_id, score.criterion_id): score.score
            for review in application.submitted_reviews
            for score in review.scores.all()
        }
        average = application.average
        rows.append(
            [
                application.applicant.full_name,
                application.applicant.party.short_name if application.applicant.party else "",
                application.applicant.department,
                timezone.localtime(application.submitted_at, zone).replace(tzinfo=None)
                if application.submitted_at
                else None,
                *[scores.get((person.pk, criterion.pk)) for person in reviewers for criterion in criteria],
                None if average is None else round(float(average), 2),
                application.get_status_display(),
                application.decision_comment,
            ]
        )
    return ApplicationSheet(header=header, rows=rows)


def applications_xlsx(sheet: ApplicationSheet, *, title: str) -> bytes:
    return _workbook(_("Applications"), title=title, header=sheet.header, rows=sheet.rows, date_columns={4})


def _workbook(name: str, *, title: str, header: list[str], rows: list[list], date_columns: set[int]) -> bytes:
    """One sheet: a bold, frozen header row with a filter, dates as dates in the reader's format, columns as
    wide as their text."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = name[:31]  # Excel's limit on a sheet's name
    workbook.properties.title = title
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    date_format = pgettext("Excel number format of a date", "d mmm yyyy")
    datetime_format = pgettext("Excel number format of a date and time", "d mmm yyyy hh:mm")
    widths = [_display_width(text) for text in header]
    for row in rows:
        sheet.append(row)
        for index, value in enumerate(row):
            if index + 1 in date_columns and value is not None:
                cell = sheet.cell(row=sheet.max_row, column=index + 1)
                cell.number_format = datetime_format if isinstance(value, datetime) else date_format
                widths[index] = max(widths[index], 16)
            elif isinstance(value, str):
                longest = max((_display_width(part) for part in value.splitlines()), default=0)
                widths[index] = max(widths[index], longest)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(width + 2, MAX_COLUMN_WIDTH)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _display_width(text: str) -> int:
    """Excel's column width counts characters of its default font: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


# Download names: the title in the reader's language, an ASCII one for older browsers.


def project_disposition(project: Project, *, what: str, ascii_what: str, extension: str) -> str:
    stem = slugify(project.title) or slugify(project.title_other) or f"project-{project.pk}"
    return attachment_disposition(
        f"{project.titles.first} {what}.{extension}", ascii_filename=f"{stem}-{ascii_what}.{extension}"
    )


def call_disposition(call: Call, *, what: str, ascii_what: str, extension: str) -> str:
    stem = slugify(call.title) or f"call-{call.pk}"
    return attachment_disposition(f"{call.title} {what}.{extension}", ascii_filename=f"{stem}-{ascii_what}.{extension}")
