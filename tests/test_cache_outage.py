"""Redis as the cache, down (protocol/cache.py): pages and writes work as with an empty cache, the log says so
once and again when Redis is back, and the cache is emptied then (writes lost meanwhile would leave stale counts)."""

import logging

import pytest
from django.core.cache.backends.redis import RedisCache
from django.urls import reverse

from protocol import outages
from protocol.cache import PortalRedisCache

# Nothing listens on port 1: every connection is refused at once, like a Redis that is down.
DOWN = "redis://127.0.0.1:1/0"


def outage_lines(caplog) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.name == "protocol.outages"]


@pytest.fixture
def cache_down(settings):
    settings.CACHES = {"default": {"BACKEND": "protocol.cache.PortalRedisCache", "LOCATION": DOWN}}
    yield


def test_a_redis_cache_url_is_the_tolerant_backend_with_short_timeouts():
    from tests.test_settings import manage

    script = (
        "from django.conf import settings; c = settings.CACHES['default']; print(c['BACKEND'], sorted(c['OPTIONS']))"
    )
    result = manage("shell", "-c", script, DJANGO_DEBUG="true", CACHE_URL="rediscache://127.0.0.1:6379/1")
    assert result.returncode == 0, result.stderr
    printed = result.stdout.strip().splitlines()[-1]
    assert printed == "protocol.cache.PortalRedisCache ['socket_connect_timeout', 'socket_timeout']"


def test_every_call_answers_like_an_empty_cache_while_redis_is_down(caplog):
    down = PortalRedisCache(DOWN, {})

    assert down.get("k") is None
    assert down.get("k", "default") == "default"
    assert down.set("k", 1) is None
    assert down.add("k", 1) is True  # an empty cache would take it: a password reset is still sent
    assert down.get_or_set("k", lambda: 42) == 42
    assert down.get_many(["a", "b"]) == {}
    assert down.set_many({"a": 1, "b": 2}) == ["a", "b"]
    assert down.has_key("k") is False
    assert down.delete("k") is False
    assert down.touch("k") is False
    down.delete_many(["a"])
    assert down.clear() is False
    with pytest.raises(ValueError):
        down.incr("k")

    (line,) = outage_lines(caplog)
    assert line.startswith("cache unreachable: the cache answers as empty; pages compute what they would have read")
    assert "ConnectionError" in line
    assert outages.cache.failures > 12  # every call above counted, one line logged


def test_when_redis_answers_again_the_recovery_is_logged_and_the_cache_emptied(monkeypatch, caplog):
    down = PortalRedisCache(DOWN, {})
    down.get("k")
    down.get("k")
    cleared = []
    monkeypatch.setattr(RedisCache, "get", lambda self, key, default=None, version=None: "back")
    monkeypatch.setattr(RedisCache, "clear", lambda self: cleared.append(True) or True)

    assert down.get("k") == "back"
    assert down.get("k") == "back"

    assert cleared == [True]  # once, at the first success
    assert outage_lines(caplog)[-1].startswith("cache reachable again after ")
    assert outage_lines(caplog)[-1].endswith("(2 failures)")
    assert outages.cache.since is None


def test_the_dashboard_and_lists_work_with_the_cache_down(client, cas_official, cache_down, caplog):
    client.force_login(cas_official)
    assert client.get(reverse("dashboard")).status_code == 200
    assert client.get(reverse("dashboard")).status_code == 200
    assert client.get(reverse("activities:list")).status_code == 200

    lines = outage_lines(caplog)
    assert len(lines) == 1 and lines[0].startswith("cache unreachable")
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR]
