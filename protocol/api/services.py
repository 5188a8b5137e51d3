"""Personal access tokens: made (the secret shown once), revoked, and their last use noted."""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from protocol.errors import RecordMovedOn
from protocol.parties.models import User

from . import permissions
from .models import Scope, Token

# What a token looks like: "cpp_" (the portal's, so that a secret scanner can recognise it), the lookup prefix,
# "_", the secret. Only the prefix is stored as it is.
MARK = "cpp_"
# 12 hex characters: one in 2^48, looked up, never trusted on its own. Hex, not URL-safe base64, whose "_" would
# be taken for the separator (split() partitions on the first "_"): such a token never authenticated.
PREFIX_BYTES = 6
SECRET_BYTES = 32
# A token used within this many seconds of its noted last use is not written again: one write a minute at most,
# not one per request.
LAST_USED_PRECISION = timedelta(minutes=1)


@dataclass(frozen=True)
class TokenFields:
    name: str
    scope: str
    expires_at: datetime


def digest_of(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def split(raw: str) -> tuple[str, str] | None:
    """(prefix, raw) of something sent as a token, or None when it cannot be one of ours."""
    if not raw.startswith(MARK):
        return None
    prefix, sep, secret = raw[len(MARK) :].partition("_")
    if not sep or not prefix or not secret or len(raw) > 200:
        return None
    return prefix, raw


def matches(token: Token, raw: str) -> bool:
    return hmac.compare_digest(token.digest, digest_of(raw))


def token_check(*, fields: TokenFields, now: datetime | None = None) -> None:
    from django.conf import settings

    now = now or timezone.now()
    errors = {}
    if not fields.name.strip():
        errors["name"] = _("Name the token after what will use it.")
    if fields.scope not in Scope.values:
        errors["scope"] = _("Choose read only, or read and write.")
    if fields.expires_at <= now:
        errors["expires_at"] = _("The expiry must be in the future.")
    elif fields.expires_at > now + timedelta(days=settings.API_TOKEN_MAX_DAYS):
        errors["expires_at"] = _("A token lasts at most %(days)d days.") % {"days": settings.API_TOKEN_MAX_DAYS}
    if errors:
        raise ValidationError(errors)


def token_create(*, user: User, fields: TokenFields, verified: bool) -> tuple[Token, str]:
    """A new token of `user` and its secret, which is shown once and never stored. `verified`: whether the
    session that asks passed the second factor (required where the user's role requires it)."""
    if not permissions.can_create_token(user, verified=verified):
        raise PermissionDenied
    token_check(fields=fields)
    prefix = secrets.token_hex(PREFIX_BYTES)
    raw = f"{MARK}{prefix}_{secrets.token_urlsafe(SECRET_BYTES)}"
    with transaction.atomic():
        token = Token.objects.create(
            user=user,
            name=fields.name.strip(),
            scope=fields.scope,
            expires_at=fields.expires_at,
            prefix=prefix,
            digest=digest_of(raw),
        )
    return token, raw


def token_revoke(*, token: Token, by: User) -> Token:
    if not permissions.can_revoke_token(by, token):
        raise PermissionDenied
    with transaction.atomic():
        token = Token.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at is not None:
            raise RecordMovedOn(_("This token was already revoked."))
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def token_used(*, token: Token, now: datetime | None = None) -> None:
    """Note that the token was used: one conditional UPDATE, and none within LAST_USED_PRECISION of the last."""
    now = now or timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_PRECISION:
        return
    # Not through save(): a machine's write, left out of the audit trail (protocol/audit/tracked.py).
    Token.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now
