"""The files a research project is exported as: its summary (PDF) and its milestones (CSV, XLSX).

Each is built from a project read by selectors.project_detail (team, milestones and deliverables prefetched),
in the reader's language; the views only check who asks and name the download."""

import itertools
from dataclasses import dataclass
from datetime import date

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from protocol.downloads import attachment_disposition
from protocol.exports import Column, Export, choice, csv_bytes, date_column, field_header, party_name, xlsx_bytes
from protocol.pdf import html_to_pdf
from protocol.signoff.models import Decision

from . import selectors
from .models import ResearchProject, TeamRole
from .plan import against_baseline


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


MILESTONE_COLUMNS = [
    Column(_lazy("Milestone"), lambda line: line.title, width=40),
    Column(_lazy("Owner"), lambda line: line.owner),
    Column(_lazy("Party"), lambda line: line.party),
    date_column(_lazy("Baseline date"), lambda line: line.baseline),
    date_column(_lazy("Current date"), lambda line: line.current),
    date_column(_lazy("Done on"), lambda line: line.done_on),
    Column(_lazy("Slip (days)"), lambda line: line.slip_days),
    Column(_lazy("Overdue"), lambda line: line.overdue),
]


def milestones_csv(lines: list[MilestoneLine]) -> bytes:
    return csv_bytes(MILESTONE_COLUMNS, lines)


def milestones_xlsx(lines: list[MilestoneLine], *, title: str) -> bytes:
    return xlsx_bytes(MILESTONE_COLUMNS, lines, sheet=_("Milestones"), title=title)


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


# The project list (`?export=csv|xlsx` on it): every project of the scope the reader is on, filtered.


def _header(name: str):
    return field_header(ResearchProject, name)


PROJECTS = Export(
    name=_lazy("Research projects"),
    ascii_name="research-projects",
    columns=[
        Column(_lazy("Title"), lambda p: p.titles.first),
        Column(_header("title_other"), lambda p: p.titles.second),
        Column(_lazy("Lead party"), lambda p: party_name(p.lead_party)),
        Column(_header("internal"), lambda p: p.internal),
        Column(_lazy("Status"), choice("status")),
        Column(_lazy("Plan"), choice("plan_state")),
        date_column(_header("start_date"), lambda p: p.start_date),
        date_column(_header("end_date"), lambda p: p.end_date),
        Column(_lazy("Technology field"), lambda p: p.technology_field),
        Column(_header("ipc_classes"), lambda p: p.ipc_classes),
        Column(_header("topic"), lambda p: p.topic, width=40),
    ],
)
