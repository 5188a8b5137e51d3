"""Message-IDs and calendar UIDs are unique to one installation and stable within it: a staging copy
of the database, or a database started afresh, must not make mail systems drop its mail as duplicates
of ours, nor replace the calendar entries our invitations made."""

import re
from datetime import UTC, datetime, timedelta

import icalendar
import pytest
import time_machine
from django.urls import reverse

from cooperation.meetings import ics
from cooperation.meetings import services as meetings
from cooperation.meetings.models import MeetingKind
from cooperation.meetings.services import MeetingFields
from protocol.notifications import outbox
from protocol.notifications.models import Installation, OutboxMessage
from protocol.notifications.outbox import Batch

KEY = re.compile(r"^[0-9a-f]{16}$")


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "https://portal.example.org:8443"


@pytest.fixture
def meeting(cas_official, sipo_official):
    starts_at = datetime(2026, 3, 9, 2, 0, tzinfo=UTC)
    fields = MeetingFields(
        title="Joint Working Group",
        kind=MeetingKind.WORKING_GROUP,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
        attendees=[cas_official, sipo_official],
    )
    with time_machine.travel(datetime(2026, 3, 2, 1, 0, tzinfo=UTC), tick=False):
        return meetings.meeting_schedule(by=cas_official, fields=fields)


def another_installation() -> None:
    """As a staging copy would be once given its own key (or a reset database, by its first migration)."""
    Installation.objects.filter(pk=1).update(key="0123456789abcdef")


def test_the_first_migration_gave_this_installation_a_random_key(db):
    [installation] = Installation.objects.all()
    assert KEY.match(installation.key)


def sent_message_id(mailoutbox, row: OutboxMessage) -> str:
    mailoutbox.clear()
    OutboxMessage.objects.filter(pk=row.pk).update(status="pending")
    outbox.deliver(message_id=row.pk, batch=Batch.of([row.recipient_id]))
    [mail] = mailoutbox
    return mail.message()["Message-ID"]


def test_the_message_id_names_the_row_the_installation_and_the_sites_host(meeting, sipo_official, mailoutbox):
    outbox.sweep()
    row = OutboxMessage.objects.get(recipient=sipo_official)
    key = Installation.objects.get().key

    assert sent_message_id(mailoutbox, row) == f"<outbox-{row.pk}@{key}.portal.example.org>"


def test_the_same_row_keeps_its_message_id_and_another_installation_gets_another(meeting, sipo_official, mailoutbox):
    outbox.sweep()
    row = OutboxMessage.objects.get(recipient=sipo_official)
    first = sent_message_id(mailoutbox, row)

    assert sent_message_id(mailoutbox, row) == first
    another_installation()
    assert sent_message_id(mailoutbox, row) == f"<outbox-{row.pk}@0123456789abcdef.portal.example.org>" != first


def uids(content: bytes) -> set[str]:
    return {str(event["UID"]) for event in icalendar.Calendar.from_ical(content).walk("VEVENT")}


def test_the_calendar_uid_names_the_meeting_the_installation_and_the_host(meeting):
    key = Installation.objects.get().key
    expected = f"meeting-{meeting.pk}@{key}.portal.example.org"

    assert uids(ics.invitation(meeting, method="REQUEST")) == {expected}
    assert uids(ics.feed([meeting])) == {expected}
    assert meeting.ics_uid == expected


def test_another_installations_invitation_does_not_replace_ours(meeting):
    ours = uids(ics.invitation(meeting, method="REQUEST"))
    assert uids(ics.invitation(meeting, method="REQUEST")) == ours

    another_installation()

    assert uids(ics.invitation(meeting, method="REQUEST")) == {
        f"meeting-{meeting.pk}@0123456789abcdef.portal.example.org"
    }


def test_the_invitation_e_mail_carries_the_same_uid_as_the_download(client, meeting, sipo_official, mailoutbox):
    outbox.sweep()
    [mail] = [mail for mail in mailoutbox if mail.to == [sipo_official.email]]
    [(_, attached, _)] = mail.attachments
    client.force_login(sipo_official)

    downloaded = client.get(reverse("meetings:invitation", args=[meeting.pk])).content

    assert uids(attached if isinstance(attached, bytes) else attached.encode()) == uids(downloaded)
    assert uids(downloaded) == {meeting.ics_uid}
