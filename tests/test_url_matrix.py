"""Every route of the URLconf, for every persona (and an anonymous client), for each visibility state of its record,
for GET and for an empty POST (tests/url_matrix.py): never a server error; the anonymous sent to sign in (or the
public answer); the record answered 404 to whom the party rule hides it, and its title in none of their pages;
nothing stored by a refused POST; and, cell by cell, to each who sees the record (or any signed-in persona, on a
route about no record) the exact answer its route states, from the app's own predicates (permissions.py): the
page (200), the action done (302), the refusal (403), the record moved on (303), a row that does not exist for them
(404), a method the route does not take (405). A route added to the URLconf without an entry in the matrix fails
the first test; an entry states what each answers (there is no default).

What the matrix does not try: a POST with valid data (each area's who-may tables in tests/*/test_views* do), and
the API through a token (tests/api; the matrix signs in by session)."""

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
    # Django's admin (admin.site.urls, 42 routes): portal admins only (is_staff), with Django's own permission
    # system and its own tests (tests/audit/test_admin.py, the MFA tests of /admin/).
    "admin",
}


def url_names(patterns=None, namespace: str = "") -> list[str]:
    """Every named route, included patterns too, as `namespace:name`."""
    names = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(part for part in (namespace, pattern.namespace) if part)
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


@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.name)
def test_route(route, client, personas, django_capture_on_commit_callbacks, monkeypatch):
    world = World(personas, django_capture_on_commit_callbacks, monkeypatch)
    client.raise_request_exception = False
    login = reverse("login")
    wrong = []
    for state in route.resource.states if route.resource else (NO_OBJECT,):
        record = world.get(route.resource, state) if route.resource else None
        path = reverse(route.name, kwargs=route.kwargs(world, record))
        secret = title(route.resource.name, state).encode() if route.resource else None
        for persona in [*PERSONAS, ANONYMOUS]:
            user = personas.get(persona)
            client.force_login(user) if user else client.logout()
            hidden = bool(
                user and route.resource and not route.public and not route.resource.visible(user, state, record)
            )
            for method in ("get", "post"):
                # What the route says one who sees the record must be answered (the party rule's 404 aside), asked
                # before the request changes anything.
                hides = hidden and route.resource.hides
                right = getattr(route, method)(world, user, record) if user and not hides else None
                with transaction.atomic():
                    before = _stored() if method == "post" else None
                    response = getattr(client, method)(path, {})
                    after = _stored() if method == "post" else None
                    transaction.set_rollback(True)
                code, cell = response.status_code, f"{state.name} {persona} {method.upper()}"
                if user is None:
                    sent_to_sign_in = code == 302 and response["Location"].startswith(login)
                    if not (code in route.anonymous if route.anonymous else sent_to_sign_in):
                        wrong.append(f"{cell}: {code}, not sent to sign in")
                elif hides:
                    # A route refuses a method it does not take before it looks for the record: no hint.
                    if code not in (404, 405):
                        wrong.append(f"{cell}: {code} for a record the rule hides (404)")
                elif code not in right:
                    wrong.append(f"{cell}: {code}, not {' or '.join(map(str, sorted(right)))}")
                if hidden:
                    body = b"".join(response) if response.streaming else response.content
                    if secret in body:
                        wrong.append(f"{cell}: the record's title in the page of one who may not see it")
                if method == "post" and code in (403, 404, 405) and after != before:
                    wrong.append(f"{cell}: refused ({code}) but stored something")
    assert wrong == []


def _stored() -> tuple[int, int]:
    """Every write the audit trail records, and every notification queued."""
    writes = Entry.objects.filter(action__in=[Action.CREATE, Action.UPDATE, Action.DELETE]).count()
    return writes, OutboxMessage.objects.count()
