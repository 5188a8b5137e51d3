"""Who signs in with a second factor, and which pages an unverified session may still reach."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django_otp.plugins.otp_totp.models import TOTPDevice

from protocol.agreement.permissions import is_portal_admin
from protocol.parties.roles import Role
from protocol.visibility import holds_role

# Not a group: the admin's staff accounts (is_portal_admin), named so that MFA_REQUIRED_ROLES can list them.
PORTAL_ADMIN = "portal_admin"
KNOWN_ROLES = {*Role.values, PORTAL_ADMIN}

# What an unverified session still reaches: signing out, the language, the two-factor pages, the health check.
EXEMPT_URL_NAMES = {"logout", "language_switch", "healthz", "favicon"}
EXEMPT_NAMESPACES = {"mfa"}


def required_roles() -> set[str]:
    roles = {role.strip() for role in settings.MFA_REQUIRED_ROLES if role.strip()}
    if unknown := roles - KNOWN_ROLES:
        raise ImproperlyConfigured(f"MFA_REQUIRED_ROLES names no role: {', '.join(sorted(unknown))}")
    return roles


def is_mfa_required(user, *, admin_site: bool = False) -> bool:
    """Whether this signed-in user must pass the second factor; in the admin, every portal admin must."""
    roles = required_roles()
    if is_portal_admin(user) and (admin_site or PORTAL_ADMIN in roles):
        return True
    return any(holds_role(user, Role(role)) for role in roles - {PORTAL_ADMIN})


def has_authenticator(user) -> bool:
    """Set up: an authenticator app confirmed with a code (the recovery codes come with it)."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def is_exempt(resolver_match) -> bool:
    if resolver_match.url_name in EXEMPT_URL_NAMES and not resolver_match.namespaces:
        return True
    if resolver_match.view_name == "admin:logout":
        return True
    return bool(EXEMPT_NAMESPACES & set(resolver_match.namespaces))
