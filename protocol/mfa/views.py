"""Setting up the second factor, and entering it after the password. Reached by the signed-in only; the
middleware sends there whoever must and has not yet."""

from base64 import b32encode

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import ngettext
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from protocol.audit.middleware import client_address

from . import policy, services
from .forms import AppCodeForm, VerifyForm

# The new recovery codes, between the confirmation and the one page that shows them.
NEW_CODES = "mfa_new_recovery_codes"


@login_required
def enrol(request):
    if policy.has_authenticator(request.user):
        return redirect(_next(request) if request.user.is_verified() else "mfa:verify")
    device = services.mfa_enrol(user=request.user)
    form = AppCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            confirmed = services.mfa_confirm(
                user=request.user, device=device, code=form.cleaned_data["code"], address=client_address(request)
            )
        except services.MFAError as error:
            form.add_error(None, _refusal_message(error))
        else:
            _signed_in_with(request, confirmed.device)
            request.session[NEW_CODES] = confirmed.recovery_codes
            return redirect(_keeping_query(request, "mfa:recovery_codes"))
    secret = _grouped(_base32(device))
    context = {
        "form": form,
        "secret": secret,
        # A data: URI image (the CSP allows no inline SVG style), drawn from the otpauth:// URL apps read.
        "qr": segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2, dark="#000", light="#fff"),
        "next": _next(request),
    }
    return render(request, "mfa/enrol.html", context)


@login_required
def recovery_codes(request):
    """Shown once: the page does not come back (reloading it leads on)."""
    codes = request.session.pop(NEW_CODES, None)
    if not codes:
        return redirect(_next(request))
    return render(request, "mfa/recovery_codes.html", {"codes": codes, "next": _next(request)})


@login_required
def verify(request):
    if not policy.has_authenticator(request.user):
        return redirect(_keeping_query(request, "mfa:enrol"))
    if request.user.is_verified():
        return redirect(_next(request))
    form = VerifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = services.mfa_verify(
                user=request.user, code=form.cleaned_data["code"], address=client_address(request)
            )
        except services.MFAError as error:
            form.add_error(None, _refusal_message(error))
        else:
            _signed_in_with(request, device)
            if isinstance(device, StaticDevice):
                left = services.recovery_codes_left(user=request.user)
                messages.warning(
                    request,
                    ngettext(
                        "You signed in with a recovery code; %(count)d is left.",
                        "You signed in with a recovery code; %(count)d are left.",
                        left,
                    )
                    % {"count": left},
                )
            return redirect(_next(request))
    return render(request, "mfa/verify.html", {"form": form, "next": _next(request)})


def _signed_in_with(request, device) -> None:
    # A new session key for the more trusted session, as at the password's sign-in.
    request.session.cycle_key()
    otp_login(request, device)


def _refusal_message(error: services.MFAError) -> str:
    if isinstance(error, services.MFAThrottled):
        seconds = error.seconds
        return ngettext(
            "Too many wrong codes. Wait %(seconds)d second, then try again.",
            "Too many wrong codes. Wait %(seconds)d seconds, then try again.",
            seconds,
        ) % {"seconds": seconds}
    return str(error)


def _keeping_query(request, name: str) -> str:
    query = request.GET.urlencode()
    return f"{reverse(name)}?{query}" if query else reverse(name)


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("dashboard")


def _base32(device) -> str:
    return b32encode(device.bin_key).decode()


def _grouped(text: str) -> str:
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))
