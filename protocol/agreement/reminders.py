"""The agreement's dates, reminded to the coordinators of both parties 180, 90 and 30 days ahead."""

from collections.abc import Iterator
from datetime import datetime, timedelta

from django.utils import timezone

from protocol.notifications.reminders import Due, reminder
from protocol.parties.models import Party
from protocol.parties.selectors import coordinators_of

from .notifications import DATE_REMINDER, TERM_END_REMINDER
from .selectors import agreement_current, dates_between

# Days before a date; each is reminded once per date (a date moved is reminded of again).
THRESHOLDS = (180, 90, 30)


@reminder
def agreement_dates_due(*, now: datetime) -> Iterator[Due]:
    """For the term's end and each review or renewal date ahead: the nearest threshold reached. A missed beat
    run still reminds, but of the current threshold only, never of one already passed."""
    today = timezone.localdate(now)
    agreement = agreement_current()
    dates = dates_between(agreement, start=today, end=today + timedelta(days=max(THRESHOLDS)))
    if not dates:
        return
    coordinators = list(coordinators_of(Party.objects.values_list("pk", flat=True)))
    for what, on, row in dates:
        days_left = (on - today).days
        threshold = min(days for days in THRESHOLDS if days >= days_left)
        kind = TERM_END_REMINDER if what == "term_end" else DATE_REMINDER
        yield Due(
            kind=kind,
            recipients=coordinators,
            target=agreement,
            params={"due": on.isoformat(), "days": days_left, "what": what},
            dedupe_key=f"{kind.key}:{row._meta.model_name}-{row.pk}:{on.isoformat()}:{threshold}",
        )
