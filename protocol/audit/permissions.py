"""Who reads the trail: the portal's administrators, nobody else (others are answered 404). Nobody writes it
but the portal itself: no page and no admin changes or deletes an entry."""

from protocol.agreement.permissions import is_portal_admin


def can_read_trail(user) -> bool:
    return is_portal_admin(user)
