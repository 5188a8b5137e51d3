"""/healthz: each part's state, 503 when the database, the broker or the file storage is down, "degraded" (still
200) when the oldest pending outbox message waits too long. In the suite's default mode Celery runs eagerly."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.db import OperationalError, connections

from protocol.notifications.models import OutboxMessage, OutboxStatus
from tests.notifications.brokers import CLOSED_PORT_BROKER_URL, broker

HEALTHZ = "/healthz"
START = datetime(2026, 6, 1, 2, 0, tzinfo=UTC)
ALL_OK = {
    "status": "ok",
    "database": "ok",
    "broker": "eager",
    "storage": "ok",
    "outbox": "ok",
    "outbox_oldest_pending_seconds": None,
}


def pending_message(recipient, **fields) -> OutboxMessage:
    return OutboxMessage.objects.create(
        kind="activity_logged",
        recipient=recipient,
        target_type=ContentType.objects.get_for_model(recipient),
        target_id=recipient.pk,
        **fields,
    )


def test_healthz_is_ok_with_every_part_up_and_tasks_run_eagerly(client, db):
    response = client.get(HEALTHZ)

    assert response.status_code == 200
    assert response.json() == ALL_OK
    assert "no-cache" in response["Cache-Control"]


def test_healthz_is_unavailable_when_the_database_fails(client, db, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("could not connect to server: Connection refused")

    with monkeypatch.context() as patch:
        patch.setattr(type(connections["default"]), "cursor", refuse)
        response = client.get(HEALTHZ)

    assert response.status_code == 503
    # The outbox is read through the same dead connection: an error too, with no age.
    assert response.json() == ALL_OK | {
        "status": "down",
        "database": "error: OperationalError",
        "outbox": "error: OperationalError",
    }


def test_healthz_is_unavailable_when_the_broker_refuses_connections(client, db):
    with broker(CLOSED_PORT_BROKER_URL):
        response = client.get(HEALTHZ)

    assert response.status_code == 503
    assert response.json() == ALL_OK | {"status": "down", "broker": "error: OperationalError"}


def test_healthz_is_unavailable_when_the_file_storage_fails(client, db, monkeypatch):
    default_storage.exists("anything")  # the proxy made its storage
    asked = []

    def unreachable(storage, name):
        asked.append(name)
        raise OSError("storage unreachable")

    # On the class: default_storage is a lazy proxy, which cannot have an attribute set and removed again.
    monkeypatch.setattr(type(default_storage._wrapped), "exists", unreachable)
    response = client.get(HEALTHZ)

    assert response.status_code == 503
    assert response.json() == ALL_OK | {"status": "down", "storage": "error: OSError"}
    # Only the storage API, once: whatever backend settings name answers it.
    assert asked == ["healthz-probe"]


@pytest.mark.parametrize(
    ("waited", "outbox", "status"),
    [
        (timedelta(minutes=5), "ok", "ok"),
        (timedelta(minutes=30), "ok", "ok"),
        (timedelta(minutes=31), "degraded", "degraded"),
    ],
)
def test_an_outbox_message_pending_past_the_threshold_degrades_health_but_not_to_unavailable(
    client, cas_official, settings, waited, outbox, status
):
    assert settings.HEALTHZ_OUTBOX_DEGRADED_SECONDS == 1800
    with time_machine.travel(START, tick=False) as clock:
        pending_message(cas_official)
        clock.move_to(START + timedelta(minutes=2))
        pending_message(cas_official)
        pending_message(cas_official, status=OutboxStatus.SENT)
        clock.move_to(START + waited)
        response = client.get(HEALTHZ)

    assert response.status_code == 200
    assert response.json() == ALL_OK | {
        "status": status,
        "outbox": outbox,
        "outbox_oldest_pending_seconds": int(waited.total_seconds()),
    }


def test_the_outbox_threshold_comes_from_settings_and_sent_or_failed_rows_never_count(client, cas_official, settings):
    settings.HEALTHZ_OUTBOX_DEGRADED_SECONDS = 60
    with time_machine.travel(START, tick=False) as clock:
        pending_message(cas_official, status=OutboxStatus.SENT)
        pending_message(cas_official, status=OutboxStatus.FAILED)
        clock.move_to(START + timedelta(hours=5))
        assert client.get(HEALTHZ).json()["outbox"] == "ok"
        pending_message(cas_official)
        clock.move_to(START + timedelta(hours=5, seconds=61))
        response = client.get(HEALTHZ)

    assert response.json()["outbox"] == "degraded"
    assert response.json()["outbox_oldest_pending_seconds"] == 61
