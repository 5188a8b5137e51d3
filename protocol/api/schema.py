"""What the OpenAPI schema says beyond what drf-spectacular reads from the views: the token scheme, the one error
shape on every operation with the statuses it can take, and conditional reads on details."""

from django.core.exceptions import FieldDoesNotExist
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

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if not _read_only_may_be_blank(field):
            return schema
        if "enum" in schema and "" not in schema["enum"]:
            schema["enum"] = [*schema["enum"], ""]
        elif schema.get("type") == "string" and "format" in schema:
            # "" is no URI (a meeting with no online link): either one, or empty.
            typed = {"type": schema.pop("type"), "format": schema.pop("format")}
            schema["oneOf"] = [typed, {"type": "string", "maxLength": 0}]
        return schema

    def _is_detail_read(self) -> bool:
        return self.method == "GET" and getattr(self.view, "action", None) == "retrieve"


def _read_only_may_be_blank(field) -> bool:
    """A read-only field of a model field that may be blank (a notification of no area, a meeting with no online
    link). DRF drops allow_blank from read-only fields, so drf-spectacular would describe a choice or a URL that
    cannot be "", which the API does send."""
    if not field.read_only or getattr(field, "allow_blank", False):
        return False
    model = getattr(getattr(field.parent, "Meta", None), "model", None)
    try:
        return model._meta.get_field(field.source).blank
    except (AttributeError, FieldDoesNotExist):
        return False


METHODS = ("get", "put", "patch", "post", "delete")


def link_record_operations(result, generator, request, public):
    """drf-spectacular post-processing hook: OpenAPI links from a list (its first row's id) and from a create
    (the new record's id) to every operation on one record under the same path. They tell a client where a
    record's id goes next, and let schemathesis's stateful phase reach real records rather than guess ids."""
    paths = result.get("paths", {})
    components = result.get("components", {}).get("schemas", {})
    for path, item in paths.items():
        if "{" in path:
            continue
        # Operations on one record only: the id is their one path parameter, so the link names all they need.
        targets = {
            operation["operationId"]: operation
            for target, target_item in paths.items()
            if target.startswith(f"{path}{{id}}/") and target.count("{") == 1
            for method, operation in target_item.items()
            if method in METHODS
        }
        for method, code, pointer in (("get", "200", ("results", 0, "id")), ("post", "201", ("id",))):
            response = item.get(method, {}).get("responses", {}).get(code)
            if targets and response and _has_property(_body_schema(response), pointer, components):
                response["links"] = {
                    operation_id: {
                        "operationId": operation_id,
                        "parameters": {"id": "$response.body#/" + "/".join(str(part) for part in pointer)},
                    }
                    for operation_id in targets
                }
    return result


def _body_schema(response: dict) -> dict:
    return response.get("content", {}).get("application/json", {}).get("schema", {})


def _has_property(schema: dict, pointer: tuple, components: dict) -> bool:
    """Whether the JSON pointer (names, and 0 for an array's first item) is a property the schema declares."""
    for part in pointer:
        if "$ref" in schema:
            schema = components.get(schema["$ref"].rsplit("/", 1)[-1], {})
        if part == 0:
            schema = schema.get("items") if schema.get("type") == "array" else None
        else:
            schema = schema.get("properties", {}).get(part)
        if schema is None:
            return False
    return True
