"""Scheduling, editing, cancelling and answering meetings through the services; calendar feeds.

What the invitations look like once delivered (e-mail, .ics) is in test_invitations.py.
"""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.db.models import Model
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar

from cooperation.meetings import ics, services
from cooperation.meetings.models import (
    AgendaItem,
    Attendance,
    CalendarFeed,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Rsvp,
)
from cooperation.meetings.selectors import meetings_in_feed
from cooperation.meetings.services import AgendaRow, MeetingError, MeetingFields
from protocol.notifications.models import OutboxMessage

# 10:00 to 11:30 in Beijing, stored in UTC.
STARTS = datetime(2031, 5, 12, 2, 0, tzinfo=UTC)
ENDS = STARTS + timedelta(hours=1, minutes=30)


def meeting_fields(attendees, **overrides) -> MeetingFields:
    data = {
        "title": "Joint Working Group, 5th meeting",
        "kind": MeetingKind.WORKING_GROUP,
        "starts_at": STARTS,
        "ends_at": ENDS,
        "attendees": attendees,
        "location": "中关村, Beijing",
        "agenda": [
            AgendaRow(title="Opening", presenter="Li Ming", planned_minutes=10),
            AgendaRow(title="专利信息资源共享", presenter="Wang Fang", planned_minutes=45),
        ],
    }
    return MeetingFields(**(data | overrides))


def reloaded(instance: Model) -> Model:
    return type(instance).objects.get(pk=instance.pk)


def snapshot(meeting: Meeting) -> tuple:
    """What a refused change must leave exactly as it was."""
    meeting = reloaded(meeting)
    return (
        meeting.title,
        meeting.starts_at,
        meeting.ends_at,
        meeting.internal,
        meeting.status,
        meeting.sequence,
        meeting.chair_id,
        meeting.minute_taker_id,
        sorted(meeting.attendances.values_list("user_id", "rsvp")),
        list(meeting.agenda.values_list("position", "title", "planned_minutes")),
        OutboxMessage.objects.count(),
    )


@pytest.fixture
def joint_meeting(cas_official, sipo_official, cas_coordinator):
    """Organised by CAS with a SIPO attendee; its invitations stay in the outbox (no after-commit here)."""
    return services.meeting_schedule(
        by=cas_official,
        fields=meeting_fields(
            [cas_official, sipo_official, cas_coordinator], chair=cas_official, minute_taker=sipo_official
        ),
    )


# Scheduling


def test_scheduling_stores_the_meeting_for_the_schedulers_party(cas_official, sipo_official, cas_coordinator):
    meeting = services.meeting_schedule(
        by=cas_official,
        fields=meeting_fields(
            [cas_official, sipo_official, cas_coordinator],
            chair=cas_official,
            minute_taker=sipo_official,
            external_attendees="Prof. Example (WIPO)",
        ),
    )

    meeting = reloaded(meeting)
    assert meeting.organising_party == cas_official.party
    assert meeting.created_by == cas_official
    assert (meeting.starts_at, meeting.ends_at) == (STARTS, ENDS)
    assert meeting.status == MeetingStatus.SCHEDULED
    assert meeting.sequence == 0
    assert (meeting.chair, meeting.minute_taker) == (cas_official, sipo_official)
    assert set(meeting.attendances.values_list("user__username", "rsvp", "answered_at")) == {
        ("cas_official", Rsvp.PENDING, None),
        ("sipo_official", Rsvp.PENDING, None),
        ("cas_coordinator", Rsvp.PENDING, None),
    }
    assert list(meeting.agenda.values_list("position", "title", "presenter", "planned_minutes")) == [
        (1, "Opening", "Li Ming", 10),
        (2, "专利信息资源共享", "Wang Fang", 45),
    ]


def test_scheduling_queues_one_invitation_per_attendee_but_not_for_the_scheduler(
    cas_official, sipo_official, cas_coordinator
):
    # The scheduler listed twice and another attendee twice: still one row each, none for the scheduler.
    services.meeting_schedule(
        by=cas_official, fields=meeting_fields([cas_official, sipo_official, sipo_official, cas_coordinator])
    )

    rows = OutboxMessage.objects.all()
    assert sorted(rows.values_list("recipient__username", "kind")) == [
        ("cas_coordinator", "meeting.invited"),
        ("sipo_official", "meeting.invited"),
    ]
    assert rows[0].params == {
        "title": "Joint Working Group, 5th meeting",
        "actor": "Li Ming",
        "when": "2031-05-12 10:00",
    }


@pytest.mark.parametrize(
    ("username", "allowed"),
    [
        ("cas_official", True),
        ("cas_coordinator", True),
        ("sipo_official", True),
        ("sipo_coordinator", True),
        ("cas_docadmin", False),
        ("sipo_docadmin", False),
        ("outsider", False),
    ],
)
def test_only_officials_and_coordinators_of_a_party_may_schedule(personas, username, allowed):
    person = personas[username]
    fields = meeting_fields([person])

    if allowed:
        meeting = services.meeting_schedule(by=person, fields=fields)
        assert meeting.organising_party_id == person.party_id
    else:
        with pytest.raises(PermissionDenied):
            services.meeting_schedule(by=person, fields=fields)
        assert not Meeting.objects.exists()
        assert not Attendance.objects.exists()


def test_an_internal_meeting_of_one_partys_staff_is_scheduled(cas_official, cas_coordinator):
    meeting = services.meeting_schedule(
        by=cas_official, fields=meeting_fields([cas_official, cas_coordinator], internal=True)
    )
    assert reloaded(meeting).internal


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        pytest.param({"ends_at": STARTS - timedelta(minutes=1)}, "ends_at", id="ends-before-it-starts"),
        pytest.param({"ends_at": STARTS}, "ends_at", id="ends-when-it-starts"),
        pytest.param({"chair": "sipo_coordinator"}, "chair", id="chair-not-attending"),
        pytest.param({"minute_taker": "sipo_coordinator"}, "minute_taker", id="minute-taker-not-attending"),
        pytest.param({"internal": True}, "attendees", id="internal-with-the-other-party"),
        pytest.param(
            {
                "agenda": [
                    AgendaRow(title="Opening", planned_minutes=10),
                    AgendaRow(title="Backwards", planned_minutes=-5),
                ]
            },
            "agenda",
            id="negative-agenda-minutes",
        ),
    ],
)
def test_bad_input_is_refused_with_the_field_named_and_nothing_stored(personas, overrides, field):
    attendees = [personas["cas_official"], personas["sipo_official"]]
    # People are named in the table (fixtures do not exist at collection time) and looked up here.
    overrides = {
        name: personas[value] if name in {"chair", "minute_taker"} else value for name, value in overrides.items()
    }

    with pytest.raises(ValidationError) as refused:
        services.meeting_schedule(by=personas["cas_official"], fields=meeting_fields(attendees, **overrides))

    assert set(refused.value.message_dict) == {field}
    assert not Meeting.objects.exists()
    assert not Attendance.objects.exists()
    assert not AgendaItem.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_every_problem_is_reported_at_once(cas_official, sipo_official, sipo_coordinator):
    fields = meeting_fields(
        [cas_official, sipo_official],
        ends_at=STARTS,
        chair=sipo_coordinator,
        minute_taker=sipo_coordinator,
        internal=True,
        agenda=[AgendaRow(title="Backwards", planned_minutes=-1)],
    )
    with pytest.raises(ValidationError) as refused:
        services.meeting_schedule(by=cas_official, fields=fields)
    assert set(refused.value.message_dict) == {"ends_at", "chair", "minute_taker", "attendees", "agenda"}
    assert not Meeting.objects.exists()


def test_an_agenda_item_of_zero_or_unknown_minutes_is_accepted(cas_official):
    rows = [AgendaRow(title="Any other business", planned_minutes=0), AgendaRow(title="Open end")]
    meeting = services.meeting_schedule(by=cas_official, fields=meeting_fields([cas_official], agenda=rows))
    assert list(meeting.agenda.values_list("planned_minutes", flat=True)) == [0, None]


# Editing and cancelling


def test_the_organising_party_edits_and_each_edit_bumps_the_sequence(
    joint_meeting, cas_coordinator, cas_official, sipo_official, sipo_coordinator
):
    later = STARTS + timedelta(days=1)
    fields = meeting_fields(
        [cas_official, sipo_official, sipo_coordinator],
        title="Joint Working Group, 5th meeting (moved)",
        starts_at=later,
        ends_at=later + timedelta(hours=2),
        chair=sipo_coordinator,
        agenda=[AgendaRow(title="Only item", planned_minutes=30)],
    )

    meeting = services.meeting_update(meeting=joint_meeting, by=cas_coordinator, fields=fields)
    meeting = services.meeting_update(meeting=meeting, by=cas_coordinator, fields=fields)

    meeting = reloaded(meeting)
    assert meeting.sequence == 2
    assert meeting.title == "Joint Working Group, 5th meeting (moved)"
    assert (meeting.starts_at, meeting.ends_at) == (later, later + timedelta(hours=2))
    assert meeting.chair == sipo_coordinator
    assert set(meeting.attendances.values_list("user__username", flat=True)) == {
        "cas_official",
        "sipo_official",
        "sipo_coordinator",
    }
    assert list(meeting.agenda.values_list("position", "title")) == [(1, "Only item")]
    # Unchanged by an edit: who organises it and who scheduled it.
    assert (meeting.organising_party, meeting.created_by) == (cas_official.party, cas_official)


def test_an_edit_keeps_the_answers_of_attendees_who_stay(joint_meeting, cas_official, sipo_official):
    services.attendance_answer(meeting=joint_meeting, by=sipo_official, rsvp=Rsvp.ATTENDING)

    services.meeting_update(
        meeting=joint_meeting, by=cas_official, fields=meeting_fields([cas_official, sipo_official], location="Online")
    )

    assert Attendance.objects.get(meeting=joint_meeting, user=sipo_official).rsvp == Rsvp.ATTENDING


@pytest.mark.parametrize("username", ["sipo_official", "sipo_coordinator", "cas_docadmin", "outsider"])
def test_only_the_organising_partys_officials_and_coordinators_edit(joint_meeting, personas, username):
    before = snapshot(joint_meeting)
    fields = meeting_fields([personas["cas_official"]], title="Taken over")

    # The service refuses with MeetingError today (see the report: PermissionDenied would say it better);
    # either way the refusal must leave the meeting and the outbox untouched.
    with pytest.raises((MeetingError, PermissionDenied)):
        services.meeting_update(meeting=joint_meeting, by=personas[username], fields=fields)
    with pytest.raises((MeetingError, PermissionDenied)):
        services.meeting_cancel(meeting=joint_meeting, by=personas[username])

    assert snapshot(joint_meeting) == before


def test_an_edit_with_bad_input_changes_nothing(joint_meeting, cas_official, sipo_official):
    before = snapshot(joint_meeting)

    # Made internal while a SIPO official is still invited.
    with pytest.raises(ValidationError) as refused:
        services.meeting_update(
            meeting=joint_meeting, by=cas_official, fields=meeting_fields([cas_official, sipo_official], internal=True)
        )

    assert set(refused.value.message_dict) == {"attendees"}
    assert snapshot(joint_meeting) == before


def test_cancelling_marks_the_meeting_cancelled_once(joint_meeting, cas_coordinator):
    meeting = services.meeting_cancel(meeting=joint_meeting, by=cas_coordinator)

    assert reloaded(meeting).status == MeetingStatus.CANCELLED
    assert reloaded(meeting).sequence == 1
    before = snapshot(meeting)
    with pytest.raises(MeetingError):
        services.meeting_cancel(meeting=meeting, by=cas_coordinator)
    assert snapshot(meeting) == before


def test_a_cancelled_meeting_can_no_longer_be_edited(joint_meeting, cas_official):
    meeting = services.meeting_cancel(meeting=joint_meeting, by=cas_official)
    before = snapshot(meeting)

    with pytest.raises(MeetingError):
        services.meeting_update(meeting=meeting, by=cas_official, fields=meeting_fields([cas_official]))

    assert snapshot(meeting) == before


# RSVP


@pytest.mark.parametrize("answer", [Rsvp.ATTENDING, Rsvp.MAYBE, Rsvp.NOT_ATTENDING])
def test_an_invited_person_answers(joint_meeting, sipo_official, answer):
    attendance = services.attendance_answer(meeting=joint_meeting, by=sipo_official, rsvp=answer)

    attendance = reloaded(attendance)
    assert (attendance.user, attendance.rsvp) == (sipo_official, answer)
    assert attendance.answered_at is not None


def test_an_answer_can_be_changed(joint_meeting, sipo_official):
    first = services.attendance_answer(meeting=joint_meeting, by=sipo_official, rsvp=Rsvp.MAYBE)
    second = services.attendance_answer(meeting=joint_meeting, by=sipo_official, rsvp=Rsvp.NOT_ATTENDING)

    assert reloaded(second).rsvp == Rsvp.NOT_ATTENDING
    assert reloaded(second).answered_at >= first.answered_at
    assert Attendance.objects.filter(meeting=joint_meeting, user=sipo_official).count() == 1


@pytest.mark.parametrize("answer", [Rsvp.PENDING, "yes", "", "ATTENDING"])
def test_no_answer_or_a_made_up_one_is_refused(joint_meeting, sipo_official, answer):
    with pytest.raises(ValidationError) as refused:
        services.attendance_answer(meeting=joint_meeting, by=sipo_official, rsvp=answer)

    assert set(refused.value.message_dict) == {"rsvp"}
    attendance = Attendance.objects.get(meeting=joint_meeting, user=sipo_official)
    assert (attendance.rsvp, attendance.answered_at) == (Rsvp.PENDING, None)


@pytest.mark.parametrize("username", ["sipo_coordinator", "cas_docadmin", "outsider"])
def test_someone_not_invited_cannot_answer(joint_meeting, personas, username):
    with pytest.raises(PermissionDenied):
        services.attendance_answer(meeting=joint_meeting, by=personas[username], rsvp=Rsvp.ATTENDING)
    assert not Attendance.objects.filter(user=personas[username]).exists()


def test_a_cancelled_meeting_takes_no_answers(joint_meeting, cas_official, sipo_official):
    cancelled = services.meeting_cancel(meeting=joint_meeting, by=cas_official)

    with pytest.raises(MeetingError):
        services.attendance_answer(meeting=cancelled, by=sipo_official, rsvp=Rsvp.ATTENDING)
    assert Attendance.objects.get(meeting=joint_meeting, user=sipo_official).rsvp == Rsvp.PENDING


def test_an_answer_posted_from_a_page_loaded_before_the_cancellation_is_refused(
    joint_meeting, cas_official, sipo_official
):
    page = Meeting.objects.get(pk=joint_meeting.pk)  # what the attendee's RSVP form was built from
    services.meeting_cancel(meeting=joint_meeting, by=cas_official)

    with pytest.raises(MeetingError):
        services.attendance_answer(meeting=page, by=sipo_official, rsvp=Rsvp.ATTENDING)


# Personal calendar feeds


def test_a_users_calendar_feed_is_made_once_and_then_reused(cas_official, sipo_official):
    first = services.calendar_feed_of(user=cas_official)
    again = services.calendar_feed_of(user=cas_official)
    other = services.calendar_feed_of(user=sipo_official)

    assert (again.pk, again.token) == (first.pk, first.token)
    assert CalendarFeed.objects.filter(user=cas_official).count() == 1
    assert other.token != first.token
    assert len(first.token) >= 32


def test_regenerating_the_feed_revokes_the_old_token(cas_official):
    old = services.calendar_feed_of(user=cas_official)

    new = services.calendar_feed_regenerate(user=cas_official)

    assert new.token != old.token
    assert not CalendarFeed.objects.filter(token=old.token).exists()
    assert list(CalendarFeed.objects.filter(user=cas_official).values_list("token", flat=True)) == [new.token]
    assert services.calendar_feed_of(user=cas_official).token == new.token


def test_regenerating_a_feed_that_never_existed_makes_one(cas_official):
    feed = services.calendar_feed_regenerate(user=cas_official)
    assert services.calendar_feed_of(user=cas_official).pk == feed.pk


def test_the_feed_lists_the_meetings_its_owner_is_invited_to_and_may_see(
    joint_meeting, cas_official, cas_coordinator, sipo_official
):
    not_invited = services.meeting_schedule(by=cas_official, fields=meeting_fields([cas_official], title="CAS only"))
    later = STARTS + timedelta(days=7)
    cancelled = services.meeting_schedule(
        by=cas_official,
        fields=meeting_fields(
            [cas_official, sipo_official], title="Called off", starts_at=later, ends_at=later + timedelta(hours=1)
        ),
    )
    services.meeting_cancel(meeting=cancelled, by=cas_official)
    internal = services.meeting_schedule(
        by=cas_coordinator, fields=meeting_fields([cas_coordinator, cas_official], title="CAS internal", internal=True)
    )

    sipo_feed = services.calendar_feed_of(user=sipo_official)
    cas_feed = services.calendar_feed_of(user=cas_official)

    assert list(meetings_in_feed(sipo_feed)) == [joint_meeting, cancelled]
    assert set(meetings_in_feed(cas_feed)) == {joint_meeting, not_invited, cancelled, internal}


# ics.feed


def test_a_feed_of_several_meetings_parses_back_with_every_uid_and_the_cancelled_ones_marked(
    cas_official, sipo_official
):
    meetings = []
    for day in range(3):
        starts = STARTS + timedelta(days=day)
        meetings.append(
            services.meeting_schedule(
                by=cas_official,
                fields=meeting_fields(
                    [cas_official, sipo_official],
                    title=f"联络会议; no. {day}, Beijing",
                    starts_at=starts,
                    ends_at=starts + timedelta(hours=1),
                ),
            )
        )
    services.meeting_cancel(meeting=meetings[1], by=cas_official)
    feed = services.calendar_feed_of(user=sipo_official)

    calendar = Calendar.from_ical(ics.feed(meetings_in_feed(feed)))

    assert calendar["method"] == "PUBLISH"
    events = {str(event["uid"]): event for event in calendar.walk("VEVENT")}
    assert set(events) == {meeting.ics_uid for meeting in meetings}
    for day, meeting in enumerate(meetings):
        event = events[meeting.ics_uid]
        assert str(event["summary"]) == f"联络会议; no. {day}, Beijing"
        assert event["dtstart"].to_ical() == (STARTS + timedelta(days=day)).strftime("%Y%m%dT%H%M%SZ").encode()
        assert event.decoded("dtend") == STARTS + timedelta(days=day, hours=1)
    assert {uid: str(event["status"]) for uid, event in events.items()} == {
        meetings[0].ics_uid: "CONFIRMED",
        meetings[1].ics_uid: "CANCELLED",
        meetings[2].ics_uid: "CONFIRMED",
    }
    assert events[meetings[1].ics_uid].decoded("sequence") == 1


def test_a_feed_costs_the_same_queries_for_one_meeting_and_for_many(cas_official, sipo_official):
    token = services.calendar_feed_of(user=sipo_official).token

    def queries_for_feed() -> int:
        feed = CalendarFeed.objects.select_related("user").get(token=token)  # as the feed URL finds it
        with CaptureQueriesContext(connection) as queries:
            ics.feed(meetings_in_feed(feed))
        return len(queries)

    services.meeting_schedule(by=cas_official, fields=meeting_fields([cas_official, sipo_official]))
    one = queries_for_feed()
    for _ in range(9):
        services.meeting_schedule(by=cas_official, fields=meeting_fields([cas_official, sipo_official]))

    assert queries_for_feed() == one
