"""The outbox against the real broker: a commit publishes to Redis, a real worker delivers once.

Runs only with REDIS_URL set (CI sets it).
"""

import threading

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.conf import settings

from protocol.activities import services
from protocol.celery import app as celery_app
from protocol.notifications.models import Notification, OutboxMessage, OutboxStatus
from protocol.notifications.tasks import deliver_outbox_task
from tests.ci import needs

from .brokers import CLOSED_PORT_BROKER_URL, broker, forget_broker_connections

if not settings.REDIS_URL:
    needs(
        "REDIS_URL is not set: the outbox is not tested against a real Redis broker and worker "
        "(set REDIS_URL=redis://127.0.0.1:6379/0 to run these tests)",
        module=True,
    )

pytestmark = pytest.mark.real_broker

TASK_TIMEOUT = 15  # seconds; a delivery takes milliseconds, this only bounds a hung worker


def queued_messages() -> int:
    """Task messages waiting in the default queue (Redis drops an empty queue's list, so not passive)."""
    with celery_app.connection_for_write() as conn:
        return conn.default_channel.queue_declare(queue=celery_app.conf.task_default_queue).message_count


@pytest.fixture
def redis_broker():
    """The configured Redis, with its task queue empty before and after the test."""
    forget_broker_connections()
    celery_app.control.purge()
    yield celery_app
    celery_app.control.purge()
    forget_broker_connections()


class DeliveryRuns:
    """Counts deliver_outbox_task runs finished in the worker, so a test waits for them, not for time."""

    def __init__(self):
        self.finished = 0
        self.changed = threading.Condition()

    def on_postrun(self, sender=None, **kwargs):
        if sender is not None and sender.name == deliver_outbox_task.name:
            with self.changed:
                self.finished += 1
                self.changed.notify_all()

    def wait_for(self, count: int) -> None:
        with self.changed:
            done = self.changed.wait_for(lambda: self.finished >= count, timeout=TASK_TIMEOUT)
        assert done, f"the worker finished {self.finished} deliveries, expected {count} within {TASK_TIMEOUT}s"


@pytest.fixture
def worker(redis_broker):
    """A real Celery worker consuming from Redis in a thread of this process."""
    runs = DeliveryRuns()
    task_postrun.connect(runs.on_postrun, weak=False)
    saved_hijack = celery_app.conf.worker_hijack_root_logger
    celery_app.conf.worker_hijack_root_logger = False  # keep pytest's log capture for the tests after this one
    try:
        with start_worker(celery_app, pool="solo", concurrency=1, perform_ping_check=False, shutdown_timeout=30):
            yield runs
    finally:
        celery_app.conf.worker_hijack_root_logger = saved_hijack
        task_postrun.disconnect(runs.on_postrun)


# The worker's own database connection sees only committed rows.
@pytest.mark.django_db(transaction=True)
def test_a_commit_publishes_to_redis_and_a_worker_delivers_it_once(
    redis_broker, cas_official, joint_fields, sipo_coordinator, mailoutbox, request
):
    activity = services.activity_create(author=cas_official, fields=joint_fields, log=True)

    # Published, not run: until a worker takes it, the row waits in Redis.
    message = OutboxMessage.objects.get()
    assert message.status == OutboxStatus.PENDING
    assert queued_messages() == 1
    assert not Notification.objects.exists()

    runs = request.getfixturevalue("worker")
    runs.wait_for(1)
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT

    # The same task message again (a redelivery after a lost ack): the worker runs it, nothing repeats.
    deliver_outbox_task.delay(message.pk)
    runs.wait_for(2)

    message.refresh_from_db()
    assert (message.status, message.attempts) == (OutboxStatus.SENT, 1)
    assert Notification.objects.get().url == activity.get_absolute_url()
    assert [m.to for m in mailoutbox] == [[sipo_coordinator.email]]
    assert queued_messages() == 0


def test_healthz_reports_a_reachable_redis_as_ok(client, db, redis_broker):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert (response.json()["status"], response.json()["broker"]) == ("ok", "ok")


def test_healthz_reports_an_unreachable_broker_as_unavailable(client, db):
    with broker(CLOSED_PORT_BROKER_URL):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert (response.json()["status"], response.json()["broker"]) == ("down", "error: OperationalError")
