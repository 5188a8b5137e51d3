"""Who may do what to an activity; views and templates ask the same questions."""

from protocol.parties.roles import Role
from protocol.visibility import holds_role

from .models import EDITABLE_STATUSES, Activity, Status


def can_log(user) -> bool:
    return holds_role(user, Role.OFFICIAL) or holds_role(user, Role.COORDINATOR)


def can_edit(user, activity: Activity) -> bool:
    if activity.status not in EDITABLE_STATUSES or not can_log(user):
        return False
    return activity.author_id == user.pk or (user.has_role(Role.COORDINATOR) and user.party_id == activity.party_id)


def can_delete(user, activity: Activity) -> bool:
    return activity.status == Status.DRAFT and can_edit(user, activity)


def can_submit(user, activity: Activity) -> bool:
    """Log a draft, or log again an activity the other party returned."""
    return activity.status in (Status.DRAFT, Status.RETURNED) and can_edit(user, activity)


def can_review(user, activity: Activity) -> bool:
    """Confirm or return: only the other party's coordinators, only while awaiting confirmation."""
    return (
        activity.status == Status.LOGGED and holds_role(user, Role.COORDINATOR) and user.party_id != activity.party_id
    )
