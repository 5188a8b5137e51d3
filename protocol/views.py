from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.views.decorators.cache import never_cache

from .celery import app as celery_app


@never_cache
def healthz(request):
    """Liveness for load balancers and compose: the database and the broker, each ok or an error."""
    state = {"database": _database_state(), "broker": _broker_state()}
    healthy = state["database"] == "ok" and state["broker"] in ("ok", "eager")
    return JsonResponse(state, status=200 if healthy else 503)


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links; send them to the static icon."""
    # Not permanent: the static URL carries the file's hash, which changes when the icon does.
    return redirect(static("img/favicon.svg"))


def _database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except Exception as exc:  # any failure is reported, not raised
        return f"error: {type(exc).__name__}"


def _broker_state() -> str:
    if celery_app.conf.task_always_eager:
        return "eager"
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return "ok"
    except Exception as exc:
        return f"error: {type(exc).__name__}"
