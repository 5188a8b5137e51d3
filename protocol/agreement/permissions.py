"""Who may do what with the agreement's record; views, templates and services ask the same questions."""

from protocol.parties.roles import Role
from protocol.signoff.permissions import can_sign_off
from protocol.visibility import has_party, holds_role

from .models import Amendment, AmendmentStatus, Liaison

# The states in which the proposing party still changes the text (a new version follows when it is proposed).
EDITABLE = (AmendmentStatus.DRAFT, AmendmentStatus.EDITING, AmendmentStatus.IN_REVIEW)


def can_read_record(user) -> bool:
    """The amendments and the liaisons are read by the staff of both parties."""
    return has_party(user)


def is_portal_admin(user) -> bool:
    return bool(user.is_authenticated and user.is_active and (user.is_staff or user.is_superuser))


def can_propose_amendment(user) -> bool:
    return holds_role(user, Role.COORDINATOR)


def can_edit_amendment(user, amendment: Amendment) -> bool:
    """The proposing party's coordinators change the text until both parties approved a version."""
    return holds_role(user, Role.COORDINATOR) and user.party_id == amendment.party_id and amendment.status in EDITABLE


def can_propose(user, amendment: Amendment) -> bool:
    """Send the working text for approval: a draft, or a text revised since the last version."""
    return can_edit_amendment(user, amendment) and amendment.status in (AmendmentStatus.DRAFT, AmendmentStatus.EDITING)


def can_review_amendment(user, amendment: Amendment, required_parties) -> bool:
    return amendment.status == AmendmentStatus.IN_REVIEW and can_sign_off(user, required_parties)


def can_read_liaisons(user) -> bool:
    """Staff of either party read the directory; the portal admins who keep it too."""
    return has_party(user) or is_portal_admin(user)


def can_maintain_liaisons(user) -> bool:
    """Add liaisons at all: portal admins (for either party) and coordinators (for their own)."""
    return is_portal_admin(user) or holds_role(user, Role.COORDINATOR)


def can_maintain_liaisons_of(user, party_id: int | None) -> bool:
    if is_portal_admin(user):
        return True
    return holds_role(user, Role.COORDINATOR) and party_id is not None and user.party_id == party_id


def can_edit_liaison(user, liaison: Liaison) -> bool:
    return can_maintain_liaisons_of(user, liaison.party_id)


def can_sign_off_amendments(user) -> bool:
    """An amendment binds both parties: a coordinator of either decides for their party."""
    return holds_role(user, Role.COORDINATOR)
