"""Who may decide for a party; the services ask the same question as the views and templates."""

from collections.abc import Collection

from protocol.parties.roles import Role
from protocol.visibility import holds_role


def can_sign_off(user, required_parties: Collection[int]) -> bool:
    """A coordinator decides for their own party, and only a party whose sign-off is required."""
    return holds_role(user, Role.COORDINATOR) and user.party_id in required_parties
