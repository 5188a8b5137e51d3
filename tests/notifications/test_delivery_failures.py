"""The outbox when things break, end to end: real Redis, real Celery worker processes (started and
stopped, or SIGKILLed, by the test), a real SMTP conversation with an in-process server.

- broker down while activities are logged through the web: every request succeeds, rows wait;
  broker back: each row delivered once;
- a worker killed in the middle of a batch: a new one delivers the rest, each row once, and the
  one mail that may have gone out twice carries the same Message-ID both times;
- a service that fails after writing its rows: nothing delivered;
- SMTP refusing: retried with backoff, failed after the configured attempts, shown to admins,
  sent after an admin's retry;
- two workers sweeping at the same time: no row delivered twice.

Needs PostgreSQL (the worker processes share pytest-django's test database) and REDIS_URL.
"""

import re
import time
from collections import Counter
from datetime import date

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import reverse

from bench.smtp_sink import smtp_sink
from protocol.activities import services
from protocol.activities.models import Activity, Status
from protocol.activities.notifications import ACTIVITY_LOGGED
from protocol.activities.services import ActivityFields
from protocol.celery import app as celery_app
from protocol.notifications import identity
from protocol.notifications.models import Notification, OutboxMessage, OutboxStatus
from protocol.notifications.tasks import deliver_outbox_task, sweep_outbox_task
from protocol.parties.models import User
from protocol.parties.selectors import coordinators_of_party_other_than
from tests.ci import needs
from tests.factories import PASSWORD, ActivityFactory
from tests.once import once

from .brokers import CLOSED_PORT_BROKER_URL, broker, forget_broker_connections
from .workers import Workers, unique_queue

_missing = [
    reason
    for reason, missing in [
        (
            "DATABASE_URL is not PostgreSQL (worker processes must share the test database; "
            "SQLite's in-memory test database cannot be shared)",
            settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        ),
        ("REDIS_URL is not set", not settings.REDIS_URL),
    ]
    if missing
]
if _missing:
    needs(
        "the delivery failures (broker down, worker killed, SMTP refusing, concurrent workers) cannot be tested: "
        + "; ".join(_missing)
        + " (e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal REDIS_URL=redis://127.0.0.1:6379/0)",
        module=True,
    )

# The workers have their own database connections and see only committed rows.
pytestmark = [pytest.mark.real_broker, pytest.mark.django_db(transaction=True)]

TIMEOUT = 60  # seconds; bounds a hung worker, never waited out when things work
DEFAULT_QUEUE = celery_app.conf.task_default_queue  # where outbox.publish() sends (it uses .delay())


def message_id(row_or_pk) -> str:
    pk = getattr(row_or_pk, "pk", row_or_pk)
    return f"<{identity.unique_id('outbox', pk)}>"


def wait_until(condition, *, what: str, timeout: float = TIMEOUT, interval: float = 0.05) -> None:
    """Poll `condition` (a database query, say) until it holds; fail after `timeout`."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() >= deadline:
            pytest.fail(f"timed out after {timeout}s waiting until {what}")
        time.sleep(interval)


def sweep_on(queue: str, timeout: float = TIMEOUT) -> int:
    """Publish the sweep to `queue` and wait for the worker's answer: how many rows it sent.

    A worker with concurrency 1 and prefetch 1 takes its queue in order, so the answer also
    means every task published to that queue before it has run."""
    result = sweep_outbox_task.apply_async(queue=queue, ignore_result=False)
    try:
        return result.get(timeout=timeout)
    finally:
        result.forget()


def statuses() -> Counter:
    return Counter(OutboxMessage.objects.values_list("status", flat=True))


def all_sent(count: int):
    return lambda: OutboxMessage.objects.filter(status=OutboxStatus.SENT).count() >= count


def expected_mail(rows) -> dict[str, tuple[str, ...]]:
    """Message-ID → envelope recipients, for the rows given."""
    return {message_id(row): (row.recipient.email,) for row in rows}


@pytest.fixture
def sink():
    with smtp_sink() as server:
        yield server


@pytest.fixture
def workers(transactional_db, sink, tmp_path):
    """Starts worker processes for this test; stops them (SIGTERM, then SIGKILL) afterwards and
    prints their logs' tails, which pytest shows when the test failed."""
    pool = Workers(log_dir=tmp_path, email_url=sink.url)
    forget_broker_connections()
    yield pool
    sink.release()  # a test that failed while the sink held a mail must not keep a worker in DATA
    try:
        pool.stop_all()
    finally:
        forget_broker_connections()
        print(pool.log_tails())


def joint_activity(author, other, n: int, title: str = "Joint training") -> ActivityFields:
    return ActivityFields(
        area="training",
        kind="training_session",
        title=f"{title} {n}",
        start_date=date(2026, 5, 10),
        lead_party=author.party,
        participants=[author, other],
    )


def pending_rows(count: int, *, recipients: list[User], activities: list[Activity]) -> list[OutboxMessage]:
    """Committed rows waiting for delivery, as logging `activities` leaves them, without publishing."""
    activity_type = ContentType.objects.get_for_model(Activity)
    return OutboxMessage.objects.bulk_create(
        OutboxMessage(
            kind=ACTIVITY_LOGGED.key,
            recipient=recipients[n % len(recipients)],
            target_type=activity_type,
            target_id=activities[n % len(activities)].pk,
            params={"actor": "Li Ming", "title": f"{activities[n % len(activities)].title} ({n})"},
        )
        for n in range(count)
    )


@pytest.fixture
def logged_activities(cas_official, sipo_official):
    return [ActivityFactory(author=cas_official, participants=[cas_official, sipo_official]) for _ in range(5)]


# -- broker down -----------------------------------------------------------------------------


def test_activities_logged_while_the_broker_is_down_are_all_delivered_once_when_it_is_back(
    client, workers, sink, cas_official, sipo_official, sipo_coordinator, cas_coordinator
):
    activities = 100
    client.force_login(cas_official)
    create_url = reverse("activities:create")
    took = []
    with broker(CLOSED_PORT_BROKER_URL):  # Redis down: every publish is refused
        for n in range(activities):
            started = time.monotonic()
            response = client.post(
                create_url,
                once()
                | {
                    "area": "training",
                    "kind": "training_session",
                    "title": f"Patent search training {n}",
                    "start_date": "2026-05-10",
                    "lead_party": cas_official.party_id,
                    "participants": [cas_official.pk, sipo_official.pk],
                    "action": "log",
                },
            )
            took.append(time.monotonic() - started)
            assert response.status_code == 302, f"request {n} failed with {response.status_code}"
            assert re.fullmatch(r"/activities/\d+/", response["Location"]), response["Location"]
    print(f"{activities} requests with the broker down: {sum(took):.2f}s, slowest {max(took):.3f}s")
    # One refused connection per request, no retries: a user never waits on a dead broker.
    # Under the connection timeout: kombu did not retry the connection for the whole window.
    assert max(took) < settings.CELERY_BROKER_CONNECTION_TIMEOUT

    assert Activity.objects.filter(status=Status.LOGGED).count() == activities
    # Each activity notifies the other party's coordinators: here SIPO's one (not CAS's own).
    assert list(coordinators_of_party_other_than(cas_official.party)) == [sipo_coordinator]
    rows = list(OutboxMessage.objects.select_related("recipient"))
    assert len(rows) == activities
    assert statuses() == {OutboxStatus.PENDING: activities}
    assert {row.recipient for row in rows} == {sipo_coordinator}
    assert not Notification.objects.exists()
    assert sink.count == 0

    # Redis is back: the worker comes up, the beat's sweep finds the rows.
    queue = unique_queue("broker-back")
    workers.start([queue])
    assert sweep_on(queue) == activities
    wait_until(all_sent(activities), what=f"all {activities} rows are sent")
    assert sink.wait_for(activities, timeout=TIMEOUT)

    # The task messages the requests could not publish, published late after all, and another sweep.
    for row in rows:
        deliver_outbox_task.apply_async(args=[row.pk], queue=queue)
    assert sweep_on(queue) == 0  # runs after those deliveries (one worker, in order)

    assert statuses() == {OutboxStatus.SENT: activities}
    assert set(OutboxMessage.objects.values_list("attempts", flat=True)) == {1}
    assert Notification.objects.filter(recipient=sipo_coordinator).count() == activities
    received = sink.messages
    assert len(received) == activities
    assert {m.message_id: m.recipients for m in received} == expected_mail(rows)  # one each, to the right person
    assert sink.refused_count == 0


# -- worker killed ---------------------------------------------------------------------------


def test_a_worker_killed_in_the_middle_of_a_batch_leaves_every_e_mail_delivered_once(
    workers, sink, logged_activities, sipo_coordinator, sipo_official
):
    pending_rows(30, recipients=[sipo_coordinator, sipo_official], activities=logged_activities)
    rows = list(OutboxMessage.objects.select_related("recipient").order_by("pk"))
    first_queue, second_queue = unique_queue("killed"), unique_queue("after-kill")

    doomed = workers.start([first_queue])
    sink.hold_nth(10)  # the 10th mail reaches the server, then the server is slow to say 250
    sweep_outbox_task.apply_async(queue=first_queue)
    held = sink.wait_until_held(timeout=TIMEOUT)
    assert held is not None, f"the sink saw {sink.count} messages, none held"
    assert held.message_id == message_id(rows[9])

    doomed.kill()  # SIGKILL, prefork child included: no rollback sent, no ack, no 250 heard
    sink.release()
    assert not doomed.alive

    # The killed connection's transaction is rolled back and its row lock freed once PostgreSQL
    # notices the closed socket; until then a sweep would (rightly) skip the row.
    def in_flight_row_unlocked():
        with transaction.atomic():
            return OutboxMessage.objects.select_for_update(skip_locked=True).filter(pk=rows[9].pk).exists()

    wait_until(in_flight_row_unlocked, what="the killed worker's row lock is released")
    sent_before = set(OutboxMessage.objects.filter(status=OutboxStatus.SENT).values_list("pk", flat=True))
    assert sent_before == {row.pk for row in rows[:9]}
    assert statuses() == {OutboxStatus.SENT: 9, OutboxStatus.PENDING: 21}
    assert OutboxMessage.objects.get(pk=rows[9].pk).attempts == 0  # the attempt died with its transaction
    assert Notification.objects.count() == 9

    workers.start([second_queue])
    assert sweep_on(second_queue) == 21

    assert statuses() == {OutboxStatus.SENT: 30}
    assert set(OutboxMessage.objects.values_list("attempts", flat=True)) == {1}
    assert Notification.objects.count() == 30
    assert set(Notification.objects.values_list("outbox_id", flat=True)) == {row.pk for row in rows}
    received = sink.messages
    per_id = Counter(m.message_id for m in received)
    assert set(per_id) == set(expected_mail(rows))
    # The only repeat is the mail in flight when the worker died, under the same Message-ID,
    # so a mail system drops the second copy.
    assert {mid: n for mid, n in per_id.items() if n > 1} == {held.message_id: 2}
    assert len(received) == 31
    assert {m.message_id: m.recipients for m in received} == expected_mail(rows)


# -- rollback --------------------------------------------------------------------------------


class Abort(Exception):
    """Something later in the caller's transaction fails."""


def test_a_service_that_fails_after_writing_its_outbox_rows_delivers_nothing(
    workers, sink, cas_official, sipo_official, sipo_coordinator
):
    queue = unique_queue("rollback")
    workers.start([queue, DEFAULT_QUEUE])

    with pytest.raises(Abort), transaction.atomic():
        undone = services.activity_create(
            author=cas_official, fields=joint_activity(cas_official, sipo_official, 1, "Rolled back"), log=True
        )
        assert OutboxMessage.objects.filter(target_id=undone.pk, recipient=sipo_coordinator).count() == 1
        raise Abort

    assert not OutboxMessage.objects.exists()
    assert sweep_on(queue) == 0  # the worker is up and found nothing to deliver

    # Proof that the worker delivers what is committed: log one activity for real.
    kept = services.activity_create(
        author=cas_official, fields=joint_activity(cas_official, sipo_official, 2, "Kept"), log=True
    )
    assert sink.wait_for(1, timeout=TIMEOUT)
    wait_until(all_sent(1), what="the committed activity's row is sent")
    assert sweep_on(queue) == 0

    row = OutboxMessage.objects.select_related("recipient").get()
    assert (row.target_id, row.status, row.attempts) == (kept.pk, OutboxStatus.SENT, 1)
    assert [(m.message_id, m.recipients) for m in sink.messages] == [(message_id(row), (sipo_coordinator.email,))]
    assert "Kept 2" in sink.messages[0].subject
    assert Notification.objects.get().outbox == row
    assert not Activity.objects.filter(title__startswith="Rolled back").exists()


# -- SMTP refusing ---------------------------------------------------------------------------


def test_smtp_refusals_are_retried_with_backoff_failed_shown_to_admins_and_sent_after_an_admin_retry(
    client, workers, sink, portal_admin, cas_official, sipo_official, sipo_coordinator
):
    queue = unique_queue("smtp")
    # The admin action publishes with .delay(): the worker takes the default queue too.
    workers.start([queue, DEFAULT_QUEUE], OUTBOX_MAX_ATTEMPTS="3", OUTBOX_RETRY_SECONDS="1")
    sink.set_refusing(True)

    # Attempt 1: the delivery task published when the activity is logged.
    services.activity_create(
        author=cas_official, fields=joint_activity(cas_official, sipo_official, 1, "Refused"), log=True
    )
    row = OutboxMessage.objects.get()
    assert sink.wait_for_refused(1, timeout=TIMEOUT)
    wait_until(lambda: OutboxMessage.objects.get().attempts == 1, what="the first attempt is recorded")

    # Attempts 2 and 3: the sweep (every minute from beat; here every 0.1 s) retries once due.
    next_attempts = {}  # attempts → next_attempt_at written after that attempt
    deadline = time.monotonic() + TIMEOUT
    while True:
        row.refresh_from_db()
        next_attempts.setdefault(row.attempts, row.next_attempt_at)
        if row.status != OutboxStatus.PENDING or time.monotonic() > deadline:
            break
        assert sweep_on(queue) == 0
        time.sleep(0.1)

    assert (row.status, row.attempts) == (OutboxStatus.FAILED, 3)
    assert "451" in row.last_error and row.last_error.startswith("SMTPDataError")
    refused = sink.refused
    assert [m.message_id for m in refused] == [message_id(row)] * 3
    assert [m.recipients for m in refused] == [(sipo_coordinator.email,)] * 3
    assert sink.count == 0
    # Backoff: OUTBOX_RETRY_SECONDS * 2 ** (attempts - 1) = 1 s, then 2 s.
    for attempt, delay in [(1, 1.0), (2, 2.0)]:
        due = next_attempts[attempt]
        tried, retried = refused[attempt - 1].received_at, refused[attempt].received_at
        assert 0 < (due - tried).total_seconds() <= delay, "next attempt = the attempt's start + the delay"
        assert retried >= due, f"attempt {attempt + 1} came before it was due"
        assert delay - 0.1 <= (retried - tried).total_seconds() <= delay + 1.5
    assert Notification.objects.filter(outbox=row).count() == 1  # in-app notice made once, at the first attempt

    # A failed row is not retried by the sweep any more.
    assert sweep_on(queue) == 0
    assert sink.refused_count == 3

    # The portal admin sees it in the admin, with the error.
    changelist = reverse("admin:notifications_outboxmessage_changelist")
    login = client.post(reverse("admin:login"), {"username": "portal_admin", "password": PASSWORD, "next": changelist})
    assert login.status_code == 302 and login["Location"] == changelist
    page = client.get(changelist, {"status__exact": OutboxStatus.FAILED})
    assert page.status_code == 200
    assert [m.pk for m in page.context["cl"].result_list] == [row.pk]
    row_html = re.search(rf"<tr[^>]*>(?:(?!</tr>).)*/outboxmessage/{row.pk}/change/.*?</tr>", page.text, re.S)
    assert row_html, "the failed row is listed"
    assert "Failed" in row_html[0] and "SMTPDataError: (451" in row_html[0]

    # The mail server is back; the admin retries the row.
    sink.set_refusing(False)
    retried = client.post(changelist, {"action": "retry_failed", "_selected_action": [row.pk]})
    assert retried.status_code == 302
    assert sink.wait_for(1, timeout=TIMEOUT)
    wait_until(all_sent(1), what="the retried row is sent")
    assert sweep_on(queue) == 0

    row.refresh_from_db()
    assert (row.status, row.attempts) == (OutboxStatus.SENT, 1)
    assert [(m.message_id, m.recipients) for m in sink.messages] == [(message_id(row), (sipo_coordinator.email,))]
    assert sink.refused_count == 3
    assert Notification.objects.filter(outbox=row).count() == 1
    assert "1 message queued again." in client.get(changelist).text


# -- two workers at once ---------------------------------------------------------------------


def test_two_workers_sweeping_at_once_never_deliver_a_row_twice(
    workers, sink, logged_activities, sipo_coordinator, sipo_official
):
    count = 200
    pending_rows(count, recipients=[sipo_coordinator, sipo_official], activities=logged_activities)
    rows = list(OutboxMessage.objects.select_related("recipient"))
    queues = [unique_queue("sweeper-a"), unique_queue("sweeper-b")]
    started = [workers.start([queue], wait=False) for queue in queues]
    for worker in started:
        worker.wait_ready()

    # Nobody gets past DATA until both workers are in it: the sweeps truly overlap.
    sink.hold_until_concurrent(2)
    results = [sweep_outbox_task.apply_async(queue=queue, ignore_result=False) for queue in queues]
    try:
        sent = [result.get(timeout=TIMEOUT) for result in results]
    finally:
        for result in results:
            result.forget()

    assert sink.overlap_reached and sink.max_in_data >= 2, "the two workers never delivered at the same time"
    assert sum(sent) == count and all(sent), f"sent per worker: {sent}"
    assert statuses() == {OutboxStatus.SENT: count}
    assert set(OutboxMessage.objects.values_list("attempts", flat=True)) == {1}
    assert Notification.objects.count() == count
    received = sink.messages
    assert len(received) == count
    assert len({m.message_id for m in received}) == count
    assert {m.message_id: m.recipients for m in received} == expected_mail(rows)
