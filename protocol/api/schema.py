"""What the OpenAPI schema says beyond what drf-spectacular reads from the views: the token scheme, the one error
shape on every operation with the statuses it can take, and conditional reads on details."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from drf_spectacular.utils import OpenApiParameter, OpenApiTypes
from rest_framework import serializers

from .authentication import KEYWORD


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "protocol.api.authentication.PersonalTokenAuthentication"
    name = "personalToken"

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(header_name="Authorization", token_prefix=KEYWORD)


class SessionScheme(OpenApiAuthenticationExtension):
    target_class = "protocol.api.authentication.PortalSessionAuthentication"
    name = "session"

    def get_security_definition(self, auto_schema):
        from django.conf import settings

        return {"type": "apiKey", "in": "cookie", "name": settings.SESSION_COOKIE_NAME}


class ErrorDetailSerializer(serializers.Serializer):
    status = serializers.IntegerField(help_text="The HTTP status, repeated.")
    code = serializers.CharField(help_text="Stable, for programs: invalid, not_authenticated, permission_denied…")
    message = serializers.CharField(help_text="For people, in the request's language.")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Validation errors only: field name → its messages, in the request's language.",
    )


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()


# Every operation may answer these; writes also 409 (moved on since read) and 415 (not JSON).
ERRORS_READ = {
    "400": "Invalid parameters.",
    "401": "No valid token or session.",
    "403": "Not allowed, or a read-only token on a write.",
    "404": "Not there, or not visible to you.",
    "429": "Too many requests: wait for Retry-After seconds.",
}
ERRORS_WRITE = {**ERRORS_READ, "409": "The record changed since you read it.", "415": "Send JSON."}
IF_NONE_MATCH = OpenApiParameter(
    "If-None-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="The ETag of the copy you hold: 304 and no body when it is still current.",
)

IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="The ETag of the copy you read: 409 if the record changed since.",
)


class PortalAutoSchema(AutoSchema):
    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        if self._is_detail_read():
            parameters.append(IF_NONE_MATCH)
        elif self.method != "GET" and "{id}" in self.path:
            parameters.append(IF_MATCH)
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code, description in (ERRORS_READ if self.method in ("GET", "HEAD") else ERRORS_WRITE).items():
            if code not in responses:
                responses[code] = self._get_response_for_code(ErrorSerializer, code)
                responses[code]["description"] = description
        if self._is_detail_read():
            responses["304"] = {"description": "Not modified: the copy named by If-None-Match is current."}
        return responses

    def _is_detail_read(self) -> bool:
        return self.method == "GET" and getattr(self.view, "action", None) == "retrieve"
