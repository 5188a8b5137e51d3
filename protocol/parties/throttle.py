"""Failed sign-ins (django-axes): AXES_FAILURE_LIMIT wrong passwords for one account from one address pause
that account there; AXES_ADDRESS_FAILURE_LIMIT for any accounts from one address pause the address (a few
common passwords tried against many accounts)."""

import ipaddress

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


def client_address(request) -> str | None:
    """The address the client connected from (AXES_CLIENT_IP_CALLABLE; the audit trail's too), never one a
    client wrote: a forged X-Forwarded-For must not make each attempt look like a new address. Named here so
    that installing django-ipware, which axes would otherwise use to read those headers, changes nothing.

    With TRUSTED_PROXY_HOPS = n, each of the n proxies in front appended the address it was reached from to
    X-Forwarded-For: the n-th entry from the right is what the outermost one saw, and whatever stands left of
    it is the client's own text. Without such an entry (a request that did not come through the proxies, such
    as the container's health check) the connection's address."""
    hops = settings.TRUSTED_PROXY_HOPS
    if hops:
        forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if len(forwarded) >= hops and _is_address(forwarded[-hops]):
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR")


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def address_failures(request) -> int:
    """Wrong passwords from the request's address within the cool-off, for every account."""
    attempts = AccessAttempt.objects.filter(ip_address=request.axes_ip_address)
    if settings.AXES_COOLOFF_TIME is not None:
        attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class PortalAxesHandler(AxesDatabaseHandler):
    """axes compares one limit with the failures of each lockout parameter; the portal has a higher one for the
    address alone. The address is not an axes lockout parameter because a sign-in resets the failures of every
    parameter (AXES_RESET_ON_SUCCESS): whoever has one account would clear their address's count by signing
    in to it now and then. So the reset clears the account's own failures on that address, and the address's
    count is added here."""

    def get_failures(self, request, credentials=None) -> int:
        failures = super().get_failures(request, credentials)
        # Read by the lockout page (views.locked_out) to say which pause it is.
        request.portal_address_locked = address_failures(request) >= settings.AXES_ADDRESS_FAILURE_LIMIT
        if request.portal_address_locked:
            return max(failures, get_failure_limit(request, credentials))
        return failures
