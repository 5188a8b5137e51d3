"""Who may do what with the annual report; views, templates and services ask the same questions."""

from protocol.parties.roles import Role
from protocol.visibility import has_party, holds_role


def can_read_reports(user) -> bool:
    """Staff of either party read the locked records."""
    return has_party(user)


def can_read_drafts(user) -> bool:
    """Versions not (yet) approved by both parties, and the highlights they are built from: coordinators."""
    return holds_role(user, Role.COORDINATOR)


def can_generate(user) -> bool:
    return holds_role(user, Role.COORDINATOR)


def can_choose_highlights(user) -> bool:
    return holds_role(user, Role.COORDINATOR)


def can_review(user, report) -> bool:
    """A coordinator decides for their party on a ready version not yet locked."""
    return holds_role(user, Role.COORDINATOR) and report.is_ready and not report.is_locked
