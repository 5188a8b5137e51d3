"""Training sessions as calendar events: the enrolled get them by invitation and in their personal feed."""

from collections.abc import Iterable

from django.conf import settings

from protocol import calendar
from protocol.areas import Area
from protocol.calendar import CalendarEvent, EventKind, Person
from protocol.notifications import identity

from .models import HOLDS_SEAT, EnrolmentStatus, SessionStatus, TrainingSession
from .selectors import sessions_visible_to

PARTSTAT = {EnrolmentStatus.ENROLLED: "ACCEPTED", EnrolmentStatus.PENDING: "TENTATIVE"}


def invitation(session: TrainingSession, *, method: str) -> bytes:
    """The session as METHOD:REQUEST (new or changed) or METHOD:CANCEL, naming those holding a seat."""
    return calendar.invitation(invitation_event(session), method=method)


def invitation_event(session: TrainingSession) -> CalendarEvent:
    """The session as an invitation carries it: naming its attendees (RFC 5546)."""
    attendees = [
        Person(email=e.user.email, name=e.user.full_name, partstat=PARTSTAT[e.status])
        for e in session.enrolments.filter(status__in=HOLDS_SEAT).select_related("user").order_by("pk")
    ]
    return event_of(session, domain=identity.domain(), attendees=attendees)


def events_for(user, *, domain: str, start=None, end=None) -> list[CalendarEvent]:
    """The registry's calendar hook: the sessions `user` holds a seat on (enrolled, or waiting for approval)
    and may still see (those overlapping [start, end) when given); a cancelled one stays, marked cancelled, so
    calendar clients drop it."""
    sessions = (
        sessions_visible_to(user)
        .filter(enrolments__user_id=user.pk, enrolments__status__in=HOLDS_SEAT)
        .filter(calendar.overlapping(start, end, starts="starts_at", ends="ends_at"))
        .select_related("created_by")
        .order_by("starts_at", "pk")
    )
    return [event_of(session, domain=domain) for session in sessions]


def event_of(session: TrainingSession, *, domain: str, attendees: Iterable[Person] = ()) -> CalendarEvent:
    creator = session.created_by
    return CalendarEvent(
        uid=session.ics_uid_at(domain),
        sequence=session.sequence,
        start=session.starts_at,
        end=session.ends_at,
        summary=session.course.title,
        location=" · ".join(part for part in (session.location, session.online_link) if part),
        url=f"{settings.SITE_URL}{session.get_absolute_url()}",
        description=session.course.description,
        cancelled=session.status == SessionStatus.CANCELLED,
        attendees=tuple(attendees),
        organiser=Person(email=creator.email, name=creator.full_name) if creator.email else None,
        area=Area.TRAINING,
        kind=EventKind.SESSION,
    )
