"""Calendar events of every area, as iCalendar (RFC 5545 / 5546): invitations and the personal feed.

An area describes what belongs in a person's calendar as `CalendarEvent`s and registers
`AreaApp.calendar(user, *, domain)`; the personal feed asks every registered area, and the areas' invitation
e-mails attach `invitation(event, method=...)`. The iCalendar rules (UTC times, CANCELLED status, attendees
for RFC 5546 matching) live here once, for every area."""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from . import registry
from .notifications import identity

PRODID = "-//CAS-SIPO Cooperation Portal//Calendar//ZH-EN"
FEED_NAME = "CAS–SIPO cooperation"


@dataclass(frozen=True)
class Person:
    email: str
    name: str
    # RFC 5545 PARTSTAT: NEEDS-ACTION, ACCEPTED, DECLINED, TENTATIVE.
    partstat: str = "NEEDS-ACTION"


@dataclass(frozen=True)
class CalendarEvent:
    uid: str  # unique to this installation (identity.unique_id), stable across changes
    sequence: int  # bumped on every change, so calendar clients replace the older copy
    start: datetime
    end: datetime
    summary: str
    location: str = ""
    url: str = ""
    description: str = ""
    cancelled: bool = False
    attendees: Sequence[Person] = field(default_factory=tuple)
    organiser: Person | None = None


def events_for(user) -> list[CalendarEvent]:
    """What a person's calendar shows, from every area that registered a calendar, soonest first."""
    domain = identity.domain()  # one query for all the UIDs of all the areas
    events = [event for app in registry.registered() if app.calendar for event in app.calendar(user, domain=domain)]
    return sorted(events, key=lambda event: (event.start, event.uid))


def invitation(event: CalendarEvent, *, method: str) -> bytes:
    """One event as METHOD:REQUEST (new or updated) or METHOD:CANCEL; the UID ties them together."""
    calendar = _calendar(method=method)
    ics_event = _event(event, cancelled=event.cancelled or method == "CANCEL")
    # An invitation names its attendees (RFC 5546), so calendar clients can match and answer it.
    for person in event.attendees:
        if person.email:
            attendee = vCalAddress(f"mailto:{person.email}")
            attendee.params["cn"] = vText(person.name)
            attendee.params["partstat"] = vText(person.partstat)
            attendee.params["role"] = vText("REQ-PARTICIPANT")
            attendee.params["rsvp"] = vText("TRUE")
            ics_event.add("attendee", attendee, encode=0)
    calendar.add_component(ics_event)
    return calendar.to_ical()


def invitation_attachments(method: str, event_of: Callable[..., CalendarEvent]) -> Callable[..., list]:
    """`NotificationKind.attachments` for an area's invitation kinds: `event_of(target)` as invite.ics, made at
    delivery. Delivered late (a retry) after a cancellation, an invitation must not bring the event back."""

    def attach(target, params) -> list[tuple[str, bytes, str]]:
        event = event_of(target)
        sent = "CANCEL" if event.cancelled else method
        return [("invite.ics", invitation(event, method=sent), f"text/calendar; method={sent}")]

    return attach


def feed(events: Iterable[CalendarEvent], *, name: str = FEED_NAME) -> bytes:
    calendar = _calendar(method="PUBLISH")
    calendar.add("x-wr-calname", name)
    for event in events:
        calendar.add_component(_event(event, cancelled=event.cancelled))
    return calendar.to_ical()


def _calendar(*, method: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    return calendar


def _event(event: CalendarEvent, *, cancelled: bool) -> Event:
    ics_event = Event()
    ics_event.add("uid", event.uid)
    ics_event.add("sequence", event.sequence)
    ics_event.add("dtstamp", timezone.now().astimezone(UTC))
    ics_event.add("dtstart", event.start.astimezone(UTC))
    ics_event.add("dtend", event.end.astimezone(UTC))
    ics_event.add("summary", event.summary)
    ics_event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if event.url:
        ics_event.add("url", event.url)
    if event.location:
        ics_event.add("location", event.location)
    if event.description:
        ics_event.add("description", event.description)
    if event.organiser and event.organiser.email:
        organiser = vCalAddress(f"mailto:{event.organiser.email}")
        organiser.params["cn"] = vText(event.organiser.name)
        ics_event.add("organizer", organiser)
    return ics_event
