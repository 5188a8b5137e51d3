"""A broker outage seen from requests: each publish fails fast and leaves the work to the sweeps; the log says so
once (no traceback), then a summary a minute, then once when the broker is back (protocol/outages.py)."""

import logging

import pytest

from protocol import outages
from protocol.activities import services
from protocol.notifications.models import OutboxMessage, OutboxStatus

from .brokers import CLOSED_PORT_BROKER_URL, broker


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    fake = Clock()
    monkeypatch.setattr(outages.broker, "clock", fake)
    return fake


def outage_lines(caplog) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == "protocol.outages"]


def test_many_requests_while_the_broker_is_down_log_one_warning_then_a_summary_then_the_recovery(
    cas_official, sipo_coordinator, joint_fields, django_capture_on_commit_callbacks, caplog, clock
):
    caplog.set_level(logging.INFO)
    with broker(CLOSED_PORT_BROKER_URL):
        for _ in range(5):
            with django_capture_on_commit_callbacks(execute=True):
                services.activity_create(author=cas_official, fields=joint_fields, log=True)
            clock.now += 10

        (first,) = outage_lines(caplog)
        assert first.levelno == logging.WARNING
        assert first.exc_info is None  # the exception's type and text, not its traceback
        assert "broker unreachable: outbox message" in first.getMessage()
        assert "not published; the sweep will deliver it (OperationalError:" in first.getMessage()
        assert (first.part, first.outage) == ("broker", "started")

        clock.now += 20  # a minute after the first line
        with django_capture_on_commit_callbacks(execute=True):
            services.activity_create(author=cas_official, fields=joint_fields, log=True)
        summary = outage_lines(caplog)[1]
        assert summary.getMessage() == "broker still unreachable: 5 more failures in the last 70 s"

    # Every change kept; every row waits for the sweep.
    assert OutboxMessage.objects.filter(status=OutboxStatus.PENDING).count() == 6

    clock.now += 5
    with django_capture_on_commit_callbacks(execute=True):  # eager again: publishing works
        services.activity_create(author=cas_official, fields=joint_fields, log=True)
    lines = outage_lines(caplog)
    assert lines[-1].getMessage() == "broker reachable again after 75 s (6 failures)"
    assert len(lines) == 3
    # No traceback anywhere, however many requests failed.
    assert "Traceback" not in caplog.text


def test_a_document_versions_processing_not_published_is_logged_as_the_same_outage(db, caplog):
    from cooperation.documents.services import _publish_processing

    with broker(CLOSED_PORT_BROKER_URL):
        _publish_processing(41)
        _publish_processing(42)

    (line,) = outage_lines(caplog)
    assert "processing of version 41 not published; the sweep will do it" in line.getMessage()
    assert outages.broker.failures == 2


def test_nothing_is_logged_while_the_broker_works(
    cas_official, sipo_coordinator, joint_fields, django_capture_on_commit_callbacks, caplog
):
    with django_capture_on_commit_callbacks(execute=True):
        services.activity_create(author=cas_official, fields=joint_fields, log=True)
    assert outage_lines(caplog) == []
    assert outages.broker.since is None


def test_summaries_come_at_most_once_a_minute(clock, caplog):
    error = ConnectionRefusedError("Connection refused")
    for _ in range(200):  # every 0.5 s for 100 s
        outages.broker.failed(error, "something not done")
        clock.now += 0.5
    lines = [record.getMessage() for record in outage_lines(caplog)]
    assert len(lines) == 2
    # The failures after the first one, up to the one at 60 s; the next summary would come at 120 s.
    assert lines[1] == "broker still unreachable: 120 more failures in the last 60 s"
    assert outages.broker.since == 1000.0 and outages.broker.failures == 200
