"""A path under /api/ that is no operation's is answered in the API's error shape, never the portal's HTML page
(which a script cannot read, and which the fuzz run found answering 500 without collected static files)."""

import pytest
from rest_framework.test import APIClient

NOT_FOUND = {"error": {"status": 404, "code": "not_found", "message": "Not found."}}


@pytest.mark.parametrize(
    "path",
    [
        "/api/",
        "/api/v1/",
        "/api/v1/nothing/",
        "/api/v1/activities/0.5/",  # the router's ids take no dot
        "/api/v1/activities/1/nothing/",
        "/api/v1/activities",  # no trailing slash
        "/api/v2/activities/",
    ],
)
@pytest.mark.parametrize("method", ["get", "post", "put", "delete"])
def test_a_path_that_is_no_operation_is_a_404_in_the_error_shape(api_as, cas_official, path, method):
    response = getattr(api_as(cas_official), method)(path)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == NOT_FOUND


def test_signed_out_too_since_the_paths_are_public_in_the_schema(db):
    response = APIClient().get("/api/v1/nothing/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_in_the_requests_language(api_as, cas_official):
    client = api_as(cas_official)
    client.credentials(HTTP_AUTHORIZATION=client._credentials["HTTP_AUTHORIZATION"], HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert client.get("/api/v1/nothing/").json()["error"]["message"] == "未找到。"


def test_the_operations_are_still_reached(api_as, cas_official, cas_draft):
    response = api_as(cas_official).get("/api/v1/activities/")

    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [cas_draft.pk]
