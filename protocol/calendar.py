"""Calendar events of every area, as iCalendar (RFC 5545 / 5546): invitations and the personal feed.

An area describes what belongs in a person's calendar as `CalendarEvent`s and registers
`AreaApp.calendar(user, *, domain, start=None, end=None)`; the personal feed and the calendar page (a month or a
week: `start` / `end`, so no area reads years of events for it) ask every registered area, and the areas' invitation
e-mails attach `invitation(event, method=...)`. The iCalendar rules (UTC times, CANCELLED status, attendees
for RFC 5546 matching) live here once, for every area."""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from icalendar import Calendar, Event, vCalAddress, vText

from . import registry
from .areas import Area
from .notifications import identity
from .notifications.kinds import NotificationKind, register
from .notifications.selectors import emailed_about
from .visibility import has_party

PRODID = "-//CAS-SIPO Cooperation Portal//Calendar//ZH-EN"
FEED_NAME = "CAS–SIPO cooperation"


@dataclass(frozen=True)
class Person:
    email: str
    name: str
    # RFC 5545 PARTSTAT: NEEDS-ACTION, ACCEPTED, DECLINED, TENTATIVE.
    partstat: str = "NEEDS-ACTION"


class EventKind(models.TextChoices):
    MEETING = "meeting", _("Meeting")
    SESSION = "session", _("Training session")
    MILESTONE = "milestone", _("Milestone")
    DEADLINE = "deadline", _("Deadline")
    DATE = "date", pgettext_lazy("calendar", "Date")


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
    area: Area | None = None
    kind: str = ""  # an EventKind
    # A whole day (a milestone's due date): `start` is that day's midnight in Beijing time, `end` the next's.
    all_day: bool = False

    @property
    def kind_label(self) -> str:
        return EventKind(self.kind).label if self.kind in EventKind.values else ""


def events_for(user, *, start: datetime | None = None, end: datetime | None = None) -> list[CalendarEvent]:
    """What a person's calendar shows, from every area that registered a calendar, soonest first; given a window,
    only the events overlapping it (each area reads just those)."""
    domain = identity.domain()  # one query for all the UIDs of all the areas
    events = [
        event
        for app in registry.registered()
        if app.calendar
        for event in app.calendar(user, domain=domain, start=start, end=end)
    ]
    return sorted(events, key=lambda event: (event.start, event.uid))


def overlapping(start: datetime | None, end: datetime | None, *, starts: str, ends: str | None = None) -> Q:
    """The filter of an area's rows whose time (`starts` to `ends`, field paths; a moment when `ends` is None)
    overlaps the window [start, end); no window, no filter."""
    condition = Q()
    if end is not None:
        condition &= Q(**{f"{starts}__lt": end})
    if start is not None:
        condition &= Q(**{f"{ends}__gt": start}) if ends else Q(**{f"{starts}__gte": start})
    return condition


def overlapping_days(start: datetime | None, end: datetime | None, *, on: str) -> Q:
    """The same for rows of one day (a DateField `on`), the days read in Beijing time."""
    condition = Q()
    if end is not None:
        condition &= Q(**{f"{on}__lt": timezone.localdate(end - timedelta(microseconds=1)) + timedelta(days=1)})
    if start is not None:
        condition &= Q(**{f"{on}__gte": timezone.localdate(start)})
    return condition


def day_start(day: date) -> datetime:
    """Midnight of `day` in the portal's time zone (Beijing time), for windows and all-day events."""
    return timezone.make_aware(datetime.combine(day, time.min))


def all_day(day: date) -> tuple[datetime, datetime]:
    """An all-day event's (start, end) on `day`."""
    return day_start(day), day_start(day + timedelta(days=1))


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

    def attach(target, params, recipient=None) -> list[tuple[str, bytes, str]]:
        event = event_of(target)
        sent = "CANCEL" if event.cancelled else method
        return [("invite.ics", invitation(event, method=sent), f"text/calendar; method={sent}")]

    return attach


def withdrawal(event: CalendarEvent, *, attendee_email: str) -> bytes:
    """A METHOD:CANCEL that takes one attendee off an event and says nothing else of it, for a reader who may no
    longer know the event (made internal to the other party). RFC 5546 §3.2.5 asks no more than the UID of the
    original request, a SEQUENCE above it, DTSTAMP, ORGANIZER and the attendees removed; without STATUS, as an
    uninvitation must be, and without DTSTART, which RFC 5545 does not require where METHOD is given."""
    calendar = _calendar(method="CANCEL")
    ics_event = Event()
    ics_event.add("uid", event.uid)
    ics_event.add("sequence", event.sequence)
    ics_event.add("dtstamp", timezone.now().astimezone(UTC))
    # The address alone (no name): the one the invitation came from, so the calendar matches the two.
    if event.organiser and event.organiser.email:
        ics_event.add("organizer", vCalAddress(f"mailto:{event.organiser.email}"))
    if attendee_email:
        ics_event.add("attendee", vCalAddress(f"mailto:{attendee_email}"), encode=0)
    calendar.add_component(ics_event)
    return calendar.to_ical()


def withdrawal_attachments(event_of: Callable[..., CalendarEvent]) -> Callable[..., list]:
    """`NotificationKind.attachments` for a withdrawal: the recipient's `withdrawal` of `event_of(target)` as
    invite.ics, made at delivery (with the sequence of that moment, above any invitation they were sent)."""

    def attach(target, params, recipient=None) -> list[tuple[str, bytes, str]]:
        content = withdrawal(event_of(target), attendee_email=recipient.email if recipient else "")
        return [("invite.ics", content, "text/calendar; method=CANCEL")]

    return attach


def withdrawal_kind(
    *,
    key: str,
    subject,
    area: str,
    rows: QuerySet,
    visible_to: Callable[..., QuerySet],
    invitations: Iterable[NotificationKind],
    event_of: Callable[..., CalendarEvent],
    link: Callable[..., str],
) -> NotificationKind:
    """The notice for someone who may no longer see an event whose invitation they hold (made internal to the
    other party): their calendar drops it, and nothing tells them what it was (no title, time or place, no
    organiser's name, no link to its page). A cancellation would be withheld from them, leaving the invitation.
    Delivered only about `rows` the recipient was e-mailed one of `invitations` of and may no longer see."""
    invitations = list(invitations)

    def withdrawn_from(user) -> QuerySet:
        # Looked up at delivery: shared again meanwhile, or never e-mailed, and there is nothing to withdraw.
        if not has_party(user):
            return rows.none()
        emailed = emailed_about(user, kinds=invitations, model=rows.model)
        return rows.filter(pk__in=emailed).exclude(pk__in=visible_to(user).values("pk"))

    return register(
        NotificationKind(
            key=key,
            subject=subject,
            body=_("The attached cancellation removes it from your calendar."),
            visible_to=withdrawn_from,
            attachments=withdrawal_attachments(event_of),
            link=link,
            area=area,
            # Always e-mailed, whatever the reader chose for other mail, so the calendar entry goes; no inbox
            # entry, which could only lead to a page they may not open.
            configurable=False,
            in_app=False,
        )
    )


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
    if event.all_day:  # a DATE value: the same day in every time zone
        ics_event.add("dtstart", timezone.localdate(event.start))
        ics_event.add("dtend", timezone.localdate(event.end))
    else:
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
