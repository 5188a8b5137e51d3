"""The bench signs in as a browser does, second factor included (protocol/mfa): its accounts that need one get a new
authenticator app and ten recovery codes per run (the scratch database's), and pass with a recovery code."""

from dataclasses import dataclass, field

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from protocol.mfa import policy, services


@dataclass
class SecondFactor:
    device: TOTPDevice
    recovery_codes: list[str] = field(default_factory=list)


def is_needed(user) -> bool:
    # The bench loads admin pages too: whoever may use the admin passes it.
    return policy.is_mfa_required(user, admin_site=True)


def set_up(user) -> SecondFactor:
    services.mfa_reset(user=user, by=None)
    device = services.mfa_enrol(user=user)
    confirmed = services.mfa_confirm(user=user, device=device, code=code_now(device))
    return SecondFactor(device=confirmed.device, recovery_codes=list(confirmed.recovery_codes))


def code_now(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def mark_verified(client, device: TOTPDevice) -> None:
    """A test client signed in with force_login, as if it had entered the code."""
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def force_login(client, user) -> None:
    """The test client's force_login, past the second factor where the account needs it."""
    client.force_login(user)
    if is_needed(user):
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or set_up(user).device
        mark_verified(client, device)
