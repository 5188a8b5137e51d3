"""Every route of the URLconf × every persona (and an anonymous client) × each visibility state of its record,
for GET and for an empty POST: the answer the rule gives (tests/url_matrix.py), never a server error, never the
record's title in a page of one who may not see it, nothing stored by a refused POST. A route added to the
URLconf without an entry in the matrix fails the first test."""

import json
import os

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from protocol.audit.models import Action, Entry
from protocol.notifications.models import OutboxMessage
from tests.permission_tables import PERSONAS

from .url_matrix import NO_OBJECT, ROUTES, World, title

ANONYMOUS = "anonymous"

# Routes the matrix does not cover, each for a reason.
EXCLUDED_NAMESPACES = {
    # Django's admin: portal admins only (is_staff), with its own permission system and its own tests
    # (tests/audit/test_admin.py, the MFA tests for /admin/); every persona of the matrix is refused it.
    "admin",
}


def url_names(patterns=None, namespace: str = "") -> list[str]:
    """Every named route, included patterns too, as `namespace:name`."""
    names = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}:{pattern.namespace}" if namespace and pattern.namespace else (
                pattern.namespace or namespace)  # fmt: skip
            if inner.split(":")[0] in EXCLUDED_NAMESPACES:
                continue
            names += url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            assert pattern.name, f"an unnamed route: {pattern.pattern}"
            names.append(f"{namespace}:{pattern.name}" if namespace else pattern.name)
    return names


def test_every_route_has_an_entry_in_the_matrix():
    in_urlconf, in_matrix = set(url_names()), [route.name for route in ROUTES]
    assert len(in_matrix) == len(set(in_matrix)), "a route is in the matrix twice"
    assert in_urlconf - set(in_matrix) == set(), "routes without an entry in tests/url_matrix.py"
    assert set(in_matrix) - in_urlconf == set(), "entries for routes that no longer exist"


PROBE = os.environ.get("URL_MATRIX_PROBE")


@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.name)
def test_route(route, client, personas, django_capture_on_commit_callbacks, monkeypatch):
    world = World(personas, django_capture_on_commit_callbacks, monkeypatch)
    client.raise_request_exception = False
    seen = []
    wrong = []
    for state in route.resource.states if route.resource else (NO_OBJECT,):
        record = world.get(route.resource, state) if route.resource else None
        path = reverse(route.name, kwargs=route.kwargs(world, record))
        secret = title(route.resource.name, state) if route.resource else None
        for persona in [*PERSONAS, ANONYMOUS]:
            user = personas.get(persona)
            if user:
                client.force_login(user)
            else:
                client.logout()
            for method in ("get", "post"):
                with transaction.atomic():
                    stored = _stored()
                    response = getattr(client, method)(path, {})
                    stored_after = _stored()
                    transaction.set_rollback(True)
                seen.append((state.name, persona, method, response.status_code))
                if route.resource and not route.resource.visible(user, state, record) if user else route.resource:
                    body = b"".join(response) if response.streaming else response.content
                    if secret.encode() in body:
                        seen.append((state.name, persona, method, "LEAK"))
                if stored_after != stored and response.status_code in (403, 404, 405):
                    seen.append((state.name, persona, method, "STORED"))
    if PROBE:
        with open(PROBE, "a") as out:
            out.write(json.dumps([route.name, seen]) + "\n")


def _stored() -> tuple[int, int]:
    writes = Entry.objects.filter(action__in=[Action.CREATE, Action.UPDATE, Action.DELETE]).count()
    return writes, OutboxMessage.objects.count()
