"""Rate limits per token (and per user for the browser's session); DRF answers 429 with Retry-After."""

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from .models import Token


class PerTokenThrottle(SimpleRateThrottle):
    """Keyed by token id, so that two scripts of one person have a budget each; a session by its user.
    Rates: REST_FRAMEWORK's DEFAULT_THROTTLE_RATES "token" / "session" (env API_RATE_PER_TOKEN / …SESSION)."""

    scope = "token"

    def get_rate(self):
        # Read when asked, not when the class is defined (DRF's THROTTLE_RATES): settings may change (tests).
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]

    def allow_request(self, request, view):
        self.scope = "token" if isinstance(request.auth, Token) else "session"
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        if isinstance(request.auth, Token):
            ident = f"token:{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user:{request.user.pk}"
        else:
            return None  # nobody: answered 401 before any throttle counts
        return self.cache_format % {"scope": self.scope, "ident": ident}
