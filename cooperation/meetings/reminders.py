"""What the communication mechanism reminds people of; beat runs these through the notifications app."""

from collections.abc import Iterator
from datetime import datetime, timedelta

from django.utils import timezone

from protocol.notifications.reminders import Due, reminder
from protocol.parties.selectors import coordinators_of
from protocol.signoff.reminders import remind_parties_waiting

from .models import (
    ActionItem,
    ActionItemStatus,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesStatus,
    Rsvp,
)
from .notifications import ACTION_DUE_SOON, ACTION_DUE_TODAY, ACTION_OVERDUE, MEETING_TOMORROW, MINUTES_WAITING
from .selectors import parties_that_approve

DUE_SOON_DAYS = 3
OVERDUE_ESCALATION_DAYS = 7
MINUTES_REVIEW_DAYS = 3


def _when(meeting: Meeting) -> str:
    return timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d %H:%M")


@reminder
def meetings_tomorrow(*, now: datetime) -> Iterator[Due]:
    """Attendees who have not declined, the day before (in the portal's time zone)."""
    tomorrow = timezone.localdate(now) + timedelta(days=1)
    meetings = Meeting.objects.filter(status=MeetingStatus.SCHEDULED, starts_at__date=tomorrow)
    for meeting in meetings.prefetch_related("attendances__user"):
        yield Due(
            kind=MEETING_TOMORROW,
            recipients=[a.user for a in meeting.attendances.all() if a.rsvp != Rsvp.NOT_ATTENDING],
            target=meeting,
            params={"title": meeting.title, "when": _when(meeting)},
            # The date is in the key: a meeting moved to another day is reminded of again.
            dedupe_key=f"meeting-tomorrow:{meeting.pk}:{tomorrow.isoformat()}",
        )


@reminder
def action_items_due(*, now: datetime) -> Iterator[Due]:
    """Owners three days before and on the day; a week overdue, the owner's coordinators too."""
    today = timezone.localdate(now)
    open_items = ActionItem.objects.filter(status=ActionItemStatus.OPEN).select_related("meeting", "owner")
    stages = [
        # A missed beat run still reminds, as long as the stage has not passed.
        (ACTION_DUE_SOON, open_items.filter(due_date__gt=today, due_date__lte=today + timedelta(days=DUE_SOON_DAYS))),
        (ACTION_DUE_TODAY, open_items.filter(due_date=today)),
        (ACTION_OVERDUE, open_items.filter(due_date__lte=today - timedelta(days=OVERDUE_ESCALATION_DAYS))),
    ]
    for kind, items in stages:
        for item in items:
            people = [item.owner]
            if kind is ACTION_OVERDUE:
                people += list(coordinators_of([item.owner.party_id]))
            yield Due(
                kind=kind,
                recipients=people,
                target=item.meeting,
                params={
                    "title": item.meeting.title,
                    "action": item.description,
                    "due": item.due_date.isoformat(),
                    "owner": item.owner.full_name,
                    "item": item.pk,
                },
                dedupe_key=f"{kind.key}:{item.pk}:{item.due_date.isoformat()}",
            )


@reminder
def minutes_waiting_for_review(*, now: datetime) -> Iterator[Due]:
    """Coordinators of each party that has not yet reviewed minutes submitted three days ago."""
    cutoff = now - timedelta(days=MINUTES_REVIEW_DAYS)
    waiting = Minutes.objects.filter(
        status=MinutesStatus.IN_REVIEW, current_revision__submitted_at__lte=cutoff
    ).select_related("meeting", "current_revision")
    for minutes in waiting:
        revision = minutes.current_revision
        days = (now - revision.submitted_at).days
        # A party that asked for changes may still approve a revision submitted again unchanged.
        yield remind_parties_waiting(
            target=minutes,
            version=revision.version,
            required_parties=parties_that_approve(minutes.meeting),
            kind=MINUTES_WAITING,
            about=minutes.meeting,
            params={"title": minutes.meeting.title, "days": days, "revision": revision.number},
            # Submitted again (unchanged, after a request for changes), it is a new wait.
            dedupe_key=f"minutes-review:{revision.pk}:{revision.submitted_at.isoformat()}",
        )
