"""Training's predicates themselves, person by person, on one SIPO session (make mutation found these unguarded:
the pages that ask them are outside its test selection). The session and its records are changed in memory;
each state case differs from a case that is allowed by one condition only, so that dropping or inverting the
condition, or moving a boundary by one, changes an answer."""

from datetime import timedelta

import pytest
import time_machine

from cooperation.training.models import Attendance, Enrolment, EnrolmentStatus, SessionStatus
from cooperation.training.permissions import (
    can_cancel,
    can_countersign,
    can_edit_session,
    can_enrol,
    can_give_feedback,
    can_mark_attendance,
    can_see_feedback,
    enrolment_open,
    may_still_withdraw,
)

SECOND = timedelta(seconds=1)


@pytest.fixture
def trainer_ids(sipo_official):
    """The session's trainers (make_session names the SIPO official)."""
    return {sipo_official.pk}


# The course is SIPO's; the SIPO official trains. At the session's start, while its attendance is open:
# (edit the session, enrol, mark attendance, countersign, see the feedback).
@pytest.mark.parametrize(
    ("username", "edit", "enrol", "mark", "countersign", "feedback"),
    [
        ("cas_official", False, True, False, False, False),
        ("sipo_official", True, True, True, False, True),  # an organiser of SIPO's, and the trainer
        ("cas_docadmin", False, True, False, False, False),
        ("sipo_docadmin", False, True, False, False, False),  # of the organising party, neither organiser nor trainer
        ("cas_coordinator", False, True, False, True, False),  # the other party's coordinator countersigns
        ("sipo_coordinator", True, True, True, False, True),  # the organising party's coordinator
        ("outsider", False, False, False, False, False),
    ],
)
def test_who_may_do_what_on_a_session(
    session, personas, trainer_ids, username, edit, enrol, mark, countersign, feedback
):
    person = personas[username]
    assert can_edit_session(person, session) is edit
    assert can_enrol(person, session) is enrol  # enrolment opened yesterday
    with time_machine.travel(session.starts_at, tick=False):
        assert can_mark_attendance(person, session, trainer_ids=trainer_ids) is mark
        assert can_countersign(person, session) is countersign
    assert can_see_feedback(person, session, trainer_ids=trainer_ids) is feedback


def test_a_trainer_counts_only_while_named_and_only_as_staff_of_a_party(session, personas):
    at_start = time_machine.travel(session.starts_at, tick=False)
    with at_start:
        assert not can_mark_attendance(personas["sipo_official"], session, trainer_ids=set())
        assert can_mark_attendance(personas["cas_official"], session, trainer_ids={personas["cas_official"].pk})
        assert not can_mark_attendance(personas["outsider"], session, trainer_ids={personas["outsider"].pk})
    assert not can_see_feedback(personas["sipo_official"], session, trainer_ids=set())
    assert can_see_feedback(personas["cas_official"], session, trainer_ids={personas["cas_official"].pk})
    assert not can_see_feedback(personas["outsider"], session, trainer_ids={personas["outsider"].pk})
    # The organising party's coordinator needs no trainer's place.
    assert can_see_feedback(personas["sipo_coordinator"], session, trainer_ids=set())


def test_a_session_is_edited_while_scheduled_and_its_attendance_unlocked(session, sipo_official):
    assert can_edit_session(sipo_official, session)
    session.status = SessionStatus.CANCELLED
    assert not can_edit_session(sipo_official, session)
    session.status = SessionStatus.SCHEDULED
    session.attendance_locked_at = session.ends_at
    assert not can_edit_session(sipo_official, session)


def test_enrolment_is_open_from_its_opening_until_just_before_it_closes(session, cas_official):
    opens, closes = session.enrolment_opens_at, session.enrolment_closes_at
    for at, is_open in [
        (opens - SECOND, False),
        (opens, True),
        (closes - timedelta(microseconds=1), True),
        (closes, False),
    ]:
        with time_machine.travel(at, tick=False):
            assert enrolment_open(session) is is_open, at
            assert can_enrol(cas_official, session) is is_open, at
        # The moment asked for, not the clock's (which is within the window).
        assert enrolment_open(session, now=at) is is_open, at


def test_a_cancelled_session_is_not_open_for_enrolment(session, cas_official):
    session.status = SessionStatus.CANCELLED
    assert not enrolment_open(session)
    assert not can_enrol(cas_official, session)


def test_attendance_is_marked_from_the_sessions_start_until_it_is_locked(session, sipo_coordinator, trainer_ids):
    with time_machine.travel(session.starts_at - SECOND, tick=False):
        assert not can_mark_attendance(sipo_coordinator, session, trainer_ids=trainer_ids)
    with time_machine.travel(session.starts_at, tick=False):
        assert can_mark_attendance(sipo_coordinator, session, trainer_ids=trainer_ids)
        session.attendance_locked_at = session.starts_at
        assert not can_mark_attendance(sipo_coordinator, session, trainer_ids=trainer_ids)
        session.attendance_locked_at = None
        session.status = SessionStatus.CANCELLED
        assert not can_mark_attendance(sipo_coordinator, session, trainer_ids=trainer_ids)


def test_the_other_partys_coordinator_countersigns_from_the_start_until_it_is_locked(session, cas_coordinator):
    with time_machine.travel(session.starts_at - SECOND, tick=False):
        assert not can_countersign(cas_coordinator, session)
    with time_machine.travel(session.starts_at, tick=False):
        assert can_countersign(cas_coordinator, session)
        session.attendance_locked_at = session.starts_at
        assert not can_countersign(cas_coordinator, session)


@pytest.mark.parametrize(
    ("attendance", "may"),
    [(Attendance.PRESENT, True), (Attendance.PARTLY, True), (Attendance.ABSENT, False), ("", False)],
)
def test_feedback_is_given_by_whoever_attended_from_the_sessions_end(session, cas_official, attendance, may):
    enrolment = Enrolment(session=session, user=cas_official, status=EnrolmentStatus.ENROLLED, attendance=attendance)
    with time_machine.travel(session.ends_at, tick=False):
        assert can_give_feedback(cas_official, enrolment, session, given=False) is may


def test_feedback_is_given_once_by_the_attendee_themself_and_not_before_the_end(session, cas_official, cas_coordinator):
    attended = Enrolment(session=session, user=cas_official, status=EnrolmentStatus.ENROLLED)
    attended.attendance = Attendance.PRESENT
    with time_machine.travel(session.ends_at - SECOND, tick=False):
        assert not can_give_feedback(cas_official, attended, session, given=False)
    with time_machine.travel(session.ends_at, tick=False):
        assert can_give_feedback(cas_official, attended, session, given=False)
        assert not can_give_feedback(cas_official, attended, session, given=True)
        assert not can_give_feedback(cas_coordinator, attended, session, given=False)  # someone else's enrolment
        assert not can_give_feedback(cas_official, None, session, given=False)  # never enrolled


@pytest.mark.parametrize(
    ("status", "may"),
    [
        (EnrolmentStatus.PENDING, True),
        (EnrolmentStatus.ENROLLED, True),
        (EnrolmentStatus.WAITLISTED, True),
        (EnrolmentStatus.DECLINED, False),
        (EnrolmentStatus.CANCELLED, False),
        (EnrolmentStatus.WITHDRAWN, False),
    ],
)
def test_a_withdrawal_means_something_only_for_an_enrolment_still_in_the_running(session, cas_official, status, may):
    assert may_still_withdraw(Enrolment(session=session, user=cas_official, status=status), session) is may


def test_a_withdrawal_means_nothing_once_the_session_is_cancelled_or_its_attendance_locked(session, cas_official):
    enrolled = Enrolment(session=session, user=cas_official, status=EnrolmentStatus.ENROLLED)
    assert not may_still_withdraw(None, session)
    session.status = SessionStatus.CANCELLED
    assert not may_still_withdraw(enrolled, session)
    session.status = SessionStatus.SCHEDULED
    session.attendance_locked_at = session.ends_at
    assert not may_still_withdraw(enrolled, session)


def test_the_enrolee_cancels_until_just_before_enrolment_closes_then_only_their_partys_coordinator(
    session, cas_official, cas_coordinator, sipo_coordinator
):
    enrolled = Enrolment(session=session, user=cas_official, party=cas_official.party, status=EnrolmentStatus.ENROLLED)
    with time_machine.travel(session.enrolment_closes_at - SECOND, tick=False):
        assert can_cancel(cas_official, enrolled, session)
    with time_machine.travel(session.enrolment_closes_at, tick=False):
        assert not can_cancel(cas_official, enrolled, session)
        assert can_cancel(cas_coordinator, enrolled, session)
        assert not can_cancel(sipo_coordinator, enrolled, session)
        # Nothing to cancel once cancelled, nor once the attendance is locked.
        cancelled = Enrolment(
            session=session, user=cas_official, party=cas_official.party, status=EnrolmentStatus.CANCELLED
        )
        assert not can_cancel(cas_coordinator, cancelled, session)
        session.attendance_locked_at = session.ends_at
        assert not can_cancel(cas_coordinator, enrolled, session)
