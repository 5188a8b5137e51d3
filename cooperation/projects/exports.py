"""The files project support is exported as: the applications to a call with every reviewer's scores (XLSX,
the organiser's working papers) and a project's contributions (CSV, XLSX).

Each is built from rows the selectors read, in the reader's language; the views only check who asks and name
the download."""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from protocol.downloads import attachment_disposition
from protocol.exports import (
    DATE_WIDTH,
    Column,
    Export,
    choice,
    date_column,
    field_header,
    moment_column,
    party_name,
    person_name,
    xlsx_bytes,
)

from . import selectors
from .models import Application, Call, Contribution, ContributionStatus, Project

# A project's contributions: the list's own export (`?export=` on the contributions page, and its older
# `contributions.csv` / `.xlsx` addresses), and the coordinator's list of those to confirm.


def _confirmed_on(row: Contribution) -> date | None:
    if row.status != ContributionStatus.CONFIRMED or not row.confirmed_at:
        return None
    return timezone.localtime(row.confirmed_at).date()


CONTRIBUTIONS = Export(
    name=_lazy("Contributions"),
    ascii_name="contributions",
    columns=[
        date_column(_lazy("Date"), lambda row: row.on),
        Column(_lazy("Kind"), choice("kind")),
        Column(_lazy("Quantity"), lambda row: row.quantity),
        Column(_lazy("Contributor"), lambda row: person_name(row.participant.user)),
        Column(_lazy("Party"), lambda row: party_name(row.party)),
        Column(_lazy("Description"), lambda row: row.description, width=40),
        # The titles of the documents the reader may see (`visible_evidence`), one per line.
        Column(_lazy("Evidence"), lambda row: "\n".join(d.title for d in row.visible_evidence), width=40),
        Column(_lazy("Status"), choice("status")),
        date_column(_lazy("Confirmed on"), _confirmed_on),
    ],
)


def contributions_of_project(project: Project) -> Export:
    """CONTRIBUTIONS, its file named after the project in the reader's language."""
    stem = slugify(project.title) or slugify(project.title_other) or f"project-{project.pk}"
    return CONTRIBUTIONS.named(f"{project.titles.first} {_('contributions')}", ascii_name=f"{stem}-contributions")


CONTRIBUTIONS_TO_CONFIRM = Export(
    name=_lazy("Contributions to confirm"),
    ascii_name="contributions-to-confirm",
    columns=[
        Column(_lazy("Project"), lambda row: row.project.titles.first),
        Column(_lazy("Contributor"), lambda row: person_name(row.participant.user)),
        Column(_lazy("Party"), lambda row: party_name(row.participant.user.party)),
        date_column(_lazy("Date"), lambda row: row.on),
        Column(_lazy("Kind"), choice("kind")),
        Column(_lazy("Quantity"), lambda row: row.quantity),
        Column(_lazy("Description"), lambda row: row.description, width=40),
        moment_column(_lazy("Recorded"), lambda row: row.created_at),
    ],
)


# The project list, the open calls, and the lists of applications (the applicant's, the reviewer's, the
# coordinator's).


PROJECTS = Export(
    name=_lazy("IP projects"),
    ascii_name="ip-projects",
    columns=[
        Column(_lazy("IP project"), lambda p: p.titles.first),
        Column(field_header(Project, "title_other"), lambda p: p.titles.second),
        Column(_lazy("Type"), choice("project_type")),
        Column(_lazy("Organising party"), lambda p: party_name(p.organising_party)),
        date_column(field_header(Project, "starts_on"), lambda p: p.starts_on),
        date_column(field_header(Project, "ends_on"), lambda p: p.ends_on),
        Column(_lazy("Status"), choice("status")),
        moment_column(_lazy("Published"), lambda p: p.published_at),
    ],
)


CALLS = Export(
    name=_lazy("Calls for participation"),
    ascii_name="calls",
    columns=[
        Column(_lazy("Call"), lambda call: call.title),
        Column(_lazy("Project"), lambda call: call.project.titles.first),
        Column(_lazy("Organising party"), lambda call: party_name(call.project.organising_party)),
        Column(_lazy("What is sought"), lambda call: call.sought_text),
        Column(_lazy("Places"), lambda call: call.places),
        moment_column(field_header(Call, "opens_at"), lambda call: call.opens_at),
        moment_column(_lazy("Deadline"), lambda call: call.closes_at),
    ],
)

APPLICATION_COLUMNS = [
    Column(_lazy("Applicant"), lambda a: person_name(a.applicant)),
    Column(_lazy("Party"), lambda a: party_name(a.applicant.party)),
    Column(_lazy("Call"), lambda a: a.call.title),
    Column(_lazy("Project"), lambda a: a.call.project.titles.first),
    Column(_lazy("Status"), choice("status")),
    moment_column(field_header(Application, "submitted_at"), lambda a: a.submitted_at),
    moment_column(_lazy("Deadline"), lambda a: a.call.closes_at),
]

MY_APPLICATIONS = Export(name=_lazy("My applications"), ascii_name="my-applications", columns=APPLICATION_COLUMNS)
TO_REVIEW = Export(
    name=_lazy("Applications to review"), ascii_name="applications-to-review", columns=APPLICATION_COLUMNS
)


def _with_averages(applications: list, reader) -> None:
    selectors.given_averages(applications)


TO_DECIDE = Export(
    name=_lazy("Applications to decide"),
    ascii_name="applications-to-decide",
    prepare=_with_averages,
    columns=[
        *APPLICATION_COLUMNS,
        Column(_lazy("Average score"), lambda a: None if a.average is None else round(float(a.average), 2)),
    ],
)


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
    columns = [
        Column(header, lambda row, index=index: row[index], width=DATE_WIDTH if index == 3 else None)
        for index, header in enumerate(sheet.header)
    ]
    return xlsx_bytes(columns, sheet.rows, sheet=_("Applications"), title=title)


# Download names: the title in the reader's language, an ASCII one for older browsers.


def call_disposition(call: Call, *, what: str, ascii_what: str, extension: str) -> str:
    stem = slugify(call.title) or f"call-{call.pk}"
    return attachment_disposition(f"{call.title} {what}.{extension}", ascii_filename=f"{stem}-{ascii_what}.{extension}")
