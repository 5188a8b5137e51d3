"""What the research area reminds people of; beat runs these through the notifications app."""

from collections.abc import Iterator
from datetime import datetime, timedelta

from django.utils import timezone

from protocol.notifications.reminders import Due, reminder

from .models import RUNNING, Milestone
from .notifications import MILESTONE_DUE_SOON, MILESTONE_DUE_TODAY, MILESTONE_OVERDUE
from .selectors import coordinators_for

DUE_SOON_DAYS = 7
OVERDUE_ESCALATION_DAYS = 7


@reminder
def milestones_due(*, now: datetime) -> Iterator[Due]:
    """Owners a week before and on the day; a week overdue, the project's coordinators too. Each once per
    milestone and due date: a milestone moved by an amendment is reminded of again."""
    today = timezone.localdate(now)
    open_milestones = Milestone.objects.filter(done_on__isnull=True, project__status__in=RUNNING).select_related(
        "project", "owner"
    )
    stages = [
        # A missed beat run still reminds, as long as the stage has not passed.
        (
            MILESTONE_DUE_SOON,
            open_milestones.filter(due_date__gt=today, due_date__lte=today + timedelta(days=DUE_SOON_DAYS)),
        ),
        (MILESTONE_DUE_TODAY, open_milestones.filter(due_date=today)),
        (MILESTONE_OVERDUE, open_milestones.filter(due_date__lte=today - timedelta(days=OVERDUE_ESCALATION_DAYS))),
    ]
    for kind, milestones in stages:
        for milestone in milestones:
            people = [milestone.owner]
            if kind is MILESTONE_OVERDUE:
                people += list(coordinators_for(milestone.project))
            yield Due(
                kind=kind,
                recipients=[person for person in people if person.is_active],
                target=milestone.project,
                params={
                    "title": milestone.project.title,
                    "milestone": milestone.title,
                    "milestone_id": milestone.pk,
                    "due": milestone.due_date.isoformat(),
                    "owner": milestone.owner.full_name,
                },
                dedupe_key=f"{kind.key}:{milestone.pk}:{milestone.due_date.isoformat()}",
            )
