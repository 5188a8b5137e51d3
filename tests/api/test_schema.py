"""The API describes itself: /api/schema/ is valid OpenAPI 3 with every operation described, and /api/docs/ shows
it with Swagger UI served by the portal itself (drf-spectacular-sidecar), no CDN and no inline script."""

import json
import re
from collections import Counter

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from drf_spectacular.validation import validate_schema

from protocol.api.base import ReadOnlyViewSet

SCHEMA = "/api/schema/"
DOCS = "/api/docs/"
METHODS = {"get", "put", "post", "delete", "patch"}


@pytest.fixture
def schema(client, cas_official) -> dict:
    client.force_login(cas_official)
    response = client.get(SCHEMA, HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi+json")
    return json.loads(response.content)


def operations(schema: dict) -> list[tuple[str, str, dict]]:
    return [
        (method.upper(), path, operation)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    ]


def test_the_schema_is_valid_openapi_3(schema):
    assert schema["openapi"].startswith("3.")
    validate_schema(schema)  # drf-spectacular's own check against the OpenAPI 3 JSON schema; raises if not
    assert schema["info"]["title"] == "Cooperation Protocol Portal API"


def test_the_schema_builds_with_no_warning(tmp_path):
    # What `manage.py spectacular --validate --fail-on-warn` does in CI: a warning (an unresolvable serializer, a
    # path parameter of unknown type) fails.
    out = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    assert "/api/v1/activities/" in out.read_text()


def test_every_operation_says_what_it_does(schema):
    found = operations(schema)
    assert {(method, path) for method, path, _op in found} >= {
        ("GET", "/api/v1/activities/"),
        ("POST", "/api/v1/activities/{id}/confirm/"),
        ("POST", "/api/v1/notifications/read-all/"),
    }
    undescribed = [
        f"{method} {path}" for method, path, op in found if not op.get("summary") or not op.get("description")
    ]
    assert undescribed == []
    # An operation with no description of its own gets its viewset's docstring: the same words on several.
    generic = " ".join(ReadOnlyViewSet.__doc__.split())
    inherited = [f"{method} {path}" for method, path, op in found if " ".join(op["description"].split()) == generic]
    assert inherited == []
    repeated = [text for text, n in Counter(op["description"] for _m, _p, op in found).items() if n > 1]
    assert repeated == []


def test_every_operation_names_its_errors_and_the_token(schema):
    assert schema["components"]["securitySchemes"]["personalToken"] == {"type": "http", "scheme": "bearer"}
    for method, path, op in operations(schema):
        assert {"401", "403", "429"} <= set(op["responses"]), f"{method} {path}"
        assert {"personalToken": []} in op["security"], f"{method} {path}"
        if method != "GET":
            assert "409" in op["responses"], f"{method} {path}"
    detail = schema["paths"]["/api/v1/activities/{id}/"]["get"]
    assert "304" in detail["responses"]
    assert "If-None-Match" in [parameter["name"] for parameter in detail["parameters"]]


def test_the_docs_page_is_served_from_the_portal_itself(client, cas_official):
    client.force_login(cas_official)
    response = client.get(DOCS)
    assert response.status_code == 200
    page = response.content.decode()
    assert "swagger-ui" in page
    urls = re.findall(r'(?:src|href)="([^"]*)"', page)
    assert len(urls) >= 5
    assert [url for url in urls if not url.startswith("/")] == []  # no other site, no CDN
    assert "cdn" not in page.lower() and "//" not in "".join(urls)
    for url in urls:
        if url.startswith("/static/"):
            assert finders.find(url.removeprefix("/static/")), f"{url} is not one of the portal's static files"
    # The CSP allows no inline script or style: the start-up script is a file of its own, and so is the style.
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)
    assert "<style" not in page and "style=" not in page


def test_the_docs_start_up_script_reads_the_portals_schema(client, cas_official):
    client.force_login(cas_official)
    page = client.get(DOCS).content.decode()
    (script,) = [url for url in re.findall(r'<script src="([^"]*)"', page) if not url.startswith("/static/")]
    response = client.get(script.replace("&amp;", "&"))
    assert response.status_code == 200
    assert "javascript" in response["Content-Type"]
    body = response.content.decode()
    assert SCHEMA in body
    assert "http://" not in body.replace("http://testserver", "") and "https://" not in body


def test_the_schema_is_in_english_whoever_fetches_it_unless_asked(client, cas_official):
    """Scripts and generators read it; a Chinese-speaking user's fetch must not rename its fields' titles."""
    cas_official.preferred_language = "zh-hans"
    cas_official.save()
    client.force_login(cas_official)
    accept = {"HTTP_ACCEPT": "application/vnd.oai.openapi+json", "HTTP_ACCEPT_LANGUAGE": "zh-hans"}
    english = json.loads(client.get(SCHEMA, **accept).content)
    chinese = json.loads(client.get(SCHEMA, {"lang": "zh-hans"}, **accept).content)
    title_of = lambda schema: schema["components"]["schemas"]["Activity"]["properties"]["area"]["title"]  # noqa: E731
    assert title_of(english) == "Area of cooperation"
    assert title_of(chinese) == "合作领域"
