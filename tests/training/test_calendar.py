"""Sessions in the calendar: the invite.ics the enrolled receive (enrolled, promoted, approved, changed,
cancelled) and the personal feed, which shows meetings and training sessions side by side."""

import email
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar

from cooperation.meetings import services as meetings
from cooperation.meetings.models import MeetingKind
from cooperation.training import services
from protocol import calendar


@pytest.fixture
def delivered(django_capture_on_commit_callbacks):
    """`with delivered():` runs the deliveries queued after commit, as a worker would (invitations are made then)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def invites_to(mailoutbox, person) -> list[tuple[str, "email.message.Message"]]:
    """Each e-mail's invite.ics as it travels (method, the parsed VEVENT), in the order sent."""
    found = []
    for message in mailoutbox:
        if message.to != [person.email]:
            continue
        parsed = email.message_from_bytes(message.message().as_bytes())
        for part in parsed.walk():
            if part.get_filename() == "invite.ics":
                ics = Calendar.from_ical(part.get_payload(decode=True))
                (event,) = ics.walk("VEVENT")
                found.append((str(ics["method"]), event))
    return found


def feed_of(client, user) -> Calendar:
    response = client.get(meetings.calendar_feed_of(user=user).get_absolute_url())  # no sign-in: a calendar app
    assert response.status_code == 200
    return Calendar.from_ical(response.content)


def test_the_enrolled_get_a_request_and_the_waitlisted_none(session, cas_staff, mailoutbox, delivered):
    first, second, waiting = cas_staff(3)
    with delivered():
        for person in (first, second, waiting):
            services.enrolment_create(session=session, user=person)

    ((method, event),) = invites_to(mailoutbox, first)
    assert method == "REQUEST" and str(event["uid"]) == session.ics_uid
    assert event.decoded("sequence") == 0 and str(event["status"]) == "CONFIRMED"
    assert event.decoded("dtstart") == session.starts_at.astimezone(UTC)
    assert str(event["summary"]) == "专利审查实务" and str(event["location"]) == "国知局培训中心"
    assert str(event["url"]).endswith(session.get_absolute_url())
    assert invites_to(mailoutbox, waiting) == []


def test_a_change_replaces_the_invitation_and_a_cancellation_removes_it(
    session, cas_staff, sipo_coordinator, cas, sipo, mailoutbox, delivered
):
    (person,) = cas_staff(1)
    with delivered():
        services.enrolment_create(session=session, user=person)
    later = session.starts_at + timedelta(hours=2)
    fields = services.SessionFields(
        starts_at=later, ends_at=later + timedelta(hours=3), enrolment_opens_at=session.enrolment_opens_at,
        enrolment_closes_at=session.enrolment_closes_at, seats={cas.pk: 2, sipo.pk: 2}, location="线上",
    )  # fmt: skip
    with delivered():
        services.session_update(session=session, by=sipo_coordinator, fields=fields)
    with delivered():
        services.session_cancel(session=session, by=sipo_coordinator)

    sent = invites_to(mailoutbox, person)
    assert [(method, event.decoded("sequence"), str(event["status"])) for method, event in sent] == [
        ("REQUEST", 0, "CONFIRMED"),
        ("REQUEST", 1, "CONFIRMED"),
        ("CANCEL", 2, "CANCELLED"),
    ]
    assert {str(event["uid"]) for _, event in sent} == {session.ics_uid}
    assert sent[1][1].decoded("dtstart") == later.astimezone(UTC)


def test_the_promoted_and_the_approved_get_a_request(make_session, cas_staff, cas_coordinator, mailoutbox, delivered):
    session = make_session(needs_approval=True)
    with delivered():
        first, second, waiting = [services.enrolment_create(session=session, user=p) for p in cas_staff(3)]
    assert invites_to(mailoutbox, first.user) == []  # waiting for approval: no seat confirmed yet
    with delivered():
        services.enrolment_decide(enrolment=first, by=cas_coordinator, approve=True)
    with delivered():
        services.enrolment_cancel(enrolment=second, by=second.user)

    assert [method for method, _ in invites_to(mailoutbox, first.user)] == ["REQUEST"]
    ((method, event),) = invites_to(mailoutbox, waiting.user)  # promoted: its seat still waits for approval
    assert method == "REQUEST" and str(event["uid"]) == session.ics_uid
    partstat = {str(a): a.params["PARTSTAT"] for a in event.get("attendee", [])}
    assert partstat == {f"mailto:{first.user.email}": "ACCEPTED", f"mailto:{waiting.user.email}": "TENTATIVE"}


def test_an_invitation_delivered_after_the_cancellation_cancels(session, cas_official, sipo_coordinator):
    from cooperation.training.notifications import ENROLLED

    services.enrolment_create(session=session, user=cas_official)
    services.session_cancel(session=session, by=sipo_coordinator)
    session.refresh_from_db()
    ((name, content, mimetype),) = ENROLLED.attachments(session, {})

    assert name == "invite.ics" and mimetype == "text/calendar; method=CANCEL"
    assert str(Calendar.from_ical(content)["method"]) == "CANCEL"


# A course made internal: the other party's staff may no longer know of its sessions, yet hold their invitations.
# What a withdrawal may carry (RFC 5546 §3.2.5's CANCEL of one attendee, as for meetings), and nothing of the session.
WITHDRAWAL_PROPERTIES = {"UID", "SEQUENCE", "DTSTAMP", "ORGANIZER", "ATTENDEE"}


def made_internal(course, by):
    fields = services.CourseFields(title=course.title, description=course.description, internal=True)
    return services.course_update(course=course, by=by, fields=fields)


def test_the_other_partys_enrolled_get_a_withdrawal_that_says_nothing_of_a_session_whose_course_turns_internal(
    make_session, course, cas, sipo, cas_official, cas_staff, sipo_official_2, sipo_coordinator, mailoutbox, delivered
):
    from protocol.notifications.models import OutboxMessage, OutboxStatus

    session = make_session(seats={cas.pk: 1, sipo.pk: 2})
    (waiting,) = cas_staff(1)
    with delivered():
        for person in (cas_official, waiting, sipo_official_2):  # CAS's one seat, CAS's waitlist, a SIPO seat
            services.enrolment_create(session=session, user=person)
    mailoutbox.clear()

    with delivered():
        made_internal(course, sipo_coordinator)

    row = OutboxMessage.objects.filter(recipient=cas_official).latest("pk")
    assert (row.kind, row.status) == ("training.session_withdrawn", OutboxStatus.SENT)
    (message,) = [message for message in mailoutbox if message.to == [cas_official.email]]
    assert message.subject == "[CAS–SIPO Cooperation] A training session invitation was withdrawn"
    ((method, event),) = invites_to(mailoutbox, cas_official)
    raw = event.to_ical().decode()
    starts = timezone.localtime(session.starts_at)
    when = [
        session.starts_at.astimezone(UTC).strftime("%Y%m%dT%H%M"),
        f"{starts:%Y-%m-%d}",
        f"{starts.month}月{starts.day}日",
    ]
    session_words = ["专利审查实务", "Patent examination", "国知局培训中心", "Examination practice", *when]
    for text in (message.subject, message.body, message.alternatives[0][0], raw):
        for word in [*session_words, sipo_coordinator.full_name, session.get_absolute_url()]:
            assert word not in text, word
    assert method == "CANCEL" and set(event.keys()) == WITHDRAWAL_PROPERTIES
    assert str(event["uid"]) == session.ics_uid
    assert event.decoded("sequence") == 1  # the invitation they hold is sequence 0
    assert str(event["attendee"]) == f"mailto:{cas_official.email}"
    # Never e-mailed an invitation (waitlisted): nothing to withdraw. The organising party's own staff keep theirs.
    assert OutboxMessage.objects.get(recipient=waiting, kind="training.session_withdrawn").status == "withheld"
    assert not OutboxMessage.objects.filter(recipient=sipo_official_2, kind="training.session_withdrawn").exists()
    assert [message.to for message in mailoutbox] == [[cas_official.email]]


def test_a_withdrawal_delivered_after_the_course_was_shared_again_is_withheld(
    session, course, cas_official, sipo_coordinator, mailoutbox, delivered
):
    from protocol.notifications import outbox
    from protocol.notifications.models import OutboxMessage, OutboxStatus

    with delivered():
        services.enrolment_create(session=session, user=cas_official)
    # No after-commit: the withdrawal waits while the organiser changes their mind.
    made_internal(course, sipo_coordinator)
    fields = services.CourseFields(title=course.title, description=course.description, internal=False)
    services.course_update(course=course, by=sipo_coordinator, fields=fields)
    mailoutbox.clear()

    outbox.sweep()

    withdrawal = OutboxMessage.objects.get(recipient=cas_official, kind="training.session_withdrawn")
    assert withdrawal.status == OutboxStatus.WITHHELD
    assert invites_to(mailoutbox, cas_official) == []


# The personal feed, every area's.


def test_the_feed_shows_the_sessions_one_holds_a_seat_on_beside_ones_meetings(
    client, make_session, session, cas_official, cas_staff, sipo_official, sipo_coordinator
):
    (other,) = cas_staff(1)
    cancelled = make_session(starts_in=timedelta(days=9))
    left = make_session(starts_in=timedelta(days=10))
    full = make_session(starts_in=timedelta(days=11), seats={cas_official.party_id: 1})
    for target in (session, cancelled, left):
        services.enrolment_create(session=target, user=cas_official)
    services.enrolment_create(session=full, user=other)
    services.enrolment_create(session=full, user=cas_official)  # waitlisted
    services.enrolment_cancel(enrolment=left.enrolments.get(user=cas_official), by=cas_official)
    services.session_cancel(session=cancelled, by=sipo_coordinator)
    starts = timezone.now().replace(microsecond=0) + timedelta(days=3)
    meeting = meetings.meeting_schedule(
        by=sipo_official,
        fields=meetings.MeetingFields(
            title="联络会议", kind=MeetingKind.WORKING_GROUP, starts_at=starts, ends_at=starts + timedelta(hours=1),
            attendees=[sipo_official, cas_official],
        ),
    )  # fmt: skip

    events = {str(event["uid"]): event for event in feed_of(client, cas_official).walk("VEVENT")}

    assert set(events) == {meeting.ics_uid, session.ics_uid, cancelled.ics_uid}
    assert str(events[cancelled.ics_uid]["status"]) == "CANCELLED"
    assert str(events[session.ics_uid]["summary"]) == "专利审查实务"
    assert {str(event["uid"]) for event in feed_of(client, other).walk("VEVENT")} == {full.ics_uid}


def test_a_session_the_reader_may_no_longer_see_leaves_their_feed(
    client, session, course, cas_official, sipo_coordinator
):
    services.enrolment_create(session=session, user=cas_official)
    assert len(feed_of(client, cas_official).walk("VEVENT")) == 1
    fields = services.CourseFields(title=course.title, description=course.description, internal=True)
    services.course_update(course=course, by=sipo_coordinator, fields=fields)

    assert feed_of(client, cas_official).walk("VEVENT") == []


def test_the_feed_costs_the_same_queries_for_one_session_and_for_many(make_session, cas_official):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            calendar.feed(calendar.events_for(cas_official))
        return len(captured)

    services.enrolment_create(session=make_session(), user=cas_official)
    one = queries()
    for days in range(8, 14):
        services.enrolment_create(session=make_session(starts_in=timedelta(days=days)), user=cas_official)

    assert len(calendar.events_for(cas_official)) == 7
    assert queries() == one


def test_the_ics_builder_marks_cancelled_events_cancelled_whatever_the_method():
    base = datetime(2031, 5, 12, 2, 0, tzinfo=UTC)
    event = calendar.CalendarEvent(uid="a@x", sequence=0, start=base, end=base + timedelta(hours=1), summary="A")
    ics = Calendar.from_ical(calendar.feed([event, replace(event, uid="b@x", cancelled=True)]))

    assert ics["method"] == "PUBLISH"
    assert [str(e["status"]) for e in ics.walk("VEVENT")] == ["CONFIRMED", "CANCELLED"]
    request = Calendar.from_ical(calendar.invitation(replace(event, cancelled=True), method="REQUEST"))
    assert str(request.walk("VEVENT")[0]["status"]) == "CANCELLED"  # a cancelled event never reads confirmed
