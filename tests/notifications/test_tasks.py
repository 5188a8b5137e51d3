"""Notifications that ask for an action are done once the action is taken, by their reader or by a
colleague, and not by anything else; the inbox keeps them apart, and nothing nags about a done task."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cooperation.documents import services as documents
from cooperation.documents.models import Confidentiality
from cooperation.meetings import reminders as meeting_reminders
from cooperation.meetings import services as meetings
from cooperation.meetings.models import MeetingKind, Rsvp
from cooperation.meetings.services import MeetingFields
from protocol.activities import services as activities
from protocol.activities.reminders import activities_waiting_for_confirmation
from protocol.activities.services import ActivityFields
from protocol.notifications import outbox
from protocol.notifications.models import Channel, Notification, NotificationPreference
from protocol.notifications.services import digests_build
from protocol.parties.roles import Role
from tests.factories import UserFactory

INBOX = reverse("notifications:inbox")
START = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(START, tick=False) as clock:
        yield clock


def delivered() -> None:
    """What the services queued reaches the inboxes (after commit, in the portal)."""
    outbox.sweep()


def note(user, kind: str, **params) -> Notification:
    notes = Notification.objects.filter(recipient=user, kind=kind)
    for key, value in params.items():
        notes = notes.filter(**{f"params__{key}": value})
    return notes.get()


def is_done(user, kind: str, **params) -> bool:
    found = note(user, kind, **params)
    return found.done_at is not None and found.read_at is not None


# The ledger: confirm (or return) an activity; log again one that was returned.


def log_activity(cas, cas_official, sipo_official, title="AI patent landscape"):
    fields = ActivityFields(
        area="research",
        kind="joint_analysis",
        title=title,
        start_date=date(2026, 3, 1),
        lead_party=cas,
        participants=[cas_official, sipo_official],
    )
    return activities.activity_create(author=cas_official, fields=fields, log=True)


@pytest.fixture
def logged(cas, cas_official, sipo_official, sipo_coordinator, sipo_coordinator_2, _clock):
    """Logged, and a week later still waiting: both coordinators were asked and reminded."""
    activity = log_activity(cas, cas_official, sipo_official)
    other = log_activity(cas, cas_official, sipo_official, title="Another activity")
    _clock.shift(timedelta(days=8))
    activities_waiting_for_confirmation(now=timezone.now())
    delivered()
    return activity, other


ACTIVITY_TASKS = ["activity.logged", "activity.unconfirmed_reminder"]


@pytest.mark.parametrize("kind", ACTIVITY_TASKS)
@pytest.mark.parametrize("decide", ["confirm", "return"])
def test_an_activity_confirmed_or_returned_by_its_reader_is_done(logged, sipo_coordinator, kind, decide):
    activity, other = logged
    assert not is_done(sipo_coordinator, kind, title=activity.title)

    if decide == "confirm":
        activities.activity_confirm(activity=activity, by=sipo_coordinator)
    else:
        activities.activity_return(activity=activity, by=sipo_coordinator, comment="Add the dates.")

    assert is_done(sipo_coordinator, kind, title=activity.title)
    assert not is_done(sipo_coordinator, kind, title=other.title)


@pytest.mark.parametrize("kind", ACTIVITY_TASKS)
def test_an_activity_confirmed_by_a_colleague_is_done_for_every_coordinator(
    logged, sipo_coordinator, sipo_coordinator_2, kind
):
    activity, _ = logged
    activities.activity_confirm(activity=activity, by=sipo_coordinator_2)

    assert is_done(sipo_coordinator, kind, title=activity.title)


@pytest.mark.parametrize("kind", ACTIVITY_TASKS)
def test_another_activity_confirmed_leaves_the_task_to_do(logged, sipo_coordinator, sipo_coordinator_2, kind):
    activity, other = logged
    activities.activity_confirm(activity=other, by=sipo_coordinator_2)

    assert not is_done(sipo_coordinator, kind, title=activity.title)


@pytest.fixture
def returned(logged, sipo_coordinator):
    activity, other = logged
    activities.activity_return(activity=activity, by=sipo_coordinator, comment="Add the dates.")
    activities.activity_return(activity=other, by=sipo_coordinator, comment="Add the dates.")
    delivered()
    return activity, other


def test_a_returned_activity_logged_again_by_its_author_is_done(returned, cas_official):
    activity, other = returned
    activities.activity_log(activity=activity, by=cas_official)

    assert is_done(cas_official, "activity.returned", title=activity.title)
    assert not is_done(cas_official, "activity.returned", title=other.title)


# Meetings: answer an invitation; review minutes; make the changes asked for; do an action item.


def schedule(by, attendees, *, title="第五次联合工作组会议", **overrides):
    starts_at = timezone.now() - timedelta(hours=3)
    fields = {
        "title": title,
        "kind": MeetingKind.WORKING_GROUP,
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(hours=2),
        "attendees": attendees,
        "location": "中关村, Beijing",
    }
    # Started three hours ago: recorded as a past meeting (no invitations), as the form asks.
    return meetings.meeting_schedule(by=by, fields=MeetingFields(**(fields | overrides)), record_past=True)


@pytest.fixture
def invited(cas_official, sipo_official, sipo_coordinator):
    starts_at = timezone.now() + timedelta(days=7)
    fields = {
        "kind": MeetingKind.WORKING_GROUP,
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(hours=1),
        "attendees": [cas_official, sipo_official, sipo_coordinator],
    }
    meeting = meetings.meeting_schedule(by=cas_official, fields=MeetingFields(title="Invited", **fields))
    other = meetings.meeting_schedule(by=cas_official, fields=MeetingFields(title="Other", **fields))
    delivered()
    return meeting, other


def test_an_invitation_answered_by_its_reader_is_done(invited, sipo_official):
    meeting, _other = invited
    meetings.attendance_answer(meeting=meeting, by=sipo_official, rsvp=Rsvp.ATTENDING)

    assert is_done(sipo_official, "meeting.invited", title="Invited")
    assert not is_done(sipo_official, "meeting.invited", title="Other")


def test_an_invitation_is_personal_a_colleagues_answer_leaves_it_to_do(invited, sipo_official, sipo_coordinator):
    meeting, _ = invited
    meetings.attendance_answer(meeting=meeting, by=sipo_coordinator, rsvp=Rsvp.ATTENDING)

    assert is_done(sipo_coordinator, "meeting.invited", title="Invited")
    assert not is_done(sipo_official, "meeting.invited", title="Invited")


def test_an_invitation_to_a_cancelled_meeting_is_done(invited, cas_official, sipo_official):
    meeting, _ = invited
    meetings.meeting_cancel(meeting=meeting, by=cas_official)

    assert is_done(sipo_official, "meeting.invited", title="Invited")
    assert not is_done(sipo_official, "meeting.invited", title="Other")


@pytest.fixture
def minutes_waiting(cas_official, sipo_official, cas_coordinator, sipo_coordinator, sipo_coordinator_2, _clock):
    """Two meetings' minutes submitted and, three days on, still waiting for both parties' review."""
    result = []
    for title in ("Reviewed", "Other"):
        meeting = schedule(cas_official, [cas_official, sipo_official], title=title, minute_taker=sipo_official)
        minutes = meetings.minutes_start(meeting=meeting, by=sipo_official)
        minutes = meetings.minutes_save(minutes=minutes, by=sipo_official, text=f"# {title}\n\nAgreed.\n")
        result.append(meetings.minutes_submit(minutes=minutes, by=sipo_official))
    _clock.shift(timedelta(days=4))
    meeting_reminders.minutes_waiting_for_review(now=timezone.now())
    delivered()
    return result


MINUTES_TASKS = ["minutes.submitted", "minutes.review_reminder"]


def approve(minutes, by):
    return meetings.minutes_approve(minutes=minutes, revision=minutes.current_revision.number, by=by)


@pytest.mark.parametrize("kind", MINUTES_TASKS)
def test_minutes_approved_by_the_reader_are_done_for_the_reader(minutes_waiting, sipo_coordinator, kind):
    minutes, _ = minutes_waiting
    approve(minutes, sipo_coordinator)

    assert is_done(sipo_coordinator, kind, title="Reviewed")
    assert not is_done(sipo_coordinator, kind, title="Other")


@pytest.mark.parametrize("kind", MINUTES_TASKS)
def test_minutes_approved_by_a_colleague_are_done_for_the_whole_party_not_the_other(
    minutes_waiting, sipo_coordinator, sipo_coordinator_2, cas_coordinator, kind
):
    minutes, _ = minutes_waiting
    approve(minutes, sipo_coordinator_2)

    assert is_done(sipo_coordinator, kind, title="Reviewed")
    # CAS has not reviewed them yet.
    assert not is_done(cas_coordinator, kind, title="Reviewed")


@pytest.mark.parametrize("kind", MINUTES_TASKS)
def test_changes_requested_end_the_review_for_both_parties(minutes_waiting, sipo_coordinator, cas_coordinator, kind):
    minutes, _ = minutes_waiting
    meetings.minutes_request_changes(
        minutes=minutes, revision=minutes.current_revision.number, by=cas_coordinator, comment="Add the date."
    )

    assert is_done(sipo_coordinator, kind, title="Reviewed")
    assert is_done(cas_coordinator, kind, title="Reviewed")
    assert not is_done(sipo_coordinator, kind, title="Other")


def test_the_changes_asked_for_are_done_when_the_minute_taker_submits_again(
    minutes_waiting, sipo_official, cas_coordinator
):
    for minutes in minutes_waiting:
        meetings.minutes_request_changes(
            minutes=minutes, revision=minutes.current_revision.number, by=cas_coordinator, comment="Add the date."
        )
    delivered()
    minutes, _ = minutes_waiting
    minutes = meetings.minutes_save(minutes=minutes, by=sipo_official, text="# Reviewed\n\nAgreed on 2 March.\n")
    meetings.minutes_submit(minutes=minutes, by=sipo_official)
    delivered()

    assert is_done(sipo_official, "minutes.changes_requested", title="Reviewed")
    assert not is_done(sipo_official, "minutes.changes_requested", title="Other")
    # The new revision asks the coordinators again.
    newest = Notification.objects.filter(recipient=cas_coordinator, kind="minutes.submitted", params__title="Reviewed")
    assert newest.filter(done_at__isnull=True).count() == 1


@pytest.fixture
def actions(cas_official, sipo_official, cas_coordinator, _clock):
    """Two action items of one meeting for the CAS official, both a week overdue (its coordinators told)."""
    meeting = schedule(cas_official, [cas_official, sipo_official], minute_taker=sipo_official)
    due = timezone.localdate() + timedelta(days=1)
    items = [
        meetings.action_item_create(
            meeting=meeting, by=sipo_official, description=text, owner=cas_official, due_date=due
        )
        for text in ("Send the statistics", "Book the room")
    ]
    _clock.shift(timedelta(days=9))
    meeting_reminders.action_items_due(now=timezone.now())
    delivered()
    return items


@pytest.mark.parametrize("kind", ["meeting.action_assigned", "meeting.action_overdue_reminder"])
def test_an_action_item_done_by_its_owner_is_done(actions, cas_official, kind):
    item, other = actions
    meetings.action_item_complete(item=item, by=cas_official, note="Sent.")

    assert is_done(cas_official, kind, item=item.pk)
    assert not is_done(cas_official, kind, item=other.pk)


def test_an_overdue_action_done_by_its_owner_is_done_for_the_coordinators_told(actions, cas_official, cas_coordinator):
    item, other = actions
    meetings.action_item_complete(item=item, by=cas_official, note="Sent.")

    assert is_done(cas_coordinator, "meeting.action_overdue_reminder", item=item.pk)
    assert not is_done(cas_coordinator, "meeting.action_overdue_reminder", item=other.pk)


# Documents: decide an access request.


@pytest.fixture
def requested(make_document, sipo_official, sipo_coordinator, cas_docadmin, cas_docadmin_2):
    document = make_document(title="依申请提供的分析报告", confidentiality=Confidentiality.ON_REQUEST)
    mine = documents.access_request_create(document=document, by=sipo_official, reason="For the joint report.")
    theirs = documents.access_request_create(document=document, by=sipo_coordinator, reason="For the review.")
    delivered()
    return mine, theirs


@pytest.mark.parametrize("grant", [True, False])
def test_an_access_request_decided_by_its_reader_is_done(requested, cas_docadmin, grant):
    mine, theirs = requested
    documents.access_request_decide(request=mine, by=cas_docadmin, grant=grant, comment="Decided.")

    assert is_done(cas_docadmin, "document.access_requested", request=mine.pk)
    # Another request for the same document still waits.
    assert not is_done(cas_docadmin, "document.access_requested", request=theirs.pk)


def test_an_access_request_decided_by_a_colleague_is_done(requested, cas_docadmin, cas_docadmin_2):
    mine, theirs = requested
    documents.access_request_decide(request=mine, by=cas_docadmin_2, grant=True, comment="")

    assert is_done(cas_docadmin, "document.access_requested", request=mine.pk)
    assert not is_done(cas_docadmin, "document.access_requested", request=theirs.pk)


# Done before delivery, in the digest, in the inbox.


def test_a_task_done_before_it_was_delivered_is_in_the_inbox_done_and_not_e_mailed(
    cas, cas_official, sipo_official, sipo_coordinator, mailoutbox
):
    activity = log_activity(cas, cas_official, sipo_official)
    activities.activity_confirm(activity=activity, by=sipo_coordinator)  # before the outbox was swept
    mailoutbox.clear()

    delivered()

    assert is_done(sipo_coordinator, "activity.logged")
    assert sipo_coordinator.email not in [address for mail in mailoutbox for address in mail.to]


def test_the_digest_leaves_out_a_task_done_meanwhile(
    cas, cas_official, sipo_official, sipo_coordinator, sipo_coordinator_2, mailoutbox
):
    NotificationPreference.objects.create(user=sipo_coordinator, kind="activity.logged", channel=Channel.DIGEST)
    done = log_activity(cas, cas_official, sipo_official, title="Confirmed meanwhile")
    log_activity(cas, cas_official, sipo_official, title="Still waiting")
    delivered()
    activities.activity_confirm(activity=done, by=sipo_coordinator_2)
    mailoutbox.clear()

    digests_build()
    delivered()

    [digest] = [mail for mail in mailoutbox if mail.to == [sipo_coordinator.email]]
    assert "Still waiting" in digest.body
    assert "Confirmed meanwhile" not in digest.body


def listed(client, **params) -> list[str]:
    response = client.get(INBOX, params)
    assert response.status_code == 200
    return [note.params["title"] for note in response.context["page"].object_list]


@pytest.fixture
def inbox(cas, cas_official, sipo_official, sipo_coordinator, sipo_coordinator_2, _clock):
    """For the SIPO coordinator: one task to do, one done by a colleague, one notification for information."""
    to_do = log_activity(cas, cas_official, sipo_official, title="To confirm")
    _clock.shift(timedelta(hours=1))
    done = log_activity(cas, cas_official, sipo_official, title="Confirmed by a colleague")
    _clock.shift(timedelta(hours=1))
    mine = activities.activity_create(
        author=sipo_official,
        fields=ActivityFields(
            area="research",
            kind="joint_analysis",
            title="Logged by SIPO",
            start_date=date(2026, 3, 1),
            lead_party=sipo_official.party,
            participants=[cas_official, sipo_official],
        ),
        log=True,
    )
    delivered()
    activities.activity_confirm(activity=done, by=sipo_coordinator_2)
    _clock.shift(timedelta(hours=1))
    activities.activity_return(activity=mine, by=UserFactory(party=cas, roles=[Role.COORDINATOR]), comment="Why?")
    delivered()
    return to_do


def test_the_inbox_separates_what_is_to_do_from_what_is_for_information(client, inbox, sipo_coordinator):
    client.force_login(sipo_coordinator)

    assert listed(client, tab="todo") == ["To confirm"]
    assert listed(client, tab="info") == ["Confirmed by a colleague"]
    assert sorted(listed(client)) == ["Confirmed by a colleague", "To confirm"]


def test_the_tabs_show_which_is_open_and_keep_the_area_filter(client, inbox, sipo_coordinator):
    client.force_login(sipo_coordinator)

    page = client.get(INBOX, {"tab": "todo", "area": "research"}).content.decode()

    assert 'class="nav-link active" aria-current="page" href="/notifications/?area=research&amp;tab=todo"' in page
    assert 'href="/notifications/?area=research&amp;tab=info"' in page
    assert '<input type="hidden" name="tab" value="todo"' in page


def test_an_unknown_tab_shows_everything(client, inbox, sipo_coordinator):
    client.force_login(sipo_coordinator)

    assert sorted(listed(client, tab="bogus")) == ["Confirmed by a colleague", "To confirm"]


def test_a_done_task_is_marked_done_and_counts_as_read(client, inbox, sipo_coordinator):
    client.force_login(sipo_coordinator)

    page = client.get(INBOX).content.decode()

    assert page.count(">Done</span>") == 1
    assert page.count(">To do</span>") == 1
    # The colleague's confirmation left one unread: the task still to do.
    assert 'data-unread="1"' in client.get(reverse("notifications:badge")).content.decode()


@pytest.mark.parametrize("tab", ["todo", "info"])
def test_an_empty_tab_says_so(client, sipo_coordinator, tab):
    client.force_login(sipo_coordinator)

    page = client.get(INBOX, {"tab": tab}).content.decode()

    assert {"todo": "Nothing waits for you to do it.", "info": "Nothing here for your information."}[tab] in page


@pytest.mark.parametrize("tab", ["todo", "info"])
def test_each_tab_costs_the_same_queries_for_1_and_50_notifications(
    client, sipo_coordinator, cas_logged, make_notifications, tab
):
    def add(count):
        made = make_notifications(sipo_coordinator, cas_logged, count=count)
        if tab == "info":
            Notification.objects.filter(pk__in=[row.pk for row in made]).update(done_at=timezone.now())

    client.force_login(sipo_coordinator)
    add(1)
    with CaptureQueriesContext(connection) as one:
        assert client.get(INBOX, {"tab": tab}).content.decode().count("/open/") == 1

    add(49)
    with CaptureQueriesContext(connection) as fifty:
        assert client.get(INBOX, {"tab": tab}).content.decode().count("/open/") == 25

    assert len(fifty) == len(one), [q["sql"] for q in fifty.captured_queries]
