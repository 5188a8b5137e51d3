"""Invitations as attendees receive them: in-app once, e-mail once, with an .ics their calendar understands.

Everything here goes the real way: the service writes outbox rows, after commit the (eager) Celery
task delivers them, and the .ics is made at delivery and read back from the e-mail as sent.
"""

import email
from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from icalendar import Calendar

from cooperation.meetings import services
from cooperation.meetings.models import Meeting, MeetingKind, MeetingStatus
from cooperation.meetings.services import AgendaRow, MeetingFields
from protocol.notifications import outbox
from protocol.notifications.models import Notification, OutboxMessage, OutboxStatus
from protocol.parties.models import Language

# 10:00 to 11:30 in Beijing, stored in UTC.
STARTS = datetime(2031, 5, 12, 2, 0, tzinfo=UTC)
ENDS = STARTS + timedelta(hours=1, minutes=30)
TITLE = "联合工作组第五次会议"


def invitation_fields(attendees, **overrides) -> MeetingFields:
    data = {
        "title": TITLE,
        "kind": MeetingKind.WORKING_GROUP,
        "starts_at": STARTS,
        "ends_at": ENDS,
        "attendees": attendees,
        "location": "中关村, Beijing",
        "online_link": "https://meet.example.org/jwg-5",
        "agenda": [
            AgendaRow(title="Opening", planned_minutes=10),
            AgendaRow(title="专利信息资源共享", planned_minutes=45),
        ],
    }
    return MeetingFields(**(data | overrides))


def mail_to(mailoutbox, person) -> list:
    return [message for message in mailoutbox if message.to == [person.email]]


def the_mail_to(mailoutbox, person):
    messages = mail_to(mailoutbox, person)
    assert len(messages) == 1, f"{person.username} received {len(messages)} e-mails"
    return messages[0]


def invite_in(message) -> tuple[Calendar, "email.message.Message"]:
    """The invite.ics as it travels, parsed out of the MIME message that would go over SMTP."""
    parsed = email.message_from_bytes(message.message().as_bytes())
    parts = [part for part in parsed.walk() if part.get_filename() == "invite.ics"]
    assert len(parts) == 1
    return Calendar.from_ical(parts[0].get_payload(decode=True)), parts[0]


def only_event(calendar: Calendar):
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    return events[0]


def kinds_told(person) -> list[str]:
    return list(OutboxMessage.objects.filter(recipient=person).order_by("pk").values_list("kind", flat=True))


@pytest.fixture
def invited(cas_official, sipo_official, cas_coordinator, sipo_coordinator, django_capture_on_commit_callbacks):
    """A CAS meeting scheduled by the CAS official, its invitations delivered."""
    with django_capture_on_commit_callbacks(execute=True):
        return services.meeting_schedule(
            by=cas_official,
            fields=invitation_fields(
                [cas_official, sipo_official, cas_coordinator, sipo_coordinator],
                chair=cas_official,
                minute_taker=sipo_official,
            ),
        )


# Scheduling


def test_every_attendee_but_the_scheduler_is_invited_in_the_app_and_by_mail_once(
    invited, cas_official, sipo_official, cas_coordinator, sipo_coordinator, mailoutbox
):
    invitees = [sipo_official, cas_coordinator, sipo_coordinator]

    assert sorted(Notification.objects.values_list("recipient__username", "kind")) == sorted(
        (person.username, "meeting.invited") for person in invitees
    )
    assert sorted(message.to[0] for message in mailoutbox) == sorted(person.email for person in invitees)
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {OutboxStatus.SENT}
    notification = Notification.objects.get(recipient=sipo_official)
    assert notification.url == invited.get_absolute_url()
    with translation.override("en"):
        assert TITLE in notification.message and "12 May 2031, 10:00" in notification.message
    assert mail_to(mailoutbox, cas_official) == []

    # Delivered means delivered: the sweep finds nothing more to send.
    assert outbox.sweep() == 0
    assert len(mailoutbox) == 3
    assert Notification.objects.count() == 3


def test_the_invitation_carries_an_ics_request_for_the_meeting(invited, cas_official, sipo_official, mailoutbox):
    message = the_mail_to(mailoutbox, sipo_official)

    calendar, part = invite_in(message)

    assert part.get_content_type() == "text/calendar"
    assert part.get_param("method") == "REQUEST"
    assert calendar["method"] == "REQUEST"
    event = only_event(calendar)
    assert str(event["uid"]) == invited.ics_uid
    assert event["dtstart"].to_ical() == b"20310512T020000Z"
    assert event["dtend"].to_ical() == b"20310512T033000Z"
    assert (event.decoded("dtstart"), event.decoded("dtend")) == (invited.starts_at, invited.ends_at)
    assert event.decoded("sequence") == 0
    assert event["dtstamp"].to_ical().endswith(b"Z")
    assert str(event["summary"]) == TITLE
    assert str(event["status"]) == "CONFIRMED"
    assert str(event["location"]) == "中关村, Beijing · https://meet.example.org/jwg-5"
    assert str(event["organizer"]) == f"mailto:{cas_official.email}"
    assert str(event["url"]).endswith(invited.get_absolute_url())
    assert "1. Opening" in str(event["description"]) and "2. 专利信息资源共享" in str(event["description"])


def test_the_invitation_names_its_attendees_with_their_answers(invited, sipo_official, cas_coordinator, mailoutbox):
    event = only_event(invite_in(the_mail_to(mailoutbox, sipo_official))[0])

    attendees = event.get("attendee", [])
    attendees = attendees if isinstance(attendees, list) else [attendees]
    assert {str(address).lower() for address in attendees} >= {
        f"mailto:{sipo_official.email}",
        f"mailto:{cas_coordinator.email}",
    }
    assert {address.params.get("PARTSTAT") for address in attendees} == {"NEEDS-ACTION"}


def test_every_invitee_gets_the_same_uid(invited, sipo_official, cas_coordinator, sipo_coordinator, mailoutbox):
    uids = {str(only_event(invite_in(message)[0])["uid"]) for message in mailoutbox}
    assert uids == {invited.ics_uid}


def test_an_invitation_is_written_in_the_recipients_language(
    cas_official, sipo_official, cas_coordinator, django_capture_on_commit_callbacks, mailoutbox
):
    sipo_official.preferred_language = Language.CHINESE
    sipo_official.save(update_fields=["preferred_language"])
    cas_coordinator.preferred_language = Language.ENGLISH
    cas_coordinator.save(update_fields=["preferred_language"])

    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_schedule(by=cas_official, fields=invitation_fields([sipo_official, cas_coordinator]))

    chinese = the_mail_to(mailoutbox, sipo_official)
    assert chinese.subject.startswith("[中国科学院–国家知识产权局合作] ")
    assert TITLE in chinese.subject and "2031年5月12日 10:00" in chinese.subject
    assert 'lang="zh-hans"' in chinese.alternatives[0].content
    english = the_mail_to(mailoutbox, cas_coordinator)
    assert english.subject == f"[CAS–SIPO Cooperation] Invitation: “{TITLE}”, 12 May 2031, 10:00 Beijing time"
    assert 'lang="en"' in english.alternatives[0].content
    # Whatever the language, the calendar data is the same.
    assert only_event(invite_in(chinese)[0])["uid"] == only_event(invite_in(english)[0])["uid"]


# Updating


def test_an_update_replaces_the_invitation_for_those_kept_invites_the_added_and_cancels_for_the_removed(
    invited,
    cas_official,
    sipo_official,
    cas_coordinator,
    sipo_coordinator,
    sipo_docadmin,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    mailoutbox.clear()
    moved = STARTS + timedelta(days=1, hours=6)

    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_update(
            meeting=invited,
            by=cas_official,
            fields=invitation_fields(
                [cas_official, sipo_official, sipo_coordinator, sipo_docadmin],
                title=f"{TITLE}（改期）",
                starts_at=moved,
                ends_at=moved + timedelta(hours=2),
                minute_taker=sipo_official,
            ),
        )

    meeting = Meeting.objects.get(pk=invited.pk)
    assert meeting.sequence == 1
    assert mail_to(mailoutbox, cas_official) == []  # the editor
    expected = {
        sipo_official: ("meeting.updated", "REQUEST", "CONFIRMED"),
        sipo_coordinator: ("meeting.updated", "REQUEST", "CONFIRMED"),
        sipo_docadmin: ("meeting.invited", "REQUEST", "CONFIRMED"),
        cas_coordinator: ("meeting.cancelled", "CANCEL", "CANCELLED"),
    }
    for person, (kind, method, status) in expected.items():
        assert kinds_told(person)[-1] == kind
        calendar, part = invite_in(the_mail_to(mailoutbox, person))
        assert (calendar["method"], part.get_param("method")) == (method, method)
        event = only_event(calendar)
        assert str(event["uid"]) == invited.ics_uid, person.username
        assert event.decoded("sequence") == 1
        assert str(event["status"]) == status
        assert event.decoded("dtstart") == moved
        assert event["dtstart"].to_ical() == moved.strftime("%Y%m%dT%H%M%SZ").encode()
        assert str(event["summary"]) == f"{TITLE}（改期）"
    assert the_mail_to(mailoutbox, sipo_official).subject.startswith(
        f"[CAS–SIPO Cooperation] Changed: “{TITLE}（改期）”, 13 May 2031, 16:00 Beijing time"
    )
    assert the_mail_to(mailoutbox, cas_coordinator).subject.startswith("[CAS–SIPO Cooperation] Cancelled: ")


def test_every_update_raises_the_sequence_the_calendar_sees(
    invited, cas_official, sipo_official, django_capture_on_commit_callbacks, mailoutbox
):
    for location in ("Room 1", "Room 2"):
        with django_capture_on_commit_callbacks(execute=True):
            services.meeting_update(
                meeting=invited,
                by=cas_official,
                fields=invitation_fields([cas_official, sipo_official], location=location),
            )

    sequences = [
        only_event(invite_in(message)[0]).decoded("sequence") for message in mail_to(mailoutbox, sipo_official)
    ]
    assert sequences == [0, 1, 2]


# Cancelling


def test_cancelling_sends_everyone_else_a_cancel_with_the_same_uid(
    invited,
    cas_official,
    sipo_official,
    cas_coordinator,
    sipo_coordinator,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_cancel(meeting=invited, by=cas_coordinator)

    assert sorted(message.to[0] for message in mailoutbox) == sorted(
        person.email for person in (cas_official, sipo_official, sipo_coordinator)
    )
    for message in mailoutbox:
        assert message.subject.startswith(f"[CAS–SIPO Cooperation] Cancelled: “{TITLE}”")
        calendar, part = invite_in(message)
        assert (calendar["method"], part.get_param("method")) == ("CANCEL", "CANCEL")
        event = only_event(calendar)
        assert str(event["uid"]) == invited.ics_uid
        assert str(event["status"]) == "CANCELLED"
        assert event.decoded("sequence") == 1
    assert Notification.objects.filter(kind="meeting.cancelled").count() == 3


def test_an_invitation_delivered_late_does_not_bring_a_cancelled_meeting_back(cas_official, sipo_official, mailoutbox):
    # No after-commit here: the rows wait, as they do when the broker or the mail server is down.
    meeting = services.meeting_schedule(by=cas_official, fields=invitation_fields([cas_official, sipo_official]))
    services.meeting_cancel(meeting=meeting, by=cas_official)
    invitation, cancellation = OutboxMessage.objects.filter(recipient=sipo_official).order_by("pk")

    outbox.deliver(message_id=cancellation.pk)
    outbox.deliver(message_id=invitation.pk)

    last = only_event(invite_in(mailoutbox[-1])[0])
    assert str(last["status"]) == "CANCELLED"


# Who may still see it


# What a withdrawal may carry: RFC 5546 §3.2.5's CANCEL of one attendee (the UID of the original, a higher
# SEQUENCE, DTSTAMP, ORGANIZER, the attendee removed), and nothing of the meeting.
WITHDRAWAL_PROPERTIES = {"UID", "SEQUENCE", "DTSTAMP", "ORGANIZER", "ATTENDEE"}
# What the meeting's fields (invitation_fields) would leak, in any form a message could carry them.
MEETING_WORDS = [TITLE, "中关村", "Beijing", "meet.example.org", "Opening", "专利信息资源共享", "2031", "10:00"]


def turn_internal(meeting, by, attendees):
    return services.meeting_update(meeting=meeting, by=by, fields=invitation_fields(attendees, internal=True))


def test_an_attendee_removed_when_the_meeting_turns_internal_gets_a_withdrawal_that_says_nothing_of_it(
    invited,
    cas_official,
    sipo_official,
    cas_coordinator,
    sipo_coordinator,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        turn_internal(invited, cas_official, [cas_official, cas_coordinator])

    for person in (sipo_official, sipo_coordinator):
        row = OutboxMessage.objects.filter(recipient=person).latest("pk")
        assert (row.kind, row.status) == ("meeting.withdrawn", OutboxStatus.SENT)
        message = the_mail_to(mailoutbox, person)
        assert message.subject == "[CAS–SIPO Cooperation] A meeting invitation was withdrawn"
        html = message.alternatives[0][0]
        calendar, part = invite_in(message)
        raw = part.get_payload(decode=True).decode()
        for text in (message.subject, message.body, html, raw):
            for word in [*MEETING_WORDS, cas_official.full_name, invited.get_absolute_url()]:
                assert word not in text, (person.username, word)
        assert (calendar["method"], part.get_param("method")) == ("CANCEL", "CANCEL")
        event = only_event(calendar)
        assert set(event.keys()) == WITHDRAWAL_PROPERTIES
        assert str(event["uid"]) == invited.ics_uid
        assert event.decoded("sequence") == 1  # the invitation they hold is sequence 0
        assert event["dtstamp"].to_ical().endswith(b"Z")
        assert str(event["organizer"]) == f"mailto:{cas_official.email}"
        assert str(event["attendee"]) == f"mailto:{person.email}"  # they alone are removed: no one else is named
    # Their inboxes lose the earlier invitations and get nothing new: the meeting is no longer theirs to open.
    assert not Notification.objects.filter(recipient__in=[sipo_official, sipo_coordinator]).exists()
    assert Notification.objects.filter(recipient=cas_coordinator).count() == 2
    assert OutboxMessage.objects.filter(recipient=cas_coordinator).latest("pk").status == OutboxStatus.SENT
    assert the_mail_to(mailoutbox, cas_coordinator).subject.startswith(f"[CAS–SIPO Cooperation] Changed: “{TITLE}”")
    assert len(mailoutbox) == 3


def test_the_organising_partys_attendee_removed_as_it_turns_internal_gets_the_usual_cancellation(
    invited, cas_official, cas_coordinator, django_capture_on_commit_callbacks, mailoutbox
):
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        turn_internal(invited, cas_official, [cas_official])

    calendar, _ = invite_in(the_mail_to(mailoutbox, cas_coordinator))
    assert str(only_event(calendar)["summary"]) == TITLE
    assert kinds_told(cas_coordinator)[-1] == "meeting.cancelled"


def test_no_withdrawal_for_an_invitation_that_was_never_emailed(cas_official, sipo_official, cas_coordinator):
    # No after-commit: the invitation still waits (broker down) when the meeting turns internal.
    meeting = services.meeting_schedule(
        by=cas_official, fields=invitation_fields([cas_official, sipo_official, cas_coordinator])
    )
    turn_internal(meeting, cas_official, [cas_official, cas_coordinator])

    outbox.sweep()

    assert OutboxMessage.objects.get(recipient=sipo_official, kind="meeting.withdrawn").status == OutboxStatus.WITHHELD


def test_a_withdrawal_delivered_after_the_meeting_was_shared_again_is_withheld(
    invited, cas_official, sipo_official, cas_coordinator, sipo_coordinator, mailoutbox
):
    # No after-commit: the withdrawal waits while the organiser changes their mind and invites SIPO again.
    turn_internal(invited, cas_official, [cas_official, cas_coordinator])
    services.meeting_update(
        meeting=invited, by=cas_official, fields=invitation_fields([cas_official, sipo_official, cas_coordinator])
    )
    mailoutbox.clear()

    outbox.sweep()

    assert OutboxMessage.objects.get(recipient=sipo_official, kind="meeting.withdrawn").status == OutboxStatus.WITHHELD
    calendar, _ = invite_in(the_mail_to(mailoutbox, sipo_official))
    assert calendar["method"] == "REQUEST" and only_event(calendar).decoded("sequence") == 2


def test_an_invitation_not_yet_delivered_is_withheld_once_the_meeting_turns_internal(
    cas_official, sipo_official, cas_coordinator, mailoutbox
):
    # No after-commit: both changes are made before the sweep delivers anything.
    meeting = services.meeting_schedule(
        by=cas_official, fields=invitation_fields([cas_official, sipo_official, cas_coordinator])
    )
    services.meeting_update(
        meeting=meeting, by=cas_official, fields=invitation_fields([cas_official, cas_coordinator], internal=True)
    )

    outbox.sweep()

    assert sorted(OutboxMessage.objects.values_list("recipient__username", "kind", "status")) == [
        ("cas_coordinator", "meeting.invited", OutboxStatus.SENT),
        ("cas_coordinator", "meeting.updated", OutboxStatus.SENT),
        ("sipo_official", "meeting.invited", OutboxStatus.WITHHELD),
        # Never e-mailed the invitation, so nothing to withdraw from their calendar.
        ("sipo_official", "meeting.withdrawn", OutboxStatus.WITHHELD),
    ]
    assert not Notification.objects.filter(recipient=sipo_official).exists()
    assert mail_to(mailoutbox, sipo_official) == []
    # What the CAS coordinator gets is made at delivery, so both copies already show the latest version.
    assert [only_event(invite_in(message)[0]).decoded("sequence") for message in mailoutbox] == [1, 1]


def test_an_attendee_who_left_before_delivery_is_not_written_to(cas_official, sipo_official, mailoutbox):
    # No after-commit: the invitation waits (broker down) while the account is closed.
    services.meeting_schedule(by=cas_official, fields=invitation_fields([cas_official, sipo_official]))
    sipo_official.is_active = False
    sipo_official.save(update_fields=["is_active"])

    outbox.sweep()

    assert OutboxMessage.objects.get(recipient=sipo_official).status == OutboxStatus.WITHHELD
    assert mailoutbox == []


def test_an_inactive_person_cannot_be_invited(cas_official, sipo_official):
    sipo_official.is_active = False
    sipo_official.save(update_fields=["is_active"])
    with pytest.raises(ValidationError) as error:
        services.meeting_schedule(by=cas_official, fields=invitation_fields([cas_official, sipo_official]))
    assert "attendees" in error.value.message_dict
    assert not OutboxMessage.objects.exists()


def test_a_cancelled_meeting_stays_visible_so_its_cancellation_is_delivered(
    invited, cas_official, sipo_official, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_cancel(meeting=invited, by=cas_official)

    row = OutboxMessage.objects.filter(recipient=sipo_official).latest("pk")
    assert (row.kind, row.status) == ("meeting.cancelled", OutboxStatus.SENT)
    assert Meeting.objects.get(pk=invited.pk).status == MeetingStatus.CANCELLED
