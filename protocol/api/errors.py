"""Every error of the API in one shape, mapped here and nowhere else:

    {"error": {"status": 400, "code": "invalid", "message": "…", "fields": {"title": ["…"]}}}

A service's ValidationError (its per-field messages, in the request's language) → 400; not allowed → 403;
not visible → 404 (never a hint that it exists); the record moved on since the client read it → 409."""

from django.core.exceptions import NON_FIELD_ERRORS, ObjectDoesNotExist
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from protocol.errors import RecordMovedOn

NON_FIELD = "non_field_errors"


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "precondition_failed"


def exception_handler(exc, context):
    exc = _as_api_exception(exc)
    response = drf_exception_handler(exc, context)  # sets WWW-Authenticate, Retry-After, Allow
    if response is None:
        return None  # a real bug: a 500, as it should be
    return Response(
        {"error": error_body(exc, response.status_code)},
        status=response.status_code,
        headers={name: value for name, value in response.items() if name.lower() != "content-type"},
    )


def _as_api_exception(exc):
    if isinstance(exc, RecordMovedOn):
        return Conflict(str(exc) or _("This record changed since you read it."))
    if isinstance(exc, DjangoValidationError):
        return exceptions.ValidationError(_messages_of(exc))
    if isinstance(exc, ObjectDoesNotExist | Http404):
        return exceptions.NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied()
    return exc


def _messages_of(exc: DjangoValidationError) -> dict:
    if hasattr(exc, "error_dict"):
        return {
            NON_FIELD if name == NON_FIELD_ERRORS else name: messages for name, messages in exc.message_dict.items()
        }
    return {NON_FIELD: exc.messages}


def error_body(exc: exceptions.APIException, status_code: int) -> dict:
    body = {"status": status_code, "code": _code_of(exc), "message": _message_of(exc)}
    if isinstance(exc, exceptions.ValidationError):
        body["fields"] = _fields_of(exc.detail)
    return body


def _code_of(exc: exceptions.APIException) -> str:
    if isinstance(exc, exceptions.ValidationError):
        return "invalid"
    codes = exc.get_codes()
    return codes if isinstance(codes, str) else exc.default_code


def _message_of(exc: exceptions.APIException) -> str:
    if isinstance(exc, exceptions.ValidationError):
        return _("Some of what was sent is not valid: see the fields.")
    detail = exc.detail
    return str(detail if not isinstance(detail, list | dict) else exc.default_detail)


def _fields_of(detail) -> dict[str, list[str]]:
    """Field name → its messages; nested serializers' names joined by a dot, list items by their index."""
    if isinstance(detail, list):
        if all(not isinstance(item, list | dict) for item in detail):
            return {NON_FIELD: [str(item) for item in detail]}
        detail = {str(i): item for i, item in enumerate(detail)}
    fields: dict[str, list[str]] = {}
    for name, value in detail.items():
        if isinstance(value, dict) or (isinstance(value, list) and any(isinstance(v, list | dict) for v in value)):
            for inner, messages in _fields_of(value).items():
                key = name if inner == NON_FIELD else f"{name}.{inner}"
                fields.setdefault(key, []).extend(messages)
        else:
            fields.setdefault(name, []).extend(str(v) for v in (value if isinstance(value, list) else [value]))
    return fields
