"""The agreement's dates as calendar events: the end of its term, its reviews and renewal decisions."""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from protocol.calendar import CalendarEvent
from protocol.notifications import identity
from protocol.visibility import has_party

from .models import DateKind
from .selectors import agreement_current, dates_between


def events_for(
    user, *, domain: str, start: date | datetime | None = None, end: date | datetime | None = None, **kwargs
) -> list[CalendarEvent]:
    """The registry's calendar hook: the agreement's dates for staff of the parties, within [start, end] when
    given (dates or moments, either end open)."""
    if not has_party(user):
        return []
    rows = dates_between(agreement_current(), start=_day(start), end=_day(end))
    return [_event(what, on, row, domain=domain) for what, on, row in rows]


def _day(value: date | datetime | None) -> date | None:
    if isinstance(value, datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value


def _event(what: str, on: date, row, *, domain: str) -> CalendarEvent:
    # A whole day in Beijing time; the sequence follows the row's last change, so a moved date replaces the old.
    start = timezone.make_aware(datetime.combine(on, time.min))
    summary = {
        "term_end": _("The cooperation agreement's term ends"),
        DateKind.REVIEW: _("Review of the cooperation agreement"),
        DateKind.RENEWAL: _("Decision on renewing the cooperation agreement"),
    }[what]
    note = getattr(row, "note", "")
    return CalendarEvent(
        uid=identity.unique_id(f"agreement-{what}" if what == "term_end" else "agreement-date", row.pk, at=domain),
        sequence=int(row.updated_at.timestamp()),
        start=start,
        end=start + timedelta(days=1),
        summary=summary,
        url=f"{settings.SITE_URL}{reverse('about')}",
        description=note,
    )
