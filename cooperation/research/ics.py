"""Research milestones as all-day calendar events, for the personal feed and the calendar page (protocol.calendar)."""

from django.conf import settings
from django.utils.translation import gettext as _

from protocol import calendar
from protocol.areas import Area
from protocol.calendar import CalendarEvent, EventKind
from protocol.notifications import identity

from .models import Milestone
from .selectors import milestones_in_calendar_of


def events_for(user, *, domain: str, start=None, end=None) -> list[CalendarEvent]:
    """The registry's calendar hook: the milestones of the reader's projects due in [start, end) when given."""
    milestones = milestones_in_calendar_of(user).filter(calendar.overlapping_days(start, end, on="due_date"))
    return [event_of(milestone, domain=domain) for milestone in milestones.order_by("due_date", "pk")]


def event_of(milestone: Milestone, *, domain: str) -> CalendarEvent:
    starts, ends = calendar.all_day(milestone.due_date)
    project = milestone.project
    return CalendarEvent(
        uid=identity.unique_id("research-milestone", milestone.pk, at=domain),
        sequence=0,
        start=starts,
        end=ends,
        summary=_("Milestone: %(milestone)s (%(project)s)") % {"milestone": milestone.title, "project": project.title},
        url=f"{settings.SITE_URL}{project.get_absolute_url()}",
        area=Area.RESEARCH,
        kind=EventKind.MILESTONE,
        all_day=True,
    )
