"""Refused requests into the trail: the response's status decides, whichever view refused."""

from . import services


class RefusalsMiddleware:
    """After the view: a 403, or a 404 on a URL about a record, of a signed-in user is recorded (capped, see
    `access_refused_record`). A 404 elsewhere is a mistyped address, not an attempt on a record."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code in (403, 404):
            services.access_refused_record(request=request, status=response.status_code)
        return response
