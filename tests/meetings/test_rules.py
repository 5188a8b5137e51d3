"""Rules at the edges of the meeting record: the ledger, internal meetings' actions, cancelled minutes."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from cooperation.meetings import services
from cooperation.meetings.models import Meeting, MeetingStatus, Minutes
from cooperation.meetings.permissions import (
    can_cancel,
    can_follow_minutes,
    can_manage_series,
    can_mark_held,
    can_review_minutes,
    can_write_minutes,
)

MID_2026 = datetime(2026, 6, 15, 2, 0, tzinfo=UTC)


def started(make_meeting, **kwargs):
    return make_meeting(starts_at=timezone.now().replace(microsecond=0) - timedelta(hours=2), hours=1, **kwargs)


def test_a_joint_meeting_marked_held_enters_the_ledger(make_meeting, cas_official):
    meeting = started(make_meeting)
    services.meeting_mark_held(meeting=meeting, by=cas_official)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    assert meeting.activity.area == "communication" and meeting.activity.meeting == meeting


def test_a_meeting_of_one_party_is_held_without_a_ledger_entry(make_meeting, cas_official, cas_coordinator):
    meeting = started(make_meeting, attendees=[cas_official, cas_coordinator])
    services.meeting_mark_held(meeting=meeting, by=cas_official)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD and meeting.activity is None


def test_a_meeting_ahead_cannot_be_marked_held(make_meeting, cas_official):
    meeting = make_meeting()
    with pytest.raises(services.MeetingError):
        services.meeting_mark_held(meeting=meeting, by=cas_official)


def test_an_internal_meetings_action_cannot_go_to_the_other_party(
    make_meeting, cas_official, cas_coordinator, sipo_official
):
    meeting = make_meeting(attendees=[cas_official, cas_coordinator], internal=True, minute_taker=cas_official)
    with pytest.raises(ValidationError) as error:
        services.action_item_create(
            meeting=meeting,
            by=cas_coordinator,
            description="Send the data",
            owner=sipo_official,
            due_date=timezone.localdate(),
        )
    assert "owner" in error.value.message_dict
    assert not meeting.action_items.exists()


def test_a_cancelled_meeting_gets_no_minutes(make_meeting, cas_official):
    meeting = make_meeting(minute_taker=cas_official)
    services.meeting_cancel(meeting=meeting, by=cas_official)
    with pytest.raises(services.MeetingError):
        services.minutes_start(meeting=meeting, by=cas_official)
    assert not Minutes.objects.exists()


def test_an_internal_meetings_minutes_are_approved_by_its_own_party(make_meeting, cas_official, cas_coordinator):
    meeting = make_meeting(
        attendees=[cas_official, cas_coordinator],
        internal=True,
        minute_taker=cas_official,
        starts_at=timezone.now().replace(microsecond=0) - timedelta(hours=3),
    )
    minutes = services.minutes_start(meeting=meeting, by=cas_official)
    services.minutes_submit(minutes=minutes, by=cas_official)
    services.minutes_approve(minutes=minutes, revision=1, by=cas_coordinator)
    minutes.refresh_from_db()
    assert minutes.status == "approved" and minutes.approved_revision.number == 1


def test_the_minutes_of_a_cancelled_meeting_cannot_be_started_from_its_page(client, make_meeting, cas_official):
    from django.urls import reverse

    meeting = make_meeting(minute_taker=cas_official)
    services.meeting_cancel(meeting=meeting, by=cas_official)
    client.force_login(cas_official)
    start = reverse("meetings:minutes_start", args=[meeting.pk])
    assert start not in client.get(meeting.get_absolute_url()).text
    response = client.post(start, follow=True)
    assert response.status_code == 200 and "A cancelled meeting has no minutes." in response.text
    assert not Minutes.objects.exists()


def test_a_meeting_made_internal_leaves_the_other_partys_inboxes(
    make_meeting, cas_official, cas_coordinator, sipo_official, django_capture_on_commit_callbacks
):
    from dataclasses import replace

    from protocol.notifications.models import Notification

    with django_capture_on_commit_callbacks(execute=True):
        meeting = make_meeting(title="Budget talks", attendees=[cas_official, sipo_official, cas_coordinator])
    assert Notification.objects.filter(recipient=sipo_official).exists()
    fields = services.MeetingFields(
        title="Budget talks",
        kind=meeting.kind,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        attendees=[cas_official, cas_coordinator],
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_update(meeting=meeting, by=cas_official, fields=replace(fields, internal=True))
    assert not Notification.objects.filter(recipient=sipo_official).exists()
    assert Notification.objects.filter(recipient=cas_coordinator).exists()


def test_minutes_are_not_written_before_the_meeting_starts(english, make_meeting, cas_official):
    meeting = make_meeting(
        minute_taker=cas_official, starts_at=timezone.now().replace(microsecond=0) + timedelta(hours=1)
    )
    with pytest.raises(services.MeetingError, match="has not started yet"):
        services.minutes_start(meeting=meeting, by=cas_official)
    assert not Minutes.objects.exists()


def test_minutes_of_a_meeting_moved_to_the_future_cannot_be_submitted(
    english, make_meeting, cas_official, sipo_official
):
    with time_machine.travel(MID_2026, tick=False):
        meeting = make_meeting(minute_taker=cas_official, starts_at=MID_2026 + timedelta(days=1))
    with time_machine.travel(MID_2026 + timedelta(days=2), tick=False):
        minutes = services.minutes_start(meeting=meeting, by=cas_official)
    # The meeting was moved forward past "now": what was written is not submitted as its record.
    later = timezone.now() + timedelta(days=3)
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=later, ends_at=later + timedelta(hours=1))
    with pytest.raises(services.MeetingError, match="has not started yet"):
        services.minutes_submit(minutes=minutes, by=cas_official)


# The predicates themselves, on records in memory (make mutation found these unguarded).


def test_the_minutes_under_review_are_followed_by_the_invited_and_by_coordinators_only(personas, cas_meeting):

    assert can_follow_minutes(personas["sipo_official"], cas_meeting, invited=True)
    assert can_follow_minutes(personas["sipo_coordinator"], cas_meeting, invited=False)
    assert not can_follow_minutes(personas["sipo_docadmin"], cas_meeting, invited=False)
    assert not can_follow_minutes(personas["outsider"], cas_meeting, invited=False)


def test_only_the_organising_party_cancels_and_only_a_meeting_ahead(personas, cas_meeting):

    assert can_cancel(personas["cas_official"], cas_meeting)
    assert not can_cancel(personas["sipo_official"], cas_meeting)
    cas_meeting.status = MeetingStatus.HELD
    assert not can_cancel(personas["cas_official"], cas_meeting)


def test_only_the_minute_taker_writes_the_minutes(personas, cas_meeting):

    assert can_write_minutes(personas["sipo_official"], cas_meeting)  # the minute-taker
    assert not can_write_minutes(personas["cas_official"], cas_meeting)  # organiser and chair, not the taker


def test_a_meeting_may_be_marked_held_from_the_minute_it_starts(personas, cas_meeting):

    with time_machine.travel(cas_meeting.starts_at, tick=False):
        assert can_mark_held(personas["cas_official"], cas_meeting)
    with time_machine.travel(cas_meeting.starts_at - timedelta(seconds=1), tick=False):
        assert not can_mark_held(personas["cas_official"], cas_meeting)


@pytest.mark.parametrize(
    ("username", "status", "may"),
    [
        ("cas_coordinator", "in_review", True),
        ("sipo_coordinator", "in_review", True),
        ("sipo_official", "in_review", False),
        ("outsider", "in_review", False),
        ("cas_coordinator", "draft", False),
        ("cas_coordinator", "approved", False),
        ("cas_coordinator", None, False),
    ],
)
def test_coordinators_of_either_party_review_minutes_in_review(personas, username, status, may):

    minutes = Minutes(status=status) if status else None
    assert can_review_minutes(personas[username], minutes) is may
    assert can_manage_series(personas[username]) is (username.endswith("coordinator"))


# What the selectors hand the pages (make mutation: the related rows they join, and each reader's own view).


def test_the_meetings_a_reader_sees_come_with_their_party_series_and_the_readers_answer_in_one_query(
    make_meeting, cas_official, sipo_official, cas_coordinator, sipo_docadmin, django_assert_num_queries
):
    from cooperation.meetings import selectors

    series = services.series_create(by=cas_coordinator, name="Joint Working Group")
    joint = make_meeting(series=series, attendees=[cas_official, sipo_official])
    internal = make_meeting(title="CAS only", attendees=[cas_official, cas_coordinator], internal=True)
    other = make_meeting(title="Without SIPO's official", attendees=[cas_official, cas_coordinator])
    services.attendance_answer(meeting=joint, by=sipo_official, rsvp="attending")
    with django_assert_num_queries(1):
        rows = {row.pk: row for row in selectors.meetings_visible_to(sipo_official)}
        row = rows[joint.pk]
        assert (row.organising_party.code, row.series.name) == ("CAS", "Joint Working Group")
        # The search columns are large and no list reads them.
        assert {"search_text", "search_vector"} <= row.get_deferred_fields()
    answers = {pk: (row.invited, row.my_rsvp) for pk, row in rows.items()}
    assert answers == {joint.pk: (True, "attending"), other.pk: (False, None)}
    by_pk = {row.pk: row for row in selectors.meetings_visible_to(cas_official)}
    assert set(by_pk) == {joint.pk, internal.pk, other.pk}
    assert (by_pk[joint.pk].invited, by_pk[joint.pk].my_rsvp) == (True, "pending")
    assert {row.pk: (row.invited, row.my_rsvp) for row in selectors.meetings_visible_to(sipo_docadmin)} == {
        joint.pk: (False, None),
        other.pk: (False, None),
    }
    # No reader (the annual report's): what both parties see, invited to nothing.
    assert {row.pk: row.invited for row in selectors.meetings_visible_to(None)} == {joint.pk: False, other.pk: False}


def test_a_meetings_page_reads_its_people_ledger_entry_agenda_and_materials_from_one_fetch(
    make_meeting, make_document, cas_official, sipo_official, cas_coordinator, django_assert_num_queries
):
    from cooperation.documents.models import Confidentiality
    from cooperation.meetings import selectors
    from cooperation.meetings.services import AgendaRow

    shared = make_document(title="共享的专利文献", confidentiality=Confidentiality.SHARED)
    internal = make_document(title="内部资料", confidentiality=Confidentiality.INTERNAL)
    meeting = started(
        make_meeting,
        attendees=[cas_official, sipo_official],
        chair=cas_official,
        minute_taker=sipo_official,
        agenda=[AgendaRow(title="Opening", documents=[shared, internal])],
        materials=[shared, internal],
    )
    services.meeting_mark_held(meeting=meeting, by=cas_official)
    for reader, documents in ((cas_official, [shared.pk, internal.pk]), (sipo_official, [shared.pk])):
        found = selectors.meeting_detail(reader, meeting.pk)
        with django_assert_num_queries(0):
            assert found.invited
            assert (found.chair.party.code, found.minute_taker.party.code) == ("CAS", "SIPO")
            assert found.created_by.username == "cas_official" and found.activity.area == "communication"
            people = sorted((a.user.username, a.user.party.code) for a in found.attendances.all())
            assert people == [("cas_official", "CAS"), ("sipo_official", "SIPO")]
            (item,) = found.agenda.all()
            assert sorted(d.pk for d in item.visible_documents) == sorted(documents)
            assert sorted(d.pk for d in found.visible_materials) == sorted(documents)
    with pytest.raises(Meeting.DoesNotExist):
        selectors.meeting_detail(sipo_official, make_meeting(attendees=[cas_official], internal=True).pk)


def test_an_action_item_comes_with_its_meeting_series_and_owner_and_stays_with_the_meetings_readers(
    make_meeting, cas_official, sipo_official, cas_coordinator, django_assert_num_queries
):
    from cooperation.meetings import selectors

    series = services.series_create(by=cas_coordinator, name="Joint Working Group")
    joint = make_meeting(series=series, attendees=[cas_official, sipo_official], chair=cas_official)
    internal = make_meeting(attendees=[cas_official, cas_coordinator], internal=True, chair=cas_official)
    due = timezone.localdate()
    item = services.action_item_create(
        meeting=joint, by=cas_official, description="Send the data", owner=sipo_official, due_date=due
    )
    kept = services.action_item_create(
        meeting=internal, by=cas_official, description="Prepare", owner=cas_coordinator, due_date=due
    )
    found = selectors.action_item_for(sipo_official, item.pk)
    with django_assert_num_queries(0):
        assert (found.meeting.title, found.meeting.series.name) == ("Joint Working Group", "Joint Working Group")
        assert (found.owner.username, found.owner.party.code) == ("sipo_official", "SIPO")
    with pytest.raises(type(item).DoesNotExist):
        selectors.action_item_for(sipo_official, kept.pk)
    assert selectors.action_item_for(cas_coordinator, kept.pk) == kept


def test_approved_minutes_alone_are_searched_each_within_its_meetings_readers_in_one_query(
    make_meeting, personas, django_assert_num_queries
):
    from cooperation.meetings import selectors
    from tests.meetings.data import approve_by_both, write

    cas_official, sipo_official = personas["cas_official"], personas["sipo_official"]
    cas_coordinator, sipo_coordinator = personas["cas_coordinator"], personas["sipo_coordinator"]
    joint = started(make_meeting, title="Joint", attendees=[cas_official, sipo_official], minute_taker=sipo_official)
    approved = approve_by_both(write(joint, submit=True), cas_coordinator, sipo_coordinator).approved_revision
    internal = started(
        make_meeting,
        title="CAS only",
        attendees=[cas_official, cas_coordinator],
        internal=True,
        minute_taker=cas_official,
    )
    approve_by_both(write(internal, submit=True), cas_coordinator)
    in_review = started(
        make_meeting, title="In review", attendees=[cas_official, sipo_official], minute_taker=cas_official
    )
    write(in_review, submit=True)
    titles = {"cas_docadmin": ["CAS only", "Joint"], "sipo_docadmin": ["Joint"], "outsider": []}
    for username, expected in titles.items():
        found = selectors.minutes_searchable_by(personas[username])
        assert sorted(minutes.meeting.title for minutes in found) == expected, username
    with django_assert_num_queries(1):
        (minutes,) = selectors.minutes_searchable_by(personas["sipo_docadmin"])
        assert (minutes.meeting.title, minutes.approved_revision.number) == ("Joint", approved.number)
        # The search columns are large, the page reads neither the minutes' nor the meeting's.
        assert {"search_text", "search_vector"} <= minutes.get_deferred_fields()
        assert {"search_text", "search_vector"} <= minutes.meeting.get_deferred_fields()


def test_staff_who_do_not_follow_the_minutes_read_a_revision_once_every_party_that_must_has_approved_it(
    make_meeting, personas, django_assert_num_queries
):
    from cooperation.meetings import selectors
    from tests.meetings.data import approve_by_both, write

    cas_official, sipo_official = personas["cas_official"], personas["sipo_official"]
    cas_coordinator, sipo_coordinator = personas["cas_coordinator"], personas["sipo_coordinator"]
    cas_docadmin = personas["cas_docadmin"]

    def readable(user, meeting, minutes):
        meeting = selectors.meetings_visible_to(user).get(pk=meeting.pk)
        return selectors.minutes_revisions_readable_by(user, meeting, minutes)

    joint = started(make_meeting, attendees=[cas_official, sipo_official], minute_taker=sipo_official)
    minutes = approve_by_both(write(joint, submit=True), cas_coordinator)
    submitted = minutes.current_revision.number
    assert readable(cas_docadmin, joint, minutes) == []  # one party of two has approved
    revision = readable(sipo_official, joint, minutes)[0]  # an attendee follows every revision, newest first
    assert revision.number == submitted
    assert [(d.party.code, d.decision) for d in revision.decisions] == [("CAS", "approved")]
    minutes = approve_by_both(minutes, sipo_coordinator)
    meeting = selectors.meetings_visible_to(cas_docadmin).get(pk=joint.pk)
    # The revisions with their authors, the sign-off records, the number of parties: three queries.
    with django_assert_num_queries(3):
        (revision,) = selectors.minutes_revisions_readable_by(cas_docadmin, meeting, minutes)
        assert (revision.number, revision.author.username, revision.author.party.code) == (
            submitted,
            "sipo_official",
            "SIPO",
        )
        assert "text" in revision.get_deferred_fields()
    assert [(d.party.code, d.decision) for d in revision.decisions] == [("CAS", "approved"), ("SIPO", "approved")]
    # An internal meeting's minutes need its own party's approval alone.
    internal = started(
        make_meeting, attendees=[cas_official, cas_coordinator], internal=True, minute_taker=cas_official
    )
    minutes = approve_by_both(write(internal, submit=True), cas_coordinator)
    assert [r.number for r in readable(cas_docadmin, internal, minutes)] == [minutes.current_revision.number]
