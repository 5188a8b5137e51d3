"""The ledger's reminder: an activity left unconfirmed for a week goes back to the other party."""

from collections.abc import Iterator
from datetime import datetime, timedelta

from protocol.notifications.reminders import Due, reminder
from protocol.parties.selectors import coordinators_of_party_other_than

from .models import Activity, Status
from .notifications import ACTIVITY_UNCONFIRMED

CONFIRMATION_REMINDER_DAYS = 7


@reminder
def activities_waiting_for_confirmation(*, now: datetime) -> Iterator[Due]:
    waiting = Activity.objects.filter(
        status=Status.LOGGED, logged_at__lte=now - timedelta(days=CONFIRMATION_REMINDER_DAYS)
    ).select_related("party", "author")
    for activity in waiting:
        yield Due(
            kind=ACTIVITY_UNCONFIRMED,
            recipients=coordinators_of_party_other_than(activity.party),
            target=activity,
            params={
                "title": activity.title,
                "actor": activity.author.full_name,
                "days": (now - activity.logged_at).days,
            },
            # Logged again after a return, it is a new wait and earns a new reminder.
            dedupe_key=f"activity-unconfirmed:{activity.pk}:{activity.logged_at.isoformat()}",
        )
