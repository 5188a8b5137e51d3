"""Who may hold a token, and what a request through the API may do: the areas' own predicates decide the rest."""

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotAuthenticated
from rest_framework.permissions import SAFE_METHODS, BasePermission

from protocol.mfa import policy
from protocol.visibility import has_party

from .models import Token

READ_ONLY_TOKEN = _("This token is read-only: make a read-and-write token to change anything.")


def can_create_token(user, *, verified: bool) -> bool:
    """Staff of a party; where the second factor is required for their role, in a session that passed it."""
    if not has_party(user) or not user.is_active:
        return False
    return verified or not policy.is_mfa_required(user)


def can_revoke_token(user, token: Token) -> bool:
    return token.user_id == user.pk


class StaffWithinTokenScope(BasePermission):
    """Signed in (by session or token); a read-only token reads and changes nothing. What else the user may see
    and do is the areas' selectors and predicates (one of no party sees nothing, as on the pages)."""

    message = READ_ONLY_TOKEN

    def has_permission(self, request, view) -> bool:
        if not request.user or not request.user.is_authenticated:
            raise NotAuthenticated
        read_only = isinstance(request.auth, Token) and request.auth.is_read_only
        return not (read_only and request.method not in SAFE_METHODS)
