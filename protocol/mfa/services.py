"""The writes of two-factor sign-in: set it up (an authenticator app, then the recovery codes), pass it, and a
portal admin's reset after a lost device. Each is recorded in the audit trail; no secret or code ever is."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from protocol.audit.models import Action
from protocol.audit.services import event_record

RECOVERY_CODES = 10
TOTP_DIGITS = 6


class MFAError(ValueError):
    """A code that is refused, with the message to show."""


class MFAThrottled(MFAError):
    """Too many wrong codes: the next attempt waits until `until` (django-otp's exponential back-off)."""

    def __init__(self, until: datetime.datetime):
        super().__init__(until)
        self.until = until

    @property
    def seconds(self) -> int:
        return max(1, int((self.until - timezone.now()).total_seconds() + 0.999))


@dataclass(frozen=True)
class Confirmed:
    device: TOTPDevice
    recovery_codes: list[str]


def mfa_enrol(*, user) -> TOTPDevice:
    """The authenticator app being set up: its secret, kept unconfirmed until a code from the app matches. The same
    one on every visit until then (the person may scan it, go away and come back)."""
    with transaction.atomic():
        pending = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("pk").first()
        if pending is not None:
            return pending
        return TOTPDevice.objects.create(
            user=user,
            name="authenticator",
            confirmed=False,
            digits=TOTP_DIGITS,
            tolerance=settings.MFA_TOTP_TOLERANCE,
        )


def mfa_confirm(*, user, device: TOTPDevice, code: str, address: str | None = None) -> Confirmed:
    """A code of the app confirms it; any earlier app and recovery codes of the account go, ten new codes come."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(pk=device.pk, user=user, confirmed=False).first()
        if device is None:  # confirmed meanwhile (another tab), or reset
            raise MFAError(_("This set-up is no longer pending. Sign in again to go on."))
        accepted, throttled = _check(device, normalised(code))
        if accepted:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
            StaticDevice.objects.filter(user=user).delete()
            codes = _recovery_codes(user)
            event_record(action=Action.MFA_ENROLLED, target=user, actor=user, address=address)
    # Raised outside the transaction: the failure's count (the throttle) is kept.
    if not accepted:
        raise _refusal(throttled)
    return Confirmed(device=device, recovery_codes=codes)


def mfa_verify(*, user, code: str, address: str | None = None) -> Device:
    """The second factor of this sign-in: six digits from the app, or else one of the recovery codes (used up).
    Returns the device that accepted it, for django_otp.login()."""
    code = normalised(code)
    model = TOTPDevice if code.isdigit() and len(code) == TOTP_DIGITS else StaticDevice
    with transaction.atomic():
        device = model.objects.select_for_update().filter(user=user, confirmed=True).first()
        accepted, throttled = (False, None) if device is None else _check(device, code)
        if not accepted:
            event_record(
                action=Action.MFA_FAILED,
                target=user,
                actor=user,
                address=address,
                detail={"kind": "recovery code" if model is StaticDevice else "app code", "throttled": bool(throttled)},
            )
    if not accepted:
        raise _refusal(throttled)
    return device


def mfa_reset(*, user, by, address: str | None = None) -> None:
    """A lost device: the account's app and recovery codes go; its next sign-in sets up a new app. A session that
    passed with them is no longer verified (django-otp finds its device gone)."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        event_record(action=Action.MFA_RESET, target=user, actor=by, address=address)


def recovery_codes_left(*, user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def normalised(code: str) -> str:
    # People type codes as shown, in groups, and recovery codes in capitals.
    return "".join((code or "").split()).replace("-", "").lower()


def _check(device, code: str) -> tuple[bool, datetime.datetime | None]:
    allowed, data = device.verify_is_allowed()
    if not allowed:
        return False, (data or {}).get("locked_until") or timezone.now()
    return bool(device.verify_token(code)), None


def _refusal(throttled: datetime.datetime | None) -> MFAError:
    if throttled is not None:
        return MFAThrottled(throttled)
    return MFAError(_("That code is not right. Check the code shown in your app now, or use a recovery code."))


def _recovery_codes(user) -> list[str]:
    static = StaticDevice.objects.create(user=user, name="recovery codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=static, token=token) for token in codes)
    return codes
