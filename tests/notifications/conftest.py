from datetime import date
from smtplib import SMTPException

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.mail.backends import locmem

from protocol.activities.services import ActivityFields
from protocol.notifications.models import Notification, OutboxMessage, OutboxStatus

from .brokers import CLOSED_PORT_BROKER_URL, broker


@pytest.fixture
def joint_fields(cas, cas_official, sipo_official):
    """A valid joint activity for the CAS official to log through the service."""
    return ActivityFields(
        area="research",
        kind="joint_analysis",
        title="AI patent landscape",
        start_date=date(2026, 3, 1),
        lead_party=cas,
        participants=[cas_official, sipo_official],
    )


@pytest.fixture
def unreachable_broker():
    """Celery publishes (not eagerly) to a broker that refuses every connection."""
    with broker(CLOSED_PORT_BROKER_URL) as app:
        yield app


class SMTPServer:
    """The mail server as the portal sees it: `down` refuses every message, as smtplib would."""

    def __init__(self):
        self.down = False
        self.refused = []

    def send_messages(self, backend, messages):
        if self.down:
            self.refused.extend(messages)
            raise SMTPException("451 4.3.0 Mail server temporarily unavailable")
        return self.original(backend, messages)


@pytest.fixture
def smtp(monkeypatch, mailoutbox):
    """The test e-mail backend (locmem, which fills `mailoutbox`), switchable to failing."""
    server = SMTPServer()
    server.original = locmem.EmailBackend.send_messages
    monkeypatch.setattr(
        locmem.EmailBackend, "send_messages", lambda backend, messages: server.send_messages(backend, messages)
    )
    return server


@pytest.fixture
def make_notifications(db):
    """Delivered notifications for `recipient` about `target`, as the outbox leaves them."""

    def make(recipient, target, count=1, *, read_at=None, title="Joint analysis"):
        rows = OutboxMessage.objects.bulk_create(
            OutboxMessage(
                kind="activity.logged",
                recipient=recipient,
                target_type=ContentType.objects.get_for_model(target),
                target_id=target.pk,
                params={"actor": "Li Ming", "title": f"{title} {n}" if count > 1 else title},
                status=OutboxStatus.SENT,
            )
            for n in range(count)
        )
        return Notification.objects.bulk_create(
            Notification(
                recipient=recipient,
                outbox=row,
                kind=row.kind,
                params=row.params,
                url=target.get_absolute_url(),
                read_at=read_at,
            )
            for row in rows
        )

    return make
