"""iCalendar (RFC 5545) for invitations and personal feeds, built with the icalendar library."""

from datetime import UTC

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from protocol.notifications import identity

from .models import Meeting, MeetingStatus, Rsvp

PRODID = "-//CAS-SIPO Cooperation Portal//Meetings//ZH-EN"
PARTSTAT = {
    Rsvp.PENDING: "NEEDS-ACTION",
    Rsvp.ATTENDING: "ACCEPTED",
    Rsvp.NOT_ATTENDING: "DECLINED",
    Rsvp.MAYBE: "TENTATIVE",
}


def invitation(meeting: Meeting, *, method: str) -> bytes:
    """One meeting as METHOD:REQUEST (new or updated) or METHOD:CANCEL; the UID ties them together."""
    calendar = _calendar(method=method)
    event = _event(meeting, cancelled=method == "CANCEL", domain=identity.domain())
    # An invitation names its attendees (RFC 5546), so calendar clients can match and answer it.
    for attendance in meeting.attendances.select_related("user"):
        if attendance.user.email:
            attendee = vCalAddress(f"mailto:{attendance.user.email}")
            attendee.params["cn"] = vText(attendance.user.full_name)
            attendee.params["partstat"] = vText(PARTSTAT[attendance.rsvp])
            attendee.params["role"] = vText("REQ-PARTICIPANT")
            attendee.params["rsvp"] = vText("TRUE")
            event.add("attendee", attendee, encode=0)
    calendar.add_component(event)
    return calendar.to_ical()


def feed(meetings) -> bytes:
    calendar = _calendar(method="PUBLISH")
    calendar.add("x-wr-calname", "CAS–SIPO meetings")
    domain = identity.domain()
    for meeting in meetings:
        calendar.add_component(_event(meeting, cancelled=meeting.status == MeetingStatus.CANCELLED, domain=domain))
    return calendar.to_ical()


def _calendar(*, method: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    return calendar


def _event(meeting: Meeting, *, cancelled: bool, domain: str) -> Event:
    event = Event()
    event.add("uid", meeting.ics_uid_at(domain))
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", timezone.now().astimezone(UTC))
    event.add("dtstart", meeting.starts_at.astimezone(UTC))
    event.add("dtend", meeting.ends_at.astimezone(UTC))
    event.add("summary", meeting.title)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("url", f"{settings.SITE_URL}{meeting.get_absolute_url()}")
    location = " · ".join(part for part in (meeting.location, meeting.online_link) if part)
    if location:
        event.add("location", location)
    agenda = "\n".join(f"{item.position}. {item.title}" for item in meeting.agenda.all())
    if agenda:
        event.add("description", agenda)
    if meeting.created_by.email:
        organizer = vCalAddress(f"mailto:{meeting.created_by.email}")
        organizer.params["cn"] = vText(meeting.created_by.full_name)
        event.add("organizer", organizer)
    return event
