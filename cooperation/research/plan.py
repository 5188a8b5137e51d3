"""The plan both parties approve: its content as one canonical value, hashed for the sign-off.

What is in it is what an amendment is about: objectives, expected outputs, dates, the team, the milestones
and the deliverables. Titles, topic, field and linked documents are description, changed without one."""

from dataclasses import dataclass
from datetime import date

from protocol.signoff.content import canonical_sha256

from .models import ResearchProject


def plan_content(project: ResearchProject) -> dict:
    """The plan as it stands in the project's rows, ids included so a baseline can be matched to them."""
    return {
        "objectives": project.objectives,
        "expected_outputs": project.expected_outputs,
        "start_date": project.start_date.isoformat(),
        "end_date": project.end_date.isoformat(),
        "team": sorted(
            (
                {"user": m.user_id, "name": m.user.full_name, "party": m.party.code, "role": m.role}
                for m in project.team.select_related("user", "party")
            ),
            key=lambda row: (row["party"], row["role"] != "pi", row["user"]),
        ),
        "milestones": [
            {
                "id": m.pk,
                "title": m.title,
                "due_date": m.due_date.isoformat(),
                "owner": m.owner_id,
                "owner_name": m.owner.full_name,
            }
            for m in project.milestones.select_related("owner").order_by("due_date", "pk")
        ],
        "deliverables": [
            {"id": d.pk, "title": d.title, "due_date": d.due_date.isoformat()}
            for d in project.deliverables.order_by("due_date", "pk")
        ],
    }


def plan_sha256(content: dict) -> str:
    return canonical_sha256(content)


@dataclass(frozen=True)
class MilestoneAgainstBaseline:
    """One milestone's baseline date (None when the baseline has no such milestone), current and actual."""

    id: int
    title: str
    baseline: date | None
    current: date
    actual: date | None
    today: date

    @property
    def expected(self) -> date:
        """When it is (or will at the earliest be) done: an open milestone past its date is not done before today."""
        return self.actual if self.actual is not None else max(self.current, self.today)

    @property
    def slip_days(self) -> int | None:
        """Days late against the baseline (negative: early); None for a milestone the baseline does not have."""
        return None if self.baseline is None else (self.expected - self.baseline).days

    @property
    def overdue(self) -> bool:
        return self.actual is None and self.current < self.today


def against_baseline(project: ResearchProject, milestones, *, today: date) -> list[MilestoneAgainstBaseline]:
    """Each current milestone beside its date in the baseline in force (none before the first approval)."""
    baseline = {row["id"]: row for row in (project.baseline.content["milestones"] if project.baseline else [])}
    return [
        MilestoneAgainstBaseline(
            id=m.pk,
            title=m.title,
            baseline=date.fromisoformat(baseline[m.pk]["due_date"]) if m.pk in baseline else None,
            current=m.due_date,
            actual=m.done_on,
            today=today,
        )
        for m in milestones
    ]
