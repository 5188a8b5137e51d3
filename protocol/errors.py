"""One error for "the record moved on since the page was loaded", and the one place that shows it.

Every area's state error derives from `RecordMovedOn`; a view lets it through, and `MovedOnMiddleware`
shows its message and takes the user back to the record as it now is (303), or answers an htmx request
409 with the message, so no view repeats "message, then redirect"."""

from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme


class RecordMovedOn(Exception):
    """The record moved on since the page was loaded."""

    def __init__(self, message: str = "", *, record=None):
        super().__init__(message)
        # Where the user sees the record's present state (anything with get_absolute_url).
        self.record = record


class MovedOnMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, RecordMovedOn):
            return None
        if getattr(request, "htmx", False):
            return HttpResponse(str(exception), status=409, content_type="text/plain; charset=utf-8")
        messages.error(request, str(exception))
        response = HttpResponseRedirect(_back(request, exception))
        response.status_code = 303
        return response


def _back(request, exception: RecordMovedOn) -> str:
    if exception.record is not None and hasattr(exception.record, "get_absolute_url"):
        return exception.record.get_absolute_url()
    referer = request.headers.get("referer", "")
    if referer and url_has_allowed_host_and_scheme(referer, {request.get_host()}, require_https=request.is_secure()):
        return referer
    return "/"
