"""Log lines that a log store can read: one JSON object per event (LOG_FORMAT=json, production's default) or one
readable line (LOG_FORMAT=plain, `make run`'s), each naming the request or the Celery task it belongs to.

Nothing personal goes in a line beyond ids: the request line names the user and party by id and code, and the
path without its query string (a search's words, an e-mail address in a reset link's query)."""

import logging
import re
import time
import uuid
from contextvars import ContextVar

from celery import current_task
from django.core.signals import request_finished
from django.utils.functional import LazyObject, empty
from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter

REQUEST_ID_HEADER = "X-Request-ID"
# What the proxy may hand on (nginx's $request_id is 32 hex digits): anything else is a client's text, replaced.
_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")

_request_id: ContextVar[str] = ContextVar("request_id", default="")

request_logger = logging.getLogger("protocol.request")


class ContextFilter(logging.Filter):
    """Adds to every record the id of the request being served and the id and name of the Celery task being run
    (in a worker, or eagerly inside a request), empty when there is none, so a formatter can always name them."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _request_id.get()
        task = current_task
        request = getattr(task, "request", None) if task else None
        record.task_id = getattr(request, "id", None) or ""
        record.task_name = task.name if record.task_id else ""
        # For the plain format: "[request id] " or "[task name task id] " before the message, or nothing.
        names = " ".join(part for part in (record.request_id, record.task_name, record.task_id) if part)
        record.context = f"[{names}] " if names else ""
        return True


class PortalJsonFormatter(JsonFormatter):
    """python-json-logger's formatter, with the fields every line has, and never the objects Django passes along
    (`request` in django.request's and django.server's records, whose text holds the query string)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("reserved_attrs", [*RESERVED_ATTRS, "request", "server_time", "context"])
        kwargs.setdefault("rename_fields", {"levelname": "level", "name": "logger"})
        kwargs.setdefault("timestamp", True)
        kwargs.setdefault("json_ensure_ascii", False)
        super().__init__("{levelname}{name}{message}", style="{", **kwargs)

    def add_fields(self, log_data, record, message_dict) -> None:
        super().add_fields(log_data, record, message_dict)
        # Outside a request or a task the ids are empty: left out rather than written as "".
        for name in ("request_id", "task_id", "task_name"):
            if not log_data.get(name):
                log_data.pop(name, None)


def request_id_for(request) -> str:
    """The proxy's id for this request when it sent a sane one, so its access log and ours meet; a new one
    otherwise."""
    offered = request.headers.get(REQUEST_ID_HEADER, "")
    return offered if _SANE_REQUEST_ID.fullmatch(offered) else uuid.uuid4().hex


class RequestLogMiddleware:
    """One line per request (id, user and party, method, path, status, duration), the id on every other line the
    request logs, and in the response's X-Request-ID header for whoever reports a problem."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = request_id_for(request)
        # Kept until the response is closed (request_finished), not only until it leaves this middleware: Django
        # logs a 404's "Not Found" after the middleware has returned.
        _request_id.set(request.request_id)
        started = time.perf_counter()
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request.request_id
        self._log(request, response.status_code, started)
        return response

    @staticmethod
    def _log(request, status: int, started: float) -> None:
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        user_id, party = _who(request)
        request_logger.info(
            "%s %s %s %.0f ms",
            request.method,
            request.path,
            status,
            duration_ms,
            extra={
                "method": request.method,
                "path": request.path,
                "status": status,
                "duration_ms": duration_ms,
                "user_id": user_id,
                "party": party,
            },
        )


def _forget_request_id(**kwargs) -> None:
    _request_id.set("")


request_finished.connect(_forget_request_id, dispatch_uid="protocol.logs.forget_request_id")


def _who(request) -> tuple[int | None, str | None]:
    """The signed-in user's id and party code, only if the request already loaded the user: loading it here
    would cost every anonymous request (static files, /healthz) a session read."""
    user = getattr(request, "user", None)
    # AuthenticationMiddleware's lazy user, wrapped again by django-otp's (request.user.is_verified()).
    while isinstance(user, LazyObject):
        user = user._wrapped
        if user is empty:
            return None, None
    if user is None or not user.is_authenticated:
        return None, None
    # A portal admin may belong to no party.
    party = user.party if type(user).party.is_cached(user) else None
    return user.pk, party.code if party else None
