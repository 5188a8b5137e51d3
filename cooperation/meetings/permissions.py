"""Who may do what with a meeting; views and templates ask the same questions."""

from django.utils import timezone

from protocol.parties.roles import Role
from protocol.visibility import has_party, holds_role

from .models import ActionItem, Meeting, MeetingStatus, Minutes, MinutesStatus


def can_schedule(user) -> bool:
    return holds_role(user, Role.OFFICIAL) or holds_role(user, Role.COORDINATOR)


def can_edit(user, meeting: Meeting) -> bool:
    """The organising party's officials and coordinators, while the meeting is ahead."""
    return (
        can_schedule(user)
        and user.party_id == meeting.organising_party_id
        and meeting.status == MeetingStatus.SCHEDULED
    )


def can_answer(user, meeting: Meeting, *, invited: bool) -> bool:
    """RSVP: only the invited, only while the meeting is ahead."""
    return invited and meeting.status == MeetingStatus.SCHEDULED


def can_follow_minutes(user, meeting: Meeting, *, invited: bool) -> bool:
    """Attendees and coordinators follow the minutes before they are approved; others read approved text only.
    Which revisions they follow is the draft rule (selectors.minutes_revisions_readable_by): a revision not yet
    submitted is its author's party's alone."""
    return invited or holds_role(user, Role.COORDINATOR)


def can_assign_actions(user, meeting: Meeting) -> bool:
    """The chair, the minute-taker and the organising party's coordinators (an action may go to either party)."""
    if not has_party(user):
        return False
    return user.pk in (meeting.chair_id, meeting.minute_taker_id) or (
        holds_role(user, Role.COORDINATOR) and user.party_id == meeting.organising_party_id
    )


def can_mark_done(user, item: ActionItem) -> bool:
    """Only its owner marks an action item done. (Once: a second time is the record having moved on, which the
    service answers, not a refusal.)"""
    return bool(user.is_authenticated) and item.owner_id == user.pk


def can_cancel(user, meeting: Meeting) -> bool:
    """Cancelling is for a meeting still ahead: held or cancelled ones stay as they are."""
    return can_edit(user, meeting) and meeting.status == MeetingStatus.SCHEDULED


def can_write_minutes(user, meeting: Meeting) -> bool:
    """Only the minute-taker writes, revises and amends the minutes (the services check the same)."""
    return bool(user.is_authenticated) and meeting.minute_taker_id == user.pk


def can_review_minutes(user, minutes: Minutes | None) -> bool:
    """A coordinator of either party decides for their own party, while the minutes wait for review."""
    return minutes is not None and minutes.status == MinutesStatus.IN_REVIEW and holds_role(user, Role.COORDINATOR)


def can_mark_held(user, meeting: Meeting) -> bool:
    """The organising party records that a scheduled meeting took place, once it has started."""
    return can_edit(user, meeting) and meeting.status == MeetingStatus.SCHEDULED and meeting.starts_at <= timezone.now()


def can_manage_series(user) -> bool:
    """Coordinators of either party set up the series meetings belong to (the Joint Working Group…)."""
    return holds_role(user, Role.COORDINATOR)
