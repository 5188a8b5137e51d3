"""Counts that pages show on every view (the dashboard's chart and library size), cached until a write changes them.

A count over ten years of rows costs tens of milliseconds, and the same number is asked on every dashboard
view, so it is kept in the cache under its topic's version. A service that writes rows of a topic calls
`counts_changed(topic)`: the version moves on, every count of the topic is computed afresh at its next use.
The cache must be shared between processes where several serve (CACHE_URL: Redis in the compose stack).
"""

import functools
import uuid
from collections.abc import Callable, Hashable
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction

T = TypeVar("T")

# A safety net, not the invalidation: a write that forgot `counts_changed` is seen within the hour.
TIMEOUT_SECONDS = 3600


def counted(topic: str, key: tuple[Hashable, ...], compute: Callable[[], T]) -> T:
    """`compute()`, or what it gave last time for the same topic version and key. The key must hold
    everything the count depends on (for a count through a visibility rule: the reader's party)."""
    version = cache.get_or_set(_version_key(topic), _fresh_version, timeout=None)
    entry = f"counts:{topic}:{version}:{':'.join(str(part) for part in key)}"
    value = cache.get(entry)
    if value is None:
        value = compute()
        cache.set(entry, value, TIMEOUT_SECONDS)
    return value


def cached_per_party(topic: str) -> Callable:
    """For a registry `figures(user, *, years)` hook: cached per reader's party and years under `topic`, like the
    counts above. For user None (the annual report, which must say what the rows say now) computed afresh."""

    def wrap(hook: Callable) -> Callable:
        @functools.wraps(hook)
        def cached(user, *, years):
            if user is None:
                return hook(None, years=years)
            party = user.party_id if user.is_authenticated else None
            key = (f"{hook.__module__}.{hook.__name__}", party, *sorted(years))
            return counted(topic, key, lambda: list(hook(user, years=years)))

        return cached

    return wrap


def counts_changed(topic: str) -> None:
    """Call in a service that writes rows of `topic`, inside its transaction."""
    _bump(topic)
    # Again once the write is committed: a reader between the first bump and the commit may have cached
    # a count without the write under the new version.
    transaction.on_commit(lambda: _bump(topic))


def _bump(topic: str) -> None:
    cache.set(_version_key(topic), _fresh_version(), timeout=None)


def _fresh_version() -> str:
    # Never a number seen before, even if the version key was evicted while counts under it remain.
    return uuid.uuid4().hex


def _version_key(topic: str) -> str:
    return f"counts:{topic}:version"
