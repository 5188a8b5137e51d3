"""What /healthz reports: each part the portal runs on, and whether the outbox keeps up."""

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connection
from django.db.models import Min
from django.utils import timezone

from .celery import app as celery_app
from .notifications.models import OutboxMessage, OutboxStatus

OK, DEGRADED, DOWN = "ok", "degraded", "down"
# A name nothing stores: asking whether it exists is one cheap round trip to the storage (a HEAD on S3).
STORAGE_PROBE_NAME = "healthz-probe"


def health() -> tuple[str, dict]:
    """The overall status and each part's. Down when the database, the broker or the file storage fails (the
    portal cannot do its work: a load balancer should stop sending requests); degraded when the outbox lags
    (notifications are late, pages still work)."""
    parts = {"database": database_state(), "broker": broker_state(), "storage": storage_state()}
    outbox, oldest = outbox_state()
    parts |= {"outbox": outbox, "outbox_oldest_pending_seconds": oldest}
    if any(parts[name].startswith("error") for name in ("database", "broker", "storage")):
        status = DOWN
    elif outbox != OK:
        status = DEGRADED
    else:
        status = OK
    return status, {"status": status} | parts


def database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return OK
    except Exception as exc:  # any failure is reported, not raised
        return _error(exc)


def broker_state() -> str:
    if celery_app.conf.task_always_eager:
        return "eager"
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return OK
    except Exception as exc:
        return _error(exc)


def storage_state() -> str:
    """Through the storage API only, whatever backend settings name (a folder, or S3)."""
    try:
        default_storage.exists(STORAGE_PROBE_NAME)
        return OK
    except Exception as exc:
        return _error(exc)


def outbox_state() -> tuple[str, int | None]:
    """Degraded past HEALTHZ_OUTBOX_DEGRADED_SECONDS, with the age in seconds of the oldest pending message
    (None when nothing waits): a lagging outbox means no worker, or a sweep that does not run (no beat)."""
    try:
        oldest = OutboxMessage.objects.filter(status=OutboxStatus.PENDING).aggregate(at=Min("created_at"))["at"]
    except Exception as exc:
        return _error(exc), None
    if oldest is None:
        return OK, None
    age = max(0, int((timezone.now() - oldest).total_seconds()))
    return (DEGRADED if age > settings.HEALTHZ_OUTBOX_DEGRADED_SECONDS else OK), age


def _error(exc: Exception) -> str:
    # The type only: an exception's text can hold a host name or a password in a URL.
    return f"error: {type(exc).__name__}"
