from django.http import JsonResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.views.decorators.cache import never_cache

from . import health


@never_cache
def healthz(request):
    """For load balancers, compose and monitoring: each part's state (protocol/health.py); 503 when one the
    portal cannot work without is down, 200 when everything is ok or only degraded."""
    status, state = health.health()
    return JsonResponse(state, status=503 if status == health.DOWN else 200)


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links; send them to the static icon."""
    # Not permanent: the static URL carries the file's hash, which changes when the icon does.
    return redirect(static("img/favicon.svg"))
