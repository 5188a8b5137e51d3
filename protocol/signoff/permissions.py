"""Who may decide for a party; the services ask the same question as the views and templates."""

from collections.abc import Collection

from protocol.parties.roles import Role
from protocol.visibility import holds_role


def can_sign_off(user, required_parties: Collection[int], *, deciders: Collection[int] | None = None) -> bool:
    """A coordinator decides for their own party, and only a party whose sign-off is required. Where the
    record names who decides for each party instead (a research deliverable: its principal investigators),
    `deciders` holds their user ids and the coordinators have no say."""
    if deciders is not None:
        return bool(user.is_authenticated) and user.pk in deciders and user.party_id in required_parties
    return holds_role(user, Role.COORDINATOR) and user.party_id in required_parties
