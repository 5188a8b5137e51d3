"""A part the portal can do without for a while (Redis as the broker, Redis as the cache) is logged once when it
fails and once when it is back, with a summary every minute in between: while Redis is down every request would
otherwise log the same traceback, drowning everything else in the logs.

Per process: each gunicorn worker and each Celery worker says it for itself."""

import logging
import threading
import time
from collections.abc import Callable

logger = logging.getLogger(__name__)

SUMMARY_SECONDS = 60


class Outage:
    """Tells `failed()` and `succeeded()` calls of one part apart from noise: the first failure warns (what failed,
    the exception's type and text, no traceback), later ones are counted and summarised at the first failure a
    minute after the last line, and the first success after failures says how long it lasted and how many."""

    def __init__(self, part: str, *, clock: Callable[[], float] = time.monotonic):
        self.part = part
        self.clock = clock
        self._lock = threading.Lock()
        self._reset()

    def _reset(self) -> None:
        self.since: float | None = None  # when the part was first seen down, None while it works
        self.failures = 0
        self._unsummarised = 0
        self._last_line = 0.0

    def failed(self, exc: BaseException, what: str, *args) -> None:
        """`what % args` says what could not be done and what happens instead (logged on the first failure)."""
        now = self.clock()
        with self._lock:
            first = self.since is None
            if first:
                self.since = self._last_line = now
            else:
                self._unsummarised += 1
            self.failures += 1
            summary = None
            if not first and now - self._last_line >= SUMMARY_SECONDS:
                summary = (self._unsummarised, round(now - self._last_line))
                self._unsummarised, self._last_line = 0, now
        if first:
            logger.warning(
                f"%s unreachable: {what} (%s: %s); further failures are summarised every %s s until it is back",
                self.part,
                *args,
                type(exc).__name__,
                exc,
                SUMMARY_SECONDS,
                extra={"part": self.part, "outage": "started"},
            )
        elif summary:
            logger.warning(
                "%s still unreachable: %s more failures in the last %s s",
                self.part,
                *summary,
                extra={"part": self.part, "outage": "continues", "failures": summary[0]},
            )

    def succeeded(self) -> None:
        if self.since is None:  # the usual case, without taking the lock
            return
        with self._lock:
            if self.since is None:
                return
            lasted, failures = round(self.clock() - self.since), self.failures
            self._reset()
        logger.warning(
            "%s reachable again after %s s (%s failures)",
            self.part,
            lasted,
            failures,
            extra={"part": self.part, "outage": "ended", "failures": failures, "lasted_seconds": lasted},
        )


# Tasks published from requests (outbox delivery, document processing): the beat sweeps do the work later.
broker = Outage("broker")
# The shared cache (protocol/cache.py): pages compute what they would have read.
cache = Outage("cache")


def reset_all() -> None:
    """For the tests: every part working, as at a process's start."""
    for outage in (broker, cache):
        with outage._lock:
            outage._reset()
