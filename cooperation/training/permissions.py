"""Who may do what in training; views, templates and services ask the same questions."""

from django.utils import timezone

from protocol.parties.roles import Role
from protocol.visibility import has_party, holds_role

from .models import ACTIVE, Attendance, Course, Enrolment, EnrolmentStatus, SessionStatus, TrainingSession


def can_organise(user) -> bool:
    """Officials and coordinators set up their party's courses and sessions."""
    return holds_role(user, Role.OFFICIAL) or holds_role(user, Role.COORDINATOR)


def can_edit_course(user, course: Course) -> bool:
    return can_organise(user) and user.party_id == course.organising_party_id


def can_edit_session(user, session: TrainingSession) -> bool:
    return (
        can_edit_course(user, session.course)
        and session.status == SessionStatus.SCHEDULED
        and session.attendance_locked_at is None
    )


def enrolment_open(session: TrainingSession, *, now=None) -> bool:
    now = now or timezone.now()
    return session.status == SessionStatus.SCHEDULED and session.enrolment_opens_at <= now < session.enrolment_closes_at


def can_enrol(user, session: TrainingSession) -> bool:
    return has_party(user) and enrolment_open(session)


def can_nominate(user, session: TrainingSession) -> bool:
    """A coordinator enrols staff of their own party."""
    return holds_role(user, Role.COORDINATOR) and enrolment_open(session)


def coordinates_enrolee(user, enrolment: Enrolment) -> bool:
    """A coordinator of the enrolee's own party: who decides and withdraws their enrolments."""
    return holds_role(user, Role.COORDINATOR) and user.party_id == enrolment.party_id


def can_decide(user, enrolment: Enrolment) -> bool:
    """The enrolee's own party's coordinator approves or declines."""
    return coordinates_enrolee(user, enrolment) and enrolment.status == EnrolmentStatus.PENDING


def is_cancellable(enrolment: Enrolment, session: TrainingSession) -> bool:
    """Still in the running for a seat, on a session whose attendance is not locked: there is something to cancel."""
    return enrolment.status in ACTIVE and session.attendance_locked_at is None


def can_cancel(user, enrolment: Enrolment, session: TrainingSession) -> bool:
    """The enrolee until enrolment closes; after that only their party's coordinator (a withdrawal)."""
    if not is_cancellable(enrolment, session):
        return False
    if enrolment.user_id == user.pk and timezone.now() < session.enrolment_closes_at:
        return True
    return coordinates_enrolee(user, enrolment)


def can_mark_attendance(user, session: TrainingSession, *, trainer_ids: set[int]) -> bool:
    """A trainer, or the organising party's coordinator, once the session has started and until it is locked."""
    if session.status != SessionStatus.SCHEDULED or session.attendance_locked_at is not None:
        return False
    if session.starts_at > timezone.now():
        return False
    organiser = holds_role(user, Role.COORDINATOR) and user.party_id == session.course.organising_party_id
    return organiser or (has_party(user) and user.pk in trainer_ids)


def can_countersign(user, session: TrainingSession) -> bool:
    """The other party's coordinator, for the attendance of its own staff."""
    return (
        holds_role(user, Role.COORDINATOR)
        and user.party_id != session.course.organising_party_id
        and session.attendance_locked_at is None
        and session.starts_at <= timezone.now()
    )


def can_revoke_certificate(user, session: TrainingSession) -> bool:
    return holds_role(user, Role.COORDINATOR) and user.party_id == session.course.organising_party_id


def can_see_feedback(user, session: TrainingSession, *, trainer_ids: set[int]) -> bool:
    """The session's trainers and the organising party's coordinators, who see it in aggregate only."""
    organiser = holds_role(user, Role.COORDINATOR) and user.party_id == session.course.organising_party_id
    return organiser or (has_party(user) and user.pk in trainer_ids)


def can_give_feedback(user, enrolment, session: TrainingSession, *, given: bool) -> bool:
    """An attendee, once, after the session (services.feedback_give asks the same)."""
    return (
        enrolment is not None
        and enrolment.user_id == user.pk
        and enrolment.attendance in (Attendance.PRESENT, Attendance.PARTLY)
        and session.ends_at <= timezone.now()
        and not given
    )


def may_still_withdraw(enrolment, session: TrainingSession) -> bool:
    """Whether a withdrawal (by the coordinator, after enrolment closed) still means anything."""
    return (
        enrolment is not None
        and enrolment.status in (EnrolmentStatus.PENDING, EnrolmentStatus.ENROLLED, EnrolmentStatus.WAITLISTED)
        and session.status == SessionStatus.SCHEDULED
        and session.attendance_locked_at is None
    )
