"""The API's clients: one per persona, with a token of theirs (read-and-write unless asked)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from protocol.api import services
from protocol.api.models import Scope


def make_token(user, *, scope=Scope.WRITE, days=30, name="script"):
    fields = services.TokenFields(name=name, scope=scope, expires_at=timezone.now() + timedelta(days=days))
    return services.token_create(user=user, fields=fields, verified=True)


def token_client(user, *, scope=Scope.WRITE, language="en") -> APIClient:
    _token, secret = make_token(user, scope=scope)
    client = APIClient()
    # Credentials are sent with every request and win over a request's own headers: the language is set here.
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}", HTTP_ACCEPT_LANGUAGE=language)
    return client


@pytest.fixture
def api_as():
    """`api_as(user)`: a client holding a fresh read-and-write token of `user`, asking for English
    (`api_as(user, language="zh-hans")` for Chinese, `scope=Scope.READ` for a read-only token)."""
    return token_client


@pytest.fixture(autouse=True)
def _no_throttling_unless_asked(request, settings):
    # Most tests send a handful of requests; the throttling tests set their own low rates.
    if not request.node.get_closest_marker("throttled"):
        settings.REST_FRAMEWORK = {
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {"token": "100000/min", "session": "100000/min"},
        }


def pytest_configure(config):
    config.addinivalue_line("markers", "throttled: the API's rate limits as configured, not lifted (tests/api)")


@pytest.fixture
def joint(activity_post) -> dict:
    """What the API takes for the page form's joint training (the `activity_post` persona: led by CAS, logged
    by the CAS official with the SIPO official), kept as a draft unless `log` is added."""
    return {name: value for name, value in activity_post.items() if name not in ("action", "end_date")}
