"""Call deadlines as calendar events, for the personal feed and the calendar page (protocol.calendar)."""

from django.conf import settings
from django.utils.translation import gettext as _

from protocol import calendar
from protocol.areas import Area
from protocol.calendar import CalendarEvent, EventKind
from protocol.notifications import identity

from .models import Call
from .selectors import calls_visible_to


def events_for(user, *, domain: str, start=None, end=None) -> list[CalendarEvent]:
    """The registry's calendar hook: the deadlines of the calls the reader may see, in [start, end) when given."""
    calls = calls_visible_to(user).filter(calendar.overlapping(start, end, starts="closes_at"))
    return [event_of(call, domain=domain) for call in calls.order_by("closes_at", "pk")]


def event_of(call: Call, *, domain: str) -> CalendarEvent:
    return CalendarEvent(
        uid=identity.unique_id("projects-call-deadline", call.pk, at=domain),
        sequence=0,
        start=call.closes_at,
        end=call.closes_at,
        summary=_("Call deadline: %(call)s") % {"call": call.title},
        url=f"{settings.SITE_URL}{call.get_absolute_url()}",
        area=Area.PROJECTS,
        kind=EventKind.DEADLINE,
    )
