"""What training reminds people of; beat runs these through the notifications app."""

from collections.abc import Iterator
from datetime import datetime, timedelta

from django.db.models import Prefetch
from django.utils import timezone

from protocol.notifications.reminders import Due, reminder

from .models import HOLDS_SEAT, Enrolment, SessionStatus, TrainingSession
from .notifications import SESSION_TOMORROW


def _when(session: TrainingSession) -> str:
    return timezone.localtime(session.starts_at).strftime("%Y-%m-%d %H:%M")


@reminder
def sessions_tomorrow(*, now: datetime) -> Iterator[Due]:
    """The enrolled, the day before (in the portal's time zone); those still waiting for approval hold a seat
    and are reminded too, the waitlisted are not."""
    tomorrow = timezone.localdate(now) + timedelta(days=1)
    holding = Enrolment.objects.filter(status__in=HOLDS_SEAT).select_related("user")
    sessions = (
        TrainingSession.objects.filter(status=SessionStatus.SCHEDULED, starts_at__date=tomorrow)
        .select_related("course")
        .prefetch_related(Prefetch("enrolments", queryset=holding, to_attr="holding"))
    )
    for session in sessions:
        if not session.holding:
            continue
        yield Due(
            kind=SESSION_TOMORROW,
            recipients=[enrolment.user for enrolment in session.holding],
            target=session,
            params={"title": session.course.title, "when": _when(session)},
            # The date is in the key: a session moved to another day is reminded of again.
            dedupe_key=f"training-tomorrow:{session.pk}:{tomorrow.isoformat()}",
        )
