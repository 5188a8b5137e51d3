"""What protocol/api/schema.py adds to drf-spectacular's schema: "" among a read-only choice's values where the
model allows a blank (the fuzz run found notifications of no area breaking the schema), and links from a list
and a create to the operations on one record (what a client, and schemathesis's stateful phase, follows)."""

import pytest

from protocol.api.schema import link_record_operations


@pytest.fixture
def schema(api_as, cas_official):
    response = api_as(cas_official).get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def test_a_read_only_choice_that_may_be_blank_says_so(schema):
    area = schema["components"]["schemas"]["Notification"]["properties"]["area"]

    assert {"$ref": "#/components/schemas/BlankEnum"} in area["oneOf"]
    assert schema["components"]["schemas"]["BlankEnum"]["enum"] == [""]


def test_a_read_only_url_that_may_be_blank_says_so(schema):
    """A meeting with no online link sends "" (the fuzz run found it breaking `format: uri`)."""
    link = schema["components"]["schemas"]["Meeting"]["properties"]["online_link"]

    assert link["readOnly"] is True
    assert link["oneOf"] == [{"type": "string", "format": "uri"}, {"type": "string", "maxLength": 0}]


def test_a_choice_that_may_not_be_blank_is_left_alone(schema):
    status = schema["components"]["schemas"]["Activity"]["properties"]["status"]

    # Named for its record (SPECTACULAR_SETTINGS' ENUM_NAME_OVERRIDES): several areas have a "status".
    assert status["allOf"] == [{"$ref": "#/components/schemas/ActivityStatusEnum"}]
    assert "" not in schema["components"]["schemas"]["ActivityStatusEnum"]["enum"]


def test_the_ledger_links_its_list_and_create_to_the_operations_on_one_activity(schema):
    ledger = schema["paths"]["/api/v1/activities/"]
    on_one = {
        operation["operationId"]
        for path, item in schema["paths"].items()
        if path.startswith("/api/v1/activities/{id}/")
        for operation in item.values()
    }

    from_list = ledger["get"]["responses"]["200"]["links"]
    from_create = ledger["post"]["responses"]["201"]["links"]
    assert set(from_list) == set(from_create) == on_one
    assert {link["parameters"]["id"] for link in from_list.values()} == {"$response.body#/results/0/id"}
    assert {link["parameters"]["id"] for link in from_create.values()} == {"$response.body#/id"}


def _operation(operation_id, code="200", schema=None):
    response = {"description": ""}
    if schema is not None:
        response["content"] = {"application/json": {"schema": schema}}
    return {"operationId": operation_id, "responses": {code: response}}


def test_links_only_where_the_id_is_all_an_operation_needs_and_the_response_has_one():
    thing = {"type": "object", "properties": {"id": {"type": "integer"}}}
    result = {
        "components": {
            "schemas": {
                "Thing": thing,
                "PaginatedThingList": {
                    "type": "object",
                    "properties": {"results": {"type": "array", "items": {"$ref": "#/components/schemas/Thing"}}},
                },
            }
        },
        "paths": {
            "/things/": {
                "get": _operation("things_list", schema={"$ref": "#/components/schemas/PaginatedThingList"}),
                "post": _operation("things_create", "201", schema={"$ref": "#/components/schemas/Thing"}),
            },
            "/things/{id}/": {"get": _operation("things_retrieve"), "parameters": [{"name": "id"}]},
            "/things/{id}/parts/{part_id}/": {"get": _operation("things_parts_retrieve")},
            "/others/{id}/": {"get": _operation("others_retrieve")},
            # A list whose rows carry no id, and a create that answers nothing: nothing to link from.
            "/others/": {"get": _operation("others_list", schema={"type": "array"}), "post": _operation("o", "204")},
        },
    }

    link_record_operations(result, None, None, True)

    things = result["paths"]["/things/"]
    assert things["get"]["responses"]["200"]["links"] == {
        "things_retrieve": {"operationId": "things_retrieve", "parameters": {"id": "$response.body#/results/0/id"}}
    }
    assert things["post"]["responses"]["201"]["links"] == {
        "things_retrieve": {"operationId": "things_retrieve", "parameters": {"id": "$response.body#/id"}}
    }
    others = result["paths"]["/others/"]
    assert "links" not in others["get"]["responses"]["200"]
    assert "links" not in others["post"]["responses"]["204"]
