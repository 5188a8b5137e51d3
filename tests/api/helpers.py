"""What the area API tests share: the ids of an API list and of the page it mirrors, and the cost of a request."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from protocol.api.models import Scope
from tests.api.conftest import token_client

API = "/api/v1/"


def read_only_client(user):
    return token_client(user, scope=Scope.READ)


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def page_ids(client, user, url: str) -> list[int]:
    """The ids of the rows the list page shows `user` at `url` (its `page` context)."""
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return [row.pk for row in response.context["page"].object_list]


def queries_of(api, url: str, *, rows: int) -> int:
    """The queries one list request costs, asserting it answers `rows` rows."""
    with CaptureQueriesContext(connection) as queries:
        response = api.get(url)
    assert len(ids(response)) == rows
    return len(queries)


def error_of(response) -> dict:
    return response.json()["error"]
