"""Meetings as calendar events: what protocol.calendar turns into invitations and the personal feed."""

from collections.abc import Iterable

from django.conf import settings

from protocol import calendar
from protocol.areas import Area
from protocol.calendar import CalendarEvent, EventKind, Person
from protocol.notifications import identity

from .models import Meeting, MeetingStatus, Rsvp
from .selectors import meetings_in_calendar_of

PARTSTAT = {
    Rsvp.PENDING: "NEEDS-ACTION",
    Rsvp.ATTENDING: "ACCEPTED",
    Rsvp.NOT_ATTENDING: "DECLINED",
    Rsvp.MAYBE: "TENTATIVE",
}


def invitation(meeting: Meeting, *, method: str) -> bytes:
    """One meeting as METHOD:REQUEST (new or updated) or METHOD:CANCEL; the UID ties them together."""
    return calendar.invitation(invitation_event(meeting), method=method)


def invitation_event(meeting: Meeting) -> CalendarEvent:
    """The meeting as an invitation carries it: naming its attendees (RFC 5546)."""
    attendees = [
        Person(email=a.user.email, name=a.user.full_name, partstat=PARTSTAT[a.rsvp])
        for a in meeting.attendances.select_related("user")
    ]
    return event_of(meeting, domain=identity.domain(), attendees=attendees)


def feed(meetings: Iterable[Meeting]) -> bytes:
    domain = identity.domain()
    return calendar.feed(event_of(meeting, domain=domain) for meeting in meetings)


def events_for(user, *, domain: str, start=None, end=None) -> list[CalendarEvent]:
    """The registry's calendar hook: the meetings `user` is invited to and may still see (those overlapping
    [start, end) when given)."""
    window = calendar.overlapping(start, end, starts="starts_at", ends="ends_at")
    meetings = meetings_in_calendar_of(user).filter(window)
    return [event_of(meeting, domain=domain) for meeting in meetings]


def event_of(meeting: Meeting, *, domain: str, attendees: Iterable[Person] = ()) -> CalendarEvent:
    creator = meeting.created_by
    return CalendarEvent(
        uid=meeting.ics_uid_at(domain),
        sequence=meeting.sequence,
        start=meeting.starts_at,
        end=meeting.ends_at,
        summary=meeting.title,
        location=" · ".join(part for part in (meeting.location, meeting.online_link) if part),
        url=f"{settings.SITE_URL}{meeting.get_absolute_url()}",
        description="\n".join(f"{item.position}. {item.title}" for item in meeting.agenda.all()),
        cancelled=meeting.status == MeetingStatus.CANCELLED,
        attendees=tuple(attendees),
        organiser=Person(email=creator.email, name=creator.full_name) if creator.email else None,
        area=Area.COMMUNICATION,
        kind=EventKind.MEETING,
    )
