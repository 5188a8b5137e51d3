"""Who may see what: the one party rule every `*_visible_to(user)` selector builds on, and its predicates.

A record is visible to its own party, and to the other party when it is shared (not internal, not a
draft: each area says what "shared" means for it). A user of no party (a portal admin's technical
account) sees nothing. Asking for what one may not see is answered 404 (`visible_or_404`).
"""

from collections.abc import Callable
from typing import TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q, QuerySet
from django.http import Http404

from protocol.parties.roles import Role

T = TypeVar("T")


def has_party(user) -> bool:
    """Signed in as staff of one of the parties."""
    return bool(user.is_authenticated and user.party_id)


def holds_role(user, role: Role) -> bool:
    """Staff of a party holding `role`."""
    return has_party(user) and user.has_role(role)


def party_scoped(rows: QuerySet, user, *, shared: Q, owner: str = "party") -> QuerySet:
    """`rows` the user may see: their own party's (by the `owner` party field) and the other party's `shared`.
    `user` None asks for what both parties see (the annual report's reader): `shared` alone."""
    if user is None:
        return rows.filter(shared)
    if not has_party(user):
        return rows.none()
    return rows.filter(Q(**{f"{owner}_id": user.party_id}) | shared)


def visible_or_404(read: Callable[..., T], user, *args, **kwargs) -> T:
    """Call a selector that raises DoesNotExist for what the user may not see; answer 404 instead."""
    try:
        return read(user, *args, **kwargs)
    except ObjectDoesNotExist:
        raise Http404 from None
