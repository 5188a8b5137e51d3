"""Who and from where, for every entry written while a request is served."""

from auditlog.middleware import AuditlogMiddleware
from axes.helpers import get_client_ip_address
from django.utils.functional import SimpleLazyObject


def client_address(request) -> str | None:
    """The client's address by the sign-in lockout's own rule (django-axes), so that the trail and the lockout
    name the same address: the connection's, never a header a client can write."""
    return get_client_ip_address(request)


class AuditMiddleware(AuditlogMiddleware):
    """auditlog's middleware (the actor and the address of every entry the request writes), with the lockout's
    address: auditlog's own takes the first X-Forwarded-For entry, which any client can forge."""

    @staticmethod
    def _get_remote_addr(request):
        return client_address(request)

    @staticmethod
    def _get_actor(request):
        user = AuditlogMiddleware._get_actor(request)
        if user is not None:
            return user
        # Not signed in when the request arrived: the REST API authenticates a token only in its view (DRF then
        # sets request.user), so the actor is read when an entry is written, not before.
        return SimpleLazyObject(lambda: AuditlogMiddleware._get_actor(request))

    @staticmethod
    def _get_remote_port(request):
        # auditlog reads it from X-Forwarded-Port, as forgeable; an address needs no port to be traced.
        return None
