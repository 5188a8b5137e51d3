"""Reminders run by Celery beat: each stage fires once, at the right moment, to the right people.

The clock is moved with time-machine. The portal's time zone is Asia/Shanghai (UTC+8), so "tomorrow"
and "today" are Beijing dates: several moments below are chosen just after local midnight, while it
is still the previous day in UTC, so a reminder that counted days in UTC would fire on the wrong day.

Everything is made through the services, as the pages make it; `beat(at)` runs the beat task at a
moment and delivers what it wrote (in-app notification, e-mail to `mailoutbox`), as after a commit.
"""

import re
from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.utils import translation
from django_celery_beat.models import PeriodicTask

from cooperation.meetings import services as meetings
from cooperation.meetings.models import Meeting, MeetingKind, MeetingStatus, Rsvp
from cooperation.meetings.notifications import (
    ACTION_DUE_SOON,
    ACTION_DUE_TODAY,
    ACTION_OVERDUE,
    MEETING_TOMORROW,
    MINUTES_WAITING,
)
from cooperation.meetings.services import MeetingFields
from protocol.activities import services as activities
from protocol.activities.notifications import ACTIVITY_UNCONFIRMED
from protocol.notifications.models import Channel, Notification, NotificationPreference, OutboxMessage
from protocol.notifications.reminders import reminders_send
from protocol.notifications.tasks import send_reminders_task
from protocol.parties.models import Language
from protocol.parties.roles import Role
from tests.factories import UserFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")
CJK = re.compile(r"[\u4e00-\u9fff]")
TITLE = "Joint Working Group"


def local(day: date, hour: int = 7, minute: int = 30) -> datetime:
    """A moment in Beijing; by default when beat sends the reminders (07:30)."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=SHANGHAI)


def at(moment: datetime):
    return time_machine.travel(moment, tick=False)


def sent(kind, target=None) -> list[str]:
    """Usernames of the reminder's recipients, one per row written, sorted."""
    rows = OutboxMessage.objects.filter(kind=kind.key)
    if target is not None:
        rows = rows.filter(target_type=ContentType.objects.get_for_model(target), target_id=target.pk)
    return sorted(rows.values_list("recipient__username", flat=True))


@pytest.fixture
def beat(django_capture_on_commit_callbacks):
    """Run the beat task at `moment`; returns how many reminders it wrote (all kinds)."""

    def run(moment: datetime) -> int:
        with at(moment), django_capture_on_commit_callbacks(execute=True):
            return send_reminders_task.delay().get()

    return run


@pytest.fixture
def sipo_former_coordinator(sipo):
    """A coordinator who has left: never reminded."""
    return UserFactory(
        username="sipo_former_coordinator", full_name="Sun Tao", party=sipo, roles=[Role.COORDINATOR], is_active=False
    )


def fields(*, attendees, starts_at: datetime, title: str = TITLE, **overrides) -> MeetingFields:
    return MeetingFields(
        **{
            "title": title,
            "kind": MeetingKind.WORKING_GROUP,
            "starts_at": starts_at,
            "ends_at": starts_at + timedelta(hours=2),
            "attendees": attendees,
            "location": "中关村, Beijing",
        }
        | overrides
    )


def schedule(by, *, attendees, starts_at: datetime, scheduled_at: datetime, **overrides) -> Meeting:
    with at(scheduled_at):
        return meetings.meeting_schedule(by=by, fields=fields(attendees=attendees, starts_at=starts_at, **overrides))


# Meetings tomorrow.

MAY_1, MAY_10, MAY_11, MAY_12 = date(2031, 5, 1), date(2031, 5, 10), date(2031, 5, 11), date(2031, 5, 12)
# 07:00 in Beijing is 23:00 UTC the day before: the meeting is on 12 May locally, on 11 May in UTC.
EARLY_ON_MAY_12 = local(MAY_12, 7, 0)


@pytest.fixture
def invited(cas_official, sipo_official, cas_coordinator, sipo_docadmin):
    """CAS's meeting on 12 May at 07:00 (Beijing): the CAS coordinator declined, the SIPO docadmin may come.
    The SIPO coordinator, the CAS docadmin and the outsider are not invited."""
    meeting = schedule(
        cas_official,
        attendees=[cas_official, sipo_official, cas_coordinator, sipo_docadmin],
        starts_at=EARLY_ON_MAY_12,
        scheduled_at=local(MAY_1, 10, 0),
    )
    with at(local(MAY_1, 11, 0)):
        meetings.attendance_answer(meeting=meeting, by=cas_coordinator, rsvp=Rsvp.NOT_ATTENDING)
        meetings.attendance_answer(meeting=meeting, by=sipo_docadmin, rsvp=Rsvp.MAYBE)
        meetings.attendance_answer(meeting=meeting, by=sipo_official, rsvp=Rsvp.ATTENDING)
    return meeting


TOLD_OF_MEETING = ["cas_official", "sipo_docadmin", "sipo_official"]


def test_a_meeting_is_reminded_the_day_before_to_the_attendees_who_have_not_declined(
    invited, beat, personas, mailoutbox
):
    assert beat(local(MAY_10)) == 0, "two days before: nothing"
    assert beat(local(MAY_10, 23, 59)) == 0
    assert sent(MEETING_TOMORROW) == []

    # Local midnight, still 10 May in UTC: tomorrow is the meeting's day in Beijing.
    assert beat(local(MAY_11, 0, 0)) == 3

    assert sent(MEETING_TOMORROW, invited) == TOLD_OF_MEETING
    delivered = Notification.objects.filter(kind=MEETING_TOMORROW.key)
    assert sorted(delivered.values_list("recipient__username", flat=True)) == TOLD_OF_MEETING
    assert {n.url for n in delivered} == {invited.get_absolute_url()}
    assert sorted(m.to[0] for m in mailoutbox) == [f"{username}@example.org" for username in TOLD_OF_MEETING]


def test_a_meeting_reminder_is_sent_once_however_often_beat_runs_that_day(invited, beat, mailoutbox):
    assert beat(local(MAY_11)) == 3
    assert beat(local(MAY_11)) == 0, "the same moment again (a retried task)"
    assert beat(local(MAY_11, 8, 30)) == 0, "an hour later"
    assert beat(local(MAY_11, 23, 59)) == 0
    assert reminders_send(now=local(MAY_11, 12, 0)) == 0
    assert beat(local(MAY_12, 0, 0)) == 0, "on the day itself the meeting is not tomorrow"

    assert sent(MEETING_TOMORROW) == TOLD_OF_MEETING
    assert Notification.objects.filter(kind=MEETING_TOMORROW.key).count() == 3
    assert len(mailoutbox) == 3


def test_a_cancelled_meeting_is_not_reminded(invited, cas_official, sipo_official, beat, mailoutbox):
    other = schedule(
        cas_official,
        attendees=[cas_official, sipo_official],
        starts_at=local(MAY_12, 14, 0),
        scheduled_at=local(MAY_1, 12, 0),
        title="Liaison call",
    )
    with at(local(date(2031, 5, 5))):
        meetings.meeting_cancel(meeting=invited, by=cas_official)
    assert Meeting.objects.get(pk=invited.pk).status == MeetingStatus.CANCELLED

    assert beat(local(MAY_11)) == 2

    assert sent(MEETING_TOMORROW, invited) == []
    assert sent(MEETING_TOMORROW, other) == ["cas_official", "sipo_official"]
    assert sorted(m.to[0] for m in mailoutbox) == ["cas_official@example.org", "sipo_official@example.org"]


def test_a_meeting_moved_to_another_day_after_its_reminder_is_reminded_again_for_the_new_day(
    invited, cas_official, sipo_official, cas_coordinator, sipo_docadmin, beat, mailoutbox
):
    assert beat(local(MAY_11)) == 3
    with at(local(MAY_11, 9, 0)):
        meetings.meeting_update(
            meeting=invited,
            by=cas_official,
            fields=fields(
                attendees=[cas_official, sipo_official, cas_coordinator, sipo_docadmin],
                starts_at=local(date(2031, 5, 14), 10, 0),
            ),
        )

    assert beat(local(MAY_12)) == 0, "the new day is not tomorrow yet"
    assert beat(local(date(2031, 5, 13))) == 3
    assert beat(local(date(2031, 5, 13), 8, 30)) == 0

    assert sent(MEETING_TOMORROW, invited) == sorted(TOLD_OF_MEETING * 2)
    newest = Notification.objects.filter(kind=MEETING_TOMORROW.key, recipient=sipo_official).first()
    assert newest.params["when"] == "2031-05-14 10:00"
    assert len(mailoutbox) == 6


def test_a_meeting_moved_before_its_reminder_is_reminded_only_for_the_new_day(
    invited, cas_official, sipo_official, cas_coordinator, sipo_docadmin, beat
):
    with at(local(date(2031, 5, 5))):
        meetings.meeting_update(
            meeting=invited,
            by=cas_official,
            fields=fields(
                attendees=[cas_official, sipo_official, cas_coordinator, sipo_docadmin],
                starts_at=local(date(2031, 5, 20), 10, 0),
            ),
        )

    assert beat(local(MAY_11)) == 0
    assert beat(local(date(2031, 5, 18))) == 0
    assert beat(local(date(2031, 5, 19))) == 3
    assert sent(MEETING_TOMORROW, invited) == TOLD_OF_MEETING


# Action items: due in three days, due today (owner); a week overdue (owner and the owner's coordinators).

DUE = date(2031, 5, 20)


@pytest.fixture
def held(cas_official, sipo_official):
    """CAS's meeting of 5 May; the SIPO official takes the minutes and assigns the actions."""
    return schedule(
        cas_official,
        attendees=[cas_official, sipo_official],
        starts_at=local(date(2031, 5, 5), 10, 0),
        scheduled_at=local(MAY_1, 10, 0),
        chair=cas_official,
        minute_taker=sipo_official,
    )


def assign(meeting, owner, *, description="Send the patent statistics", due=DUE):
    with at(local(date(2031, 5, 6), 10, 0)):
        return meetings.action_item_create(
            meeting=meeting, by=meeting.minute_taker, description=description, owner=owner, due_date=due
        )


def test_an_action_due_in_three_days_is_reminded_to_its_owner_once(held, sipo_official, beat, mailoutbox):
    assign(held, sipo_official)

    assert beat(local(date(2031, 5, 16))) == 0, "four days before: nothing"
    assert beat(local(date(2031, 5, 16), 23, 59)) == 0
    assert sent(ACTION_DUE_SOON) == []

    assert beat(local(date(2031, 5, 17), 0, 0)) == 1  # three days before, in Beijing (still the 16th in UTC)
    assert sent(ACTION_DUE_SOON) == ["sipo_official"]

    for moment in (local(date(2031, 5, 17)), local(date(2031, 5, 18)), local(date(2031, 5, 19), 23, 59)):
        assert beat(moment) == 0, moment
    assert sent(ACTION_DUE_SOON) == ["sipo_official"]
    assert [m.to for m in mailoutbox] == [["sipo_official@example.org"]]
    assert mailoutbox[0].subject == (
        "[CAS–SIPO Cooperation] Reminder: your action “Send the patent statistics” is due on 20 May 2031"
    )


def test_a_due_soon_reminder_missed_by_beat_is_sent_at_the_next_run_before_the_due_day(
    held, sipo_official, cas_official, beat
):
    assign(held, sipo_official)
    # Assigned on the 6th, due in two days: already inside the three-day window.
    assign(held, cas_official, description="Confirm the venue", due=date(2031, 5, 8))

    assert beat(local(date(2031, 5, 7))) == 1
    assert sent(ACTION_DUE_SOON) == ["cas_official"]

    # Beat did not run on the 17th (worker down): the 18th still sends the three-day reminder.
    beat(local(date(2031, 5, 18)))
    beat(local(date(2031, 5, 19)))
    assert sent(ACTION_DUE_SOON) == ["cas_official", "sipo_official"]


def test_an_action_due_today_is_reminded_to_its_owner_on_the_day_once(held, sipo_official, beat):
    assign(held, sipo_official)
    assert beat(local(date(2031, 5, 17))) == 1  # the three-day reminder

    assert beat(local(date(2031, 5, 19), 23, 59)) == 0
    assert sent(ACTION_DUE_TODAY) == []

    assert beat(local(DUE, 0, 0)) == 1  # the due day in Beijing, still the 19th in UTC
    assert beat(local(DUE)) == 0
    assert beat(local(DUE, 23, 59)) == 0

    assert sent(ACTION_DUE_TODAY) == ["sipo_official"]
    assert sent(ACTION_DUE_SOON) == ["sipo_official"]
    assert sent(ACTION_OVERDUE) == []


def test_an_action_a_week_overdue_escalates_to_the_owner_and_the_owners_party_coordinators_once(
    held,
    sipo_official,
    cas_official,
    cas_coordinator,
    sipo_coordinator,
    sipo_coordinator_2,
    sipo_former_coordinator,
    sipo_docadmin,
    beat,
    mailoutbox,
):
    # The owner is from SIPO although CAS organised the meeting: SIPO's coordinators are told.
    assign(held, sipo_official)
    for day in range(17, 27):  # up to six days overdue (the 26th)
        beat(local(date(2031, 5, day)))
    assert sent(ACTION_OVERDUE) == []
    mailoutbox.clear()

    assert beat(local(date(2031, 5, 27), 0, 0)) == 3  # seven days overdue in Beijing

    assert sent(ACTION_OVERDUE) == ["sipo_coordinator", "sipo_coordinator_2", "sipo_official"]
    assert sorted(m.to[0] for m in mailoutbox) == [
        "sipo_coordinator@example.org",
        "sipo_coordinator_2@example.org",
        "sipo_official@example.org",
    ]
    assert {m.subject for m in mailoutbox} == {
        "[CAS–SIPO Cooperation] Overdue: “Send the patent statistics” (Wang Fang) was due on 20 May 2031"
    }

    assert beat(local(date(2031, 5, 27))) == 0
    assert beat(local(date(2031, 5, 28))) == 0
    assert beat(local(date(2031, 6, 27))) == 0, "a month later: still once"
    assert sent(ACTION_OVERDUE) == ["sipo_coordinator", "sipo_coordinator_2", "sipo_official"]


def test_an_overdue_action_of_a_coordinator_is_escalated_to_them_once_and_to_their_colleagues(
    held, cas_coordinator, sipo_coordinator, beat
):
    assign(held, cas_coordinator)
    second_cas_coordinator = UserFactory(
        username="cas_second_coordinator", party=cas_coordinator.party, roles=[Role.COORDINATOR]
    )

    assert beat(local(date(2031, 5, 27))) == 2

    assert sent(ACTION_OVERDUE) == ["cas_coordinator", second_cas_coordinator.username]


def test_a_done_action_is_not_reminded(held, sipo_official, cas_official, cas_coordinator, beat):
    done = assign(held, sipo_official, description="Book the room")
    assign(held, cas_official, description="Send the patent statistics")
    with at(local(date(2031, 5, 10))):
        meetings.action_item_complete(item=done, by=sipo_official, note="Booked.")

    for day in (date(2031, 5, 17), DUE, date(2031, 5, 27)):
        assert beat(local(day)) >= 1, day  # the open item's reminders

    done_rows = OutboxMessage.objects.filter(params__action="Book the room").exclude(kind="meeting.action_assigned")
    assert not done_rows.exists()
    assert sent(ACTION_DUE_SOON) == sent(ACTION_DUE_TODAY) == ["cas_official"]
    assert sent(ACTION_OVERDUE) == ["cas_coordinator", "cas_official"]


# Minutes waiting for a coordinator's review.

SUBMITTED = local(date(2031, 5, 6), 10, 0)


def submit(meeting, *, when=SUBMITTED, text="# Minutes\n\nThe chair opened the meeting.\n"):
    taker = meeting.minute_taker
    with at(when):
        minutes = meetings.minutes_start(meeting=meeting, by=taker)
        minutes = meetings.minutes_save(minutes=minutes, by=taker, text=text)
        return meetings.minutes_submit(minutes=minutes, by=taker)


def review(minutes, by, *, when, approve=True):
    with at(when):
        if approve:
            return meetings.minutes_approve(minutes=minutes, revision=minutes.current_revision.number, by=by)
        return meetings.minutes_request_changes(
            minutes=minutes, revision=minutes.current_revision.number, by=by, comment="Add the decisions."
        )


def test_minutes_waiting_three_days_remind_the_coordinators_of_both_parties_once(
    held, cas_coordinator, sipo_coordinator, sipo_former_coordinator, personas, beat, mailoutbox
):
    submit(held)

    assert beat(local(date(2031, 5, 8), 10, 0)) == 0, "two days later: nothing"
    assert beat(SUBMITTED + timedelta(days=3, seconds=-1)) == 0
    assert sent(MINUTES_WAITING) == []

    assert beat(SUBMITTED + timedelta(days=3)) == 2

    assert sent(MINUTES_WAITING, held) == ["cas_coordinator", "sipo_coordinator"]
    assert sorted(m.to[0] for m in mailoutbox) == ["cas_coordinator@example.org", "sipo_coordinator@example.org"]
    assert {m.subject for m in mailoutbox} == {
        f"[CAS–SIPO Cooperation] Reminder: the minutes of “{TITLE}” have waited 3 days for your party's review"
    }
    assert beat(local(date(2031, 5, 10))) == 0
    assert beat(local(date(2031, 5, 20))) == 0
    assert sent(MINUTES_WAITING) == ["cas_coordinator", "sipo_coordinator"]


def test_minutes_approved_by_one_party_remind_only_the_other_partys_coordinators(
    held, cas_coordinator, sipo_coordinator, sipo_coordinator_2, beat
):
    minutes = submit(held)
    review(minutes, cas_coordinator, when=local(date(2031, 5, 7)))

    assert beat(local(date(2031, 5, 9), 9, 59)) == 0
    assert beat(local(date(2031, 5, 9), 10, 0)) == 2

    assert sent(MINUTES_WAITING) == ["sipo_coordinator", "sipo_coordinator_2"]


def test_minutes_are_reminded_once_per_revision(held, cas_coordinator, sipo_coordinator, beat):
    minutes = submit(held)
    first = minutes.current_revision.number
    assert beat(local(date(2031, 5, 9), 10, 0)) == 2
    review(minutes, sipo_coordinator, when=local(date(2031, 5, 10)), approve=False)
    assert beat(local(date(2031, 5, 11))) == 0, "a draft waits for nobody's review"

    # The minute-taker revises and submits revision 2 on the 11th at 10:00: a new wait.
    second = submit(held, when=local(date(2031, 5, 11), 10, 0), text="# Minutes\n\nDecisions: none.\n")
    second = second.current_revision.number
    assert second > first
    assert beat(local(date(2031, 5, 14), 9, 59)) == 0
    assert beat(local(date(2031, 5, 14), 10, 0)) == 2
    assert beat(local(date(2031, 5, 15))) == 0

    assert sent(MINUTES_WAITING) == ["cas_coordinator", "cas_coordinator", "sipo_coordinator", "sipo_coordinator"]
    revisions = OutboxMessage.objects.filter(kind=MINUTES_WAITING.key).values_list("params__revision", flat=True)
    assert sorted(revisions) == [first, first, second, second]


def test_minutes_sent_back_for_changes_before_the_reminder_wait_for_nobodys_review(
    held, cas_coordinator, sipo_coordinator, beat
):
    minutes = submit(held)
    review(minutes, sipo_coordinator, when=local(date(2031, 5, 8)), approve=False)

    # CAS has not reviewed either, but the minutes are a draft again: the minute-taker has the next move.
    assert beat(local(date(2031, 5, 9), 10, 0)) == 0
    assert beat(local(date(2031, 5, 20))) == 0
    assert sent(MINUTES_WAITING) == []


def test_minutes_approved_by_both_parties_are_not_reminded(held, cas_coordinator, sipo_coordinator, beat):
    minutes = submit(held)
    review(minutes, cas_coordinator, when=local(date(2031, 5, 7)))
    review(minutes, sipo_coordinator, when=local(date(2031, 5, 8)))

    assert beat(local(date(2031, 5, 9), 10, 0)) == 0
    assert sent(MINUTES_WAITING) == []


def test_minutes_submitted_again_unchanged_remind_the_party_that_asked_for_changes(
    held, cas_coordinator, sipo_coordinator, beat
):
    minutes = submit(held)
    review(minutes, cas_coordinator, when=local(date(2031, 5, 7)))
    assert beat(local(date(2031, 5, 9), 10, 0)) == 1  # SIPO has not reviewed
    review(minutes, sipo_coordinator, when=local(date(2031, 5, 10)), approve=False)

    # The minute-taker submits the same text again: SIPO must still decide (and may approve it).
    with at(local(date(2031, 5, 11), 10, 0)):
        meetings.minutes_submit(minutes=minutes, by=held.minute_taker)
    assert beat(local(date(2031, 5, 14), 10, 0)) == 1

    assert sent(MINUTES_WAITING) == ["sipo_coordinator", "sipo_coordinator"]


def test_an_internal_meetings_minutes_remind_only_its_own_partys_coordinators(
    cas_official, cas_coordinator, sipo_coordinator, beat
):
    internal = schedule(
        cas_official,
        attendees=[cas_official, cas_coordinator],
        starts_at=local(date(2031, 5, 5), 10, 0),
        scheduled_at=local(MAY_1, 10, 0),
        title="CAS preparatory meeting",
        internal=True,
        minute_taker=cas_official,
    )
    submit(internal)

    assert beat(local(date(2031, 5, 8), 10, 0)) == 0
    assert beat(local(date(2031, 5, 9), 10, 0)) == 1

    assert sent(MINUTES_WAITING) == ["cas_coordinator"]


# Activities waiting for the other party's confirmation.

LOGGED = local(date(2031, 5, 1), 10, 0)


def log(author, joint_fields, *, when=LOGGED, **changes):
    with at(when):
        return activities.activity_create(author=author, fields=replace(joint_fields, **changes), log=True)


def test_an_activity_waiting_a_week_reminds_the_other_partys_coordinators_once(
    cas_official, joint_fields, cas_coordinator, sipo_coordinator, sipo_coordinator_2, beat, mailoutbox
):
    activity = log(cas_official, joint_fields)

    assert beat(local(date(2031, 5, 7), 10, 0)) == 0, "six days later: nothing"
    assert beat(LOGGED + timedelta(days=7, seconds=-1)) == 0
    assert sent(ACTIVITY_UNCONFIRMED) == []

    assert beat(LOGGED + timedelta(days=7)) == 2

    assert sent(ACTIVITY_UNCONFIRMED, activity) == ["sipo_coordinator", "sipo_coordinator_2"]
    assert sorted(m.to[0] for m in mailoutbox) == [
        "sipo_coordinator@example.org",
        "sipo_coordinator_2@example.org",
    ]
    assert {m.subject for m in mailoutbox} == {
        "[CAS–SIPO Cooperation] Reminder: “AI patent landscape” has waited 7 days for your party's confirmation"
    }
    assert beat(local(date(2031, 5, 9))) == 0
    assert beat(local(date(2031, 6, 1))) == 0
    assert sent(ACTIVITY_UNCONFIRMED) == ["sipo_coordinator", "sipo_coordinator_2"]


def test_an_activity_logged_by_sipo_reminds_cas_coordinators_never_the_authors_party(
    sipo_official, cas_official, joint_fields, sipo, cas_coordinator, sipo_coordinator, beat
):
    activity = log(sipo_official, joint_fields, title="Patent examination workshop", lead_party=sipo)

    assert beat(local(date(2031, 5, 8), 10, 0)) == 1

    assert sent(ACTIVITY_UNCONFIRMED, activity) == ["cas_coordinator"]


def test_a_confirmed_activity_is_not_reminded(cas_official, joint_fields, sipo_coordinator, beat):
    confirmed = log(cas_official, joint_fields, title="Confirmed in time")
    waiting = log(cas_official, joint_fields, title="Still waiting")
    with at(local(date(2031, 5, 3))):
        activities.activity_confirm(activity=confirmed, by=sipo_coordinator)

    assert beat(local(date(2031, 5, 8), 10, 0)) == 1

    assert sent(ACTIVITY_UNCONFIRMED, confirmed) == []
    assert sent(ACTIVITY_UNCONFIRMED, waiting) == ["sipo_coordinator"]


def test_an_activity_returned_and_logged_again_waits_anew_and_is_reminded_again(
    cas_official, joint_fields, sipo_coordinator, beat
):
    activity = log(cas_official, joint_fields)
    assert beat(local(date(2031, 5, 8), 10, 0)) == 1
    with at(local(date(2031, 5, 9))):
        activities.activity_return(activity=activity, by=sipo_coordinator, comment="Add the report.")
    assert beat(local(date(2031, 5, 10))) == 0, "returned: waiting for its author, not for confirmation"

    relogged_at = local(date(2031, 5, 10), 12, 0)
    with at(relogged_at):
        activities.activity_log(activity=activity, by=cas_official)

    assert beat(relogged_at + timedelta(days=6)) == 0
    assert beat(relogged_at + timedelta(days=7, seconds=-1)) == 0
    assert beat(relogged_at + timedelta(days=7)) == 1
    assert beat(relogged_at + timedelta(days=8)) == 0

    assert sent(ACTIVITY_UNCONFIRMED, activity) == ["sipo_coordinator", "sipo_coordinator"]


# Preferences and language.


def test_a_reminder_follows_the_recipients_channel_preference(
    cas_official, joint_fields, sipo_coordinator, sipo_coordinator_2, beat, mailoutbox
):
    NotificationPreference.objects.create(user=sipo_coordinator, kind=ACTIVITY_UNCONFIRMED.key, channel=Channel.PORTAL)
    log(cas_official, joint_fields)

    assert beat(local(date(2031, 5, 8), 10, 0)) == 2

    in_app = Notification.objects.filter(kind=ACTIVITY_UNCONFIRMED.key)
    assert dict(in_app.values_list("recipient__username", "channel")) == {
        "sipo_coordinator": Channel.PORTAL,
        "sipo_coordinator_2": Channel.IMMEDIATE,
    }
    assert [m.to for m in mailoutbox] == [["sipo_coordinator_2@example.org"]]


@pytest.fixture
def sipo_official_reads_chinese(sipo_official):
    sipo_official.preferred_language = Language.CHINESE
    sipo_official.save(update_fields=["preferred_language"])
    return sipo_official


def test_the_reminder_names_the_meeting_in_each_recipients_language(
    invited, sipo_official_reads_chinese, cas_official, beat, mailoutbox
):
    with translation.override("en"):  # whatever language beat's worker runs in
        assert beat(local(MAY_11)) == 3

    mail = {m.to[0]: m for m in mailoutbox}
    english, chinese = mail[cas_official.email], mail[sipo_official_reads_chinese.email]
    assert english.subject == f"[CAS–SIPO Cooperation] Reminder: “{TITLE}” is tomorrow, 12 May 2031, 07:00 Beijing time"
    assert 'lang="en"' in english.alternatives[0].content
    notification = Notification.objects.get(kind=MEETING_TOMORROW.key, recipient=sipo_official_reads_chinese)
    with translation.override("zh-hans"):
        chinese_subject = notification.message
    assert chinese.subject == f"[中国科学院–国家知识产权局合作] {chinese_subject}"
    assert TITLE in chinese_subject and "2031年5月12日 07:00" in chinese_subject
    assert 'lang="zh-hans"' in chinese.alternatives[0].content


@pytest.mark.parametrize(
    "kind, params",
    [
        pytest.param(kind, params, id=kind.key)
        for kind, params in [
            (MEETING_TOMORROW, {"title": TITLE, "when": "2031-05-12 07:00"}),
            (ACTION_DUE_SOON, {"title": TITLE, "action": "Send the statistics", "due": "2031-05-20"}),
            (ACTION_DUE_TODAY, {"title": TITLE, "action": "Send the statistics", "due": "2031-05-20"}),
            (ACTION_OVERDUE, {"title": TITLE, "action": "Send the statistics", "due": "2031-05-20", "owner": "Wang"}),
            (MINUTES_WAITING, {"title": TITLE, "days": 3, "revision": 2}),
            (ACTIVITY_UNCONFIRMED, {"title": TITLE, "actor": "Li Ming", "days": 7}),
        ]
    ],
)
def test_every_reminder_is_translated_into_chinese(kind, params):
    with translation.override("zh-hans"):
        subject, body = kind.render_subject(params), kind.render_body(params)
        label = str(kind.label)
    assert TITLE in subject or "Send the statistics" in subject
    for text in (subject.replace(TITLE, ""), body.replace(TITLE, ""), label):
        assert CJK.search(text), text


# Beat.


def test_beat_sends_the_reminders_every_morning_in_beijing(db):
    task = PeriodicTask.objects.get(task="protocol.notifications.tasks.send_reminders_task")
    assert task.enabled
    assert (task.crontab.hour, task.crontab.minute, str(task.crontab.timezone)) == ("7", "30", "Asia/Shanghai")
