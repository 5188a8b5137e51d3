from django.db.models import QuerySet
from django.utils import timezone

from . import services
from .models import Token


def tokens_of(user) -> QuerySet[Token]:
    """The user's own tokens, revoked ones left out (the audit trail keeps them)."""
    return Token.objects.filter(user=user, revoked_at__isnull=True)


def token_usable(raw: str) -> Token | None:
    """The unrevoked, unexpired token `raw` is, with its active user, or None."""
    parts = services.split(raw)
    if parts is None:
        return None
    prefix, raw = parts
    token = (
        Token.objects.select_related("user", "user__party")
        .filter(prefix=prefix, revoked_at__isnull=True, expires_at__gt=timezone.now(), user__is_active=True)
        .first()
    )
    if token is None or not services.matches(token, raw):
        return None
    return token
