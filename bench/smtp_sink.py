"""A real SMTP server inside this process, for the delivery tests and the notification benchmark.

Development only: aiosmtpd comes from requirements-dev.txt, and nothing the portal runs imports
this module. The portal talks to it as to any mail server (EMAIL_URL=smtp://127.0.0.1:<port>),
so a test sees what went over the wire: envelope recipients, the Message-ID header, the raw bytes.

    with smtp_sink() as sink:              # listens on 127.0.0.1, on a free port: sink.port, sink.url
        ...                                 # point a worker at sink.url, deliver
        assert sink.wait_for(3, timeout=10)
        sink.refuse = True                  # every DATA now gets 451, and is recorded as refused
        sink.hold_nth(2)                    # the 2nd message from now: recorded, then no reply until release()
        sink.hold_until_concurrent(2)       # every DATA waits until 2 sessions are in DATA at once

For a benchmark, `smtp_sink(keep_messages=False)` only counts what it accepts.
"""

import asyncio
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from email.parser import BytesHeaderParser
from email.policy import default as default_policy

from aiosmtpd.controller import Controller

REFUSAL = "451 4.3.0 Mail server temporarily unavailable"
ACCEPTED = "250 2.0.0 OK"
# A held conversation never waits longer than this, so a test that forgets to release cannot hang forever.
MAX_HOLD_SECONDS = 120.0


@dataclass(frozen=True)
class ReceivedMessage:
    """One DATA transaction as the server saw it."""

    mail_from: str
    recipients: tuple[str, ...]
    message_id: str | None
    subject: str
    raw: bytes
    received_at: datetime  # UTC wall clock, comparable with the portal's timestamps
    refused: bool


class SMTPSink:
    """The aiosmtpd handler. Runs on the controller's event-loop thread; read it from any thread.

    Every change happens under one `threading.Condition`, so a test waits for a state
    (`wait_for`, `wait_until`) instead of sleeping.
    """

    def __init__(self, *, keep_messages: bool = True):
        self.keep_messages = keep_messages
        self.port: int | None = None
        self._changed = threading.Condition()
        self._accepted: list[ReceivedMessage] = []
        self._refused: list[ReceivedMessage] = []
        self._accepted_count = 0
        self._refused_count = 0
        self._arrivals = 0  # DATA transactions seen, accepted or refused
        self.refuse = False
        # hold_nth
        self._hold_at: int | None = None
        self._held: ReceivedMessage | None = None
        self._released = True
        # hold_until_concurrent
        self._concurrent_target: int | None = None
        self._overlap_reached = False
        self._in_data = 0
        self._max_in_data = 0

    # -- what tests read ---------------------------------------------------------------

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    @property
    def count(self) -> int:
        """Messages accepted (a held message counts: the server has it)."""
        with self._changed:
            return self._accepted_count

    @property
    def refused_count(self) -> int:
        with self._changed:
            return self._refused_count

    @property
    def messages(self) -> list[ReceivedMessage]:
        """The accepted messages, in arrival order (empty with keep_messages=False)."""
        with self._changed:
            return list(self._accepted)

    @property
    def refused(self) -> list[ReceivedMessage]:
        with self._changed:
            return list(self._refused)

    @property
    def held(self) -> ReceivedMessage | None:
        """The message `hold_nth` caught, once it arrived."""
        with self._changed:
            return self._held

    @property
    def max_in_data(self) -> int:
        """The most sessions that were in DATA at the same moment."""
        with self._changed:
            return self._max_in_data

    @property
    def overlap_reached(self) -> bool:
        """Whether `hold_until_concurrent`'s number of simultaneous sessions was reached."""
        with self._changed:
            return self._overlap_reached

    def wait_until(self, predicate: Callable[["SMTPSink"], bool], timeout: float) -> bool:
        """Block until `predicate(sink)` holds (checked on every change); False on timeout.
        The lock is reentrant, so the predicate may use the properties."""
        with self._changed:
            return self._changed.wait_for(lambda: predicate(self), timeout=timeout)

    def wait_for(self, count: int, timeout: float) -> bool:
        """Block until at least `count` messages were accepted; False on timeout."""
        with self._changed:
            return self._changed.wait_for(lambda: self._accepted_count >= count, timeout=timeout)

    def wait_for_refused(self, count: int, timeout: float) -> bool:
        with self._changed:
            return self._changed.wait_for(lambda: self._refused_count >= count, timeout=timeout)

    # -- switches ----------------------------------------------------------------------

    def set_refusing(self, refuse: bool) -> None:
        with self._changed:
            self.refuse = refuse
            self._changed.notify_all()

    def hold_nth(self, n: int) -> None:
        """Record the n-th message arriving from now on, then give no reply until `release()`:
        the server has the mail, the client has not yet heard so."""
        if n < 1:
            raise ValueError("n counts from 1")
        with self._changed:
            self._hold_at = self._arrivals + n
            self._held = None
            self._released = False

    def wait_until_held(self, timeout: float) -> ReceivedMessage | None:
        with self._changed:
            self._changed.wait_for(lambda: self._held is not None, timeout=timeout)
            return self._held

    def release(self) -> None:
        """Let a held conversation (and any waiting on a concurrency hold) go on."""
        with self._changed:
            self._released = True
            self._hold_at = None
            self._concurrent_target = None
            self._changed.notify_all()

    def hold_until_concurrent(self, sessions: int) -> None:
        """Make each DATA wait until `sessions` sessions are in DATA at once (then none waits any
        more): proof that several clients really overlapped. Times out after MAX_HOLD_SECONDS."""
        with self._changed:
            self._concurrent_target = sessions
            self._overlap_reached = False

    # -- aiosmtpd handler hooks ---------------------------------------------------------

    async def handle_DATA(self, server, session, envelope) -> str:
        raw = envelope.original_content or b""
        if not self.keep_messages and not self._holding():
            # Benchmark mode: count, nothing else.
            with self._changed:
                self._arrivals += 1
                if self.refuse:
                    self._refused_count += 1
                    status = REFUSAL
                else:
                    self._accepted_count += 1
                    status = ACCEPTED
                self._changed.notify_all()
            return status

        headers = BytesHeaderParser(policy=default_policy).parsebytes(raw)
        with self._changed:
            self._arrivals += 1
            refused = self.refuse
            message = ReceivedMessage(
                mail_from=envelope.mail_from,
                recipients=tuple(envelope.rcpt_tos),
                message_id=str(headers["Message-ID"]).strip() if headers["Message-ID"] else None,
                subject=str(headers["Subject"] or ""),
                raw=raw,
                received_at=datetime.now(UTC),
                refused=refused,
            )
            if refused:
                self._refused_count += 1
                if self.keep_messages:
                    self._refused.append(message)
            else:
                self._accepted_count += 1
                if self.keep_messages:
                    self._accepted.append(message)
            hold_this = not refused and self._hold_at is not None and self._arrivals == self._hold_at
            if hold_this:
                self._held = message
            self._in_data += 1
            self._max_in_data = max(self._max_in_data, self._in_data)
            self._changed.notify_all()
        try:
            # Waiting blocks a thread, not the event loop: other sessions go on meanwhile.
            loop = asyncio.get_running_loop()
            if hold_this:
                await loop.run_in_executor(None, self._wait_released)
            if self._concurrent_target is not None:
                await loop.run_in_executor(None, self._wait_concurrent)
        finally:
            with self._changed:
                self._in_data -= 1
                self._changed.notify_all()
        return REFUSAL if refused else ACCEPTED

    def _holding(self) -> bool:
        return self._hold_at is not None or self._concurrent_target is not None

    def _wait_released(self) -> None:
        with self._changed:
            self._changed.wait_for(lambda: self._released, timeout=MAX_HOLD_SECONDS)

    def _wait_concurrent(self) -> None:
        with self._changed:
            target = self._concurrent_target
            if target is None:
                return
            self._changed.wait_for(
                lambda: self._in_data >= target or self._overlap_reached or self._concurrent_target is None,
                timeout=MAX_HOLD_SECONDS,
            )
            if self._in_data >= target and self._concurrent_target is not None:
                self._overlap_reached = True
                self._concurrent_target = None  # from now on nobody waits
                self._changed.notify_all()


class _FreePortController(Controller):
    """aiosmtpd's Controller, bound to port 0: the kernel picks a free port, read back once bound
    (no race between choosing a port and binding it)."""

    def _trigger_server(self):
        if self.port == 0 and self.server is not None:
            self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


@contextmanager
def smtp_sink(*, keep_messages: bool = True, ready_timeout: float = 10.0) -> Iterator[SMTPSink]:
    """Run an SMTPSink on 127.0.0.1 (free port) for the duration of the block."""
    sink = SMTPSink(keep_messages=keep_messages)
    controller = _FreePortController(sink, hostname="127.0.0.1", port=0, ready_timeout=ready_timeout)
    controller.start()
    sink.port = controller.port
    try:
        yield sink
    finally:
        sink.release()  # a held conversation must not keep the loop's executor thread alive
        controller.stop()
