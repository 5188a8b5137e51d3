"""Sessions end after SESSION_IDLE_MINUTES in which the user did nothing, and SESSION_MAX_HOURS after signing in
whatever they did (MLPS 2.0 level 3's idle timeout, ASVS V7.3); the sign-in page then says which of the two.

What counts as doing something: every request but those a page makes on a timer (views marked `@polled`:
the notifications badge, a report's progress). A tab left open polls the badge every minute; if that counted,
an unattended screen would never go idle. A poll is still checked, so a page left open goes to the sign-in
page within a poll of the limit instead of showing the portal to whoever passes by. Nothing extends the
maximum: it counts from the sign-in.
"""

import time
from collections.abc import Callable
from enum import StrEnum
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import SESSION_KEY, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import ngettext
from django_htmx.http import HttpResponseClientRedirect

# Seconds since the epoch, in the session (JSON).
SIGNED_IN_AT = "session_signed_in_at"
LAST_ACTIVE_AT = "session_last_active_at"
# The last activity is written at most once a minute, not at every request (a session write each): an idle
# session may so end up to a minute early.
ACTIVITY_RESOLUTION = 60
# The sign-in page's parameter saying why a session ended.
REASON_PARAMETER = "signed_out"


class SignedOut(StrEnum):
    IDLE = "idle"
    MAXIMUM = "maximum"


def polled(view: Callable) -> Callable:
    """Marks a view that pages ask for on a timer (htmx `every`): it is not the user doing something. Put it
    outermost, above @login_required."""
    view.session_polled = True
    return view


def signed_out_message(reason: str | None) -> str | None:
    """What the sign-in page says after the middleware ended a session, in the reader's language."""
    if reason == SignedOut.IDLE:
        minutes = settings.SESSION_IDLE_MINUTES
        return ngettext(
            "You were signed out after %(minutes)d minute without activity. Sign in again to go on.",
            "You were signed out after %(minutes)d minutes without activity. Sign in again to go on.",
            minutes,
        ) % {"minutes": minutes}
    if reason == SignedOut.MAXIMUM:
        hours = settings.SESSION_MAX_HOURS
        return ngettext(
            "You were signed out because a session lasts at most %(hours)d hour. Sign in again to go on.",
            "You were signed out because a session lasts at most %(hours)d hours. Sign in again to go on.",
            hours,
        ) % {"hours": hours}
    return None


def session_started(sender, request, user, **kwargs) -> None:
    """user_logged_in (connected in the parties app): every sign-in, the portal's page, the admin's or a test's
    force_login, starts both clocks. A sign-in may keep the session's earlier data, so never keep its times."""
    request.session[SIGNED_IN_AT] = request.session[LAST_ACTIVE_AT] = int(time.time())


def over_limit(session, now: int) -> SignedOut | None:
    """Which limit the session has passed, if any: the one whose moment came first."""
    signed_in_at = session.get(SIGNED_IN_AT)
    if signed_in_at is None:
        return None
    idle_ends = session.get(LAST_ACTIVE_AT, signed_in_at) + settings.SESSION_IDLE_MINUTES * 60
    maximum_ends = signed_in_at + settings.SESSION_MAX_HOURS * 3600
    if now < min(idle_ends, maximum_ends):
        return None
    return SignedOut.IDLE if idle_ends <= maximum_ends else SignedOut.MAXIMUM


class SessionLimitsMiddleware:
    """After AuthenticationMiddleware and HtmxMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        now = int(time.time())
        if request.user.is_authenticated and (reason := over_limit(request.session, now)):
            return self.sign_out(request, reason)
        response = self.get_response(request)
        # A session that signs the user in: the API's token names its user on a request with no such session
        # (DRF sets request.user), and starting the clocks there would store a new session at every request.
        if request.user.is_authenticated and SESSION_KEY in request.session:
            session = request.session
            if SIGNED_IN_AT not in session:
                # Signed in before the limits were: the clocks start now.
                session[SIGNED_IN_AT] = session[LAST_ACTIVE_AT] = now
            elif not getattr(request, "session_polled", False) and (
                now - session.get(LAST_ACTIVE_AT, 0) >= ACTIVITY_RESOLUTION
            ):
                session[LAST_ACTIVE_AT] = now
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        request.session_polled = getattr(view_func, "session_polled", False)

    @staticmethod
    def sign_out(request: HttpRequest, reason: SignedOut) -> HttpResponse:
        logout(request)
        query = {REASON_PARAMETER: reason.value}
        # Back to where the person was after signing in again: the page itself, also when a poll found out.
        back = request.htmx.current_url_abs_path if request.htmx else request.get_full_path()
        if back and (request.method == "GET" or request.htmx):
            query["next"] = back
        url = f"{reverse(settings.LOGIN_URL)}?{urlencode(query)}"
        # htmx would swap the sign-in page into the badge; it loads the whole page instead.
        return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
