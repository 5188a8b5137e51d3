"""Sends a signed-in user who must pass the second factor and has not, in this session, to set it up or to enter
a code; after django-otp's OTPMiddleware (request.user.is_verified) and the session limits."""

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django_htmx.http import HttpResponseClientRedirect

from . import policy


class MFARequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if request.path.startswith(settings.STATIC_URL) or policy.is_exempt(request.resolver_match):
            return None
        admin_site = "admin" in request.resolver_match.namespaces
        if not policy.is_mfa_required(user, admin_site=admin_site):
            return None
        target = reverse("mfa:verify" if policy.has_authenticator(user) else "mfa:enrol")
        # Back to the page asked for once the code is in (a form's POST is not repeated: its page is).
        back = request.htmx.current_url_abs_path if request.htmx else request.get_full_path()
        if request.htmx and back and _is_exempt_path(back):
            # A poll of the code's own page (the notifications badge): nothing to show, nowhere to go.
            return HttpResponse(status=204)
        if back and (request.method == "GET" or request.htmx):
            target = f"{target}?{urlencode({'next': back})}"
        return HttpResponseClientRedirect(target) if request.htmx else redirect(target)


def _is_exempt_path(url: str) -> bool:
    try:
        return policy.is_exempt(resolve(url.split("?", 1)[0]))
    except Resolver404:
        return False
