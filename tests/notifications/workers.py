"""Real Celery worker processes for the delivery tests: started by a test, stopped (or killed) by it.

A worker is `celery -A protocol worker --pool=prefork --concurrency=1` in its own process group,
with the environment of this process plus the test database, the Redis under test, the test's
SMTP sink and any OUTBOX_* override. It consumes only the queues it is given, named per test, so
task messages left over by another test never reach it.
"""

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import redis
from celery.utils.nodenames import gethostname
from django.conf import settings
from django.db import connection

from protocol.celery import app as celery_app

PROJECT_ROOT = Path(__file__).resolve().parents[2]
READY_TIMEOUT = 60  # seconds; a worker is usually ready in 2-4 s, a busy CI machine may take longer
STOP_TIMEOUT = 20


def shared_database_url() -> str:
    """DATABASE_URL of the database this test runs against (pytest-django's test database)."""
    db = connection.settings_dict
    if db["ENGINE"] != "django.db.backends.postgresql":
        raise RuntimeError(f"a worker process needs a shared PostgreSQL test database, not {db['ENGINE']}")
    user = quote(db["USER"] or "", safe="")
    password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    credentials = f"{user}{password}@" if user else ""
    host = db["HOST"] or "localhost"
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{credentials}{host}{port}/{quote(db['NAME'], safe='')}"


def unique_queue(label: str) -> str:
    return f"test-{label}-{uuid.uuid4().hex[:8]}"


class Worker:
    """One worker process (its prefork child in the same process group)."""

    def __init__(self, *, name: str, queues: list[str], env: dict[str, str], log_path: Path):
        self.name = name
        self.nodename = f"{name}@{gethostname()}"
        self.queues = queues
        self.log_path = log_path
        celery = Path(sys.executable).with_name("celery")
        command = [str(celery)] if celery.exists() else [sys.executable, "-m", "celery"]
        command += [
            "-A",
            "protocol",
            "worker",
            "--pool=prefork",
            "--concurrency=1",
            "-Q",
            ",".join(queues),
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-n",
            f"{name}@%h",
            "-l",
            "info",
        ]
        self._log = open(log_path, "wb")  # noqa: SIM115 -- closed in stop()/kill()
        self.process = subprocess.Popen(
            command,
            cwd=PROJECT_ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: kill() reaches the prefork child too
        )

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def wait_ready(self, timeout: float = READY_TIMEOUT) -> None:
        """Return once the worker answers a ping (its consumers are running), or fail with its log."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.alive:
                raise RuntimeError(f"worker {self.name} exited with {self.process.returncode}\n{self.log_tail()}")
            replies = celery_app.control.ping(destination=[self.nodename], timeout=0.5)
            if any(self.nodename in reply for reply in replies):
                return
        raise RuntimeError(f"worker {self.name} not ready within {timeout}s\n{self.log_tail()}")

    def kill(self) -> None:
        """SIGKILL the whole process group, as an OOM killer or a pulled plug would: no cleanup, no ack."""
        self._signal_group(signal.SIGKILL)
        self.process.wait(timeout=STOP_TIMEOUT)
        self._log.close()

    def terminate(self) -> None:
        """Ask for a warm shutdown (SIGTERM: finish the task in hand, then exit); `stop()` waits for it."""
        if self.alive:
            self.process.send_signal(signal.SIGTERM)

    def stop(self) -> None:
        """Warm shutdown, then SIGKILL whatever is left after STOP_TIMEOUT."""
        self.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=STOP_TIMEOUT)
        self._signal_group(signal.SIGKILL)  # the prefork child, if it outlived its parent
        if self.alive:
            self.process.wait(timeout=STOP_TIMEOUT)
        self._log.close()

    def _signal_group(self, signum: int) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signum)

    def log_tail(self, lines: int = 80) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return f"(no log at {self.log_path})"
        tail = "\n".join(text.splitlines()[-lines:])
        return f"---- last {lines} lines of {self.log_path} ----\n{tail}"


class Workers:
    """Starts workers for one test; `stop_all()` (a fixture finalizer) stops them and empties their queues."""

    def __init__(self, *, log_dir: Path, email_url: str):
        self.log_dir = log_dir
        self.email_url = email_url
        self.started: list[Worker] = []
        self.queues: set[str] = set()

    def environment(self, **overrides: str) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            DATABASE_URL=shared_database_url(),
            REDIS_URL=settings.REDIS_URL,
            EMAIL_URL=self.email_url,
            PYTHONUNBUFFERED="1",
        )
        env.update({key: str(value) for key, value in overrides.items()})
        return env

    def start(self, queues: list[str], *, wait: bool = True, **env_overrides: str) -> Worker:
        """A worker consuming `queues` (purged first); OUTBOX_MAX_ATTEMPTS=... etc. override settings."""
        purge(queues)
        self.queues.update(queues)
        name = f"w{len(self.started) + 1}-{uuid.uuid4().hex[:6]}"
        worker = Worker(
            name=name,
            queues=queues,
            env=self.environment(**env_overrides),
            log_path=self.log_dir / f"worker-{name}.log",
        )
        self.started.append(worker)
        if wait:
            worker.wait_ready()
        return worker

    def stop_all(self) -> None:
        for worker in self.started:
            worker.terminate()  # all at once: each takes a second or two to shut down
        for worker in self.started:
            worker.stop()
        forget_queues(self.queues)

    def log_tails(self) -> str:
        return "\n".join(worker.log_tail() for worker in self.started)


def purge(queues) -> None:
    with celery_app.connection_for_write() as conn:
        channel = conn.default_channel
        for queue in queues:
            channel.queue_purge(queue)


def forget_queues(queues) -> None:
    """Empty the queues and drop what kombu keeps about them in Redis: the task messages a killed
    worker left unacknowledged (kombu would put them back after its visibility timeout, an hour
    later), and the bindings of the per-test queues."""
    purge(queues)
    client = redis.Redis.from_url(settings.REDIS_URL)
    try:
        for tag, payload in client.hgetall("unacked").items():
            try:
                _message, _exchange, routing_key = json.loads(payload)
            except (ValueError, TypeError):
                continue
            if routing_key in queues:
                client.hdel("unacked", tag)
                client.zrem("unacked_index", tag)
        # A per-test queue is bound to an exchange of its own name (Celery creates missing queues so).
        for queue in queues:
            if queue != celery_app.conf.task_default_queue:
                client.delete(f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")
    finally:
        client.close()
