"""The shared cache on Redis, which answers like an empty cache while Redis is down.

What the portal caches can always be computed again (the dashboard's counts, protocol/counts.py) or only
spaces things out (a password reset e-mail's interval): a page that could not reach the cache would otherwise
fail, and so would every write that moves a count's version on, however healthy the database."""

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

from . import outages


class PortalRedisCache(RedisCache):
    """Django's Redis cache (settings turn a CACHE_URL of rediscache:// into this one). While Redis is down a
    read finds nothing, a write is lost, `add` succeeds; one warning, then a summary a minute (protocol/outages.py).
    When Redis answers again the cache is emptied once: writes lost meanwhile (a count's new version) would
    otherwise leave counts older than the rows for up to an hour."""

    def _tolerant(self, call, fallback, *args, **kwargs):
        try:
            result = call(*args, **kwargs)
        except RedisError as exc:
            outages.cache.failed(exc, "the cache answers as empty; pages compute what they would have read")
            return fallback
        if outages.cache.since is not None:
            outages.cache.succeeded()
            self._forget_missed_writes()
        return result

    def _forget_missed_writes(self) -> None:
        try:
            super().clear()
        except RedisError as exc:  # down again already: a new outage, whose end clears it
            outages.cache.failed(exc, "the cache answers as empty; pages compute what they would have read")

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._tolerant(super().add, True, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._tolerant(super().get, default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._tolerant(super().set, None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._tolerant(super().touch, False, key, timeout, version)

    def delete(self, key, version=None):
        return self._tolerant(super().delete, False, key, version)

    def get_many(self, keys, version=None):
        return self._tolerant(super().get_many, {}, keys, version)

    def has_key(self, key, version=None):
        return self._tolerant(super().has_key, False, key, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._tolerant(super().set_many, list(data), data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._tolerant(super().delete_many, None, keys, version)

    def clear(self):
        return self._tolerant(super().clear, False)

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except RedisError as exc:
            # An empty cache has no value to increment: what Django raises for a missing key.
            outages.cache.failed(exc, "the cache answers as empty; pages compute what they would have read")
            raise ValueError(f"Key '{key}' not found.") from exc
