"""Rate limits: each token has its own budget (a signed-in session, its user's); past it, 429 with Retry-After."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from protocol.activities.models import Activity

from .conftest import token_client

pytestmark = pytest.mark.throttled

LIST = "/api/v1/notifications/"
START = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def three_a_minute(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"token": "3/min", "session": "2/min"},
    }


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def test_past_its_rate_a_token_gets_429_with_retry_after(clock, cas_official):
    client = token_client(cas_official)
    assert [client.get(LIST).status_code for _ in range(3)] == [200, 200, 200]
    clock.shift(timedelta(seconds=20))
    refused = client.get(LIST)
    assert refused.status_code == 429
    assert refused["Retry-After"] == "40"  # the oldest of the three leaves the window a minute after it came
    error = refused.json()["error"]
    assert (error["status"], error["code"]) == (429, "throttled")
    assert error["message"].startswith("Request was throttled.")


def test_the_budget_comes_back_as_the_window_moves(clock, cas_official):
    client = token_client(cas_official)
    for _ in range(3):
        client.get(LIST)
    clock.shift(timedelta(seconds=59))
    assert client.get(LIST).status_code == 429
    clock.shift(timedelta(seconds=1))
    assert client.get(LIST).status_code == 200


def test_each_token_has_a_budget_of_its_own(clock, cas_official, sipo_official):
    first, second, other_users = token_client(cas_official), token_client(cas_official), token_client(sipo_official)
    for _ in range(3):
        first.get(LIST)
    assert first.get(LIST).status_code == 429
    assert second.get(LIST).status_code == 200
    assert other_users.get(LIST).status_code == 200


def test_a_session_has_its_users_budget(clock, client, cas_official):
    client.force_login(cas_official)
    assert [client.get(LIST).status_code for _ in range(3)] == [200, 200, 429]
    assert token_client(cas_official).get(LIST).status_code == 200  # a script of theirs is counted apart


def test_a_throttled_write_stores_nothing(clock, cas_official, joint):
    client = token_client(cas_official)
    for _ in range(3):
        client.get(LIST)
    assert client.post("/api/v1/activities/", joint, format="json").status_code == 429
    assert not Activity.objects.exists()


def test_the_429_speaks_the_requests_language(clock, cas_official):
    client = token_client(cas_official, language="zh-hans")
    for _ in range(3):
        client.get(LIST)
    message = client.get(LIST).json()["error"]["message"]
    assert "Request was throttled" not in message
    assert "请求" in message  # DRF's own Chinese: 请求超过了限速。


def test_an_unauthenticated_request_is_401_not_throttled(clock, client):
    assert [client.get(LIST).status_code for _ in range(4)] == [401, 401, 401, 401]
