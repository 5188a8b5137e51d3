"""Action items: assigned from the minutes, listed for their owner and for their party's coordinators,
completed by the owner only, carried over to the next meeting of the series."""

from contextlib import nullcontext
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cooperation.meetings import services, views_minutes
from cooperation.meetings.models import ActionItem, ActionItemStatus, Series
from cooperation.meetings.selectors import meetings_visible_to
from protocol.notifications.models import OutboxMessage
from tests.meetings.data import schedule, url
from tests.once import once
from tests.pages import follow, link

ACTIONS = reverse("meetings:actions")


def assign(meeting, owner, *, by=None, description="Send the patent statistics", due_in=timedelta(days=14)):
    due_date = timezone.localdate() + due_in
    # An overdue action was assigned before it fell due: nothing is assigned already overdue.
    overdue = due_in < timedelta(0)
    with time_machine.travel(timezone.now() + due_in - timedelta(days=1), tick=False) if overdue else nullcontext():
        return services.action_item_create(
            meeting=meeting, by=by or meeting.minute_taker, description=description, owner=owner, due_date=due_date
        )


@pytest.fixture
def meeting(cas_official, sipo_official):
    return schedule(cas_official, [cas_official, sipo_official], chair=cas_official, minute_taker=sipo_official)


@pytest.fixture
def series(db):
    return Series.objects.create(name="Joint Working Group")


# Assigning.


def test_the_minute_taker_assigns_an_action_and_the_owner_is_told(client, meeting, sipo_official, cas_official):
    client.force_login(sipo_official)
    due = (timezone.localdate() + timedelta(days=10)).isoformat()
    response = client.post(
        url("action_create", meeting),
        once() | {"description": "Draft the joint report 联合报告", "owner": cas_official.pk, "due_date": due},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == url("minutes", meeting)
    item = ActionItem.objects.get()
    assert (item.owner, item.created_by, item.status) == (cas_official, sipo_official, ActionItemStatus.OPEN)
    told = OutboxMessage.objects.get(kind="meeting.action_assigned")
    assert told.recipient == cas_official and told.params["action"] == "Draft the joint report 联合报告"
    assert "Draft the joint report 联合报告" in response.text


# The meeting is CAS's: the CAS official chairs it, the SIPO official takes the minutes.
ASSIGNERS = [("cas_official", 200), ("sipo_official", 200), ("cas_coordinator", 200), ("sipo_coordinator", 403)]


@pytest.mark.parametrize(("username", "status"), [*ASSIGNERS, ("cas_docadmin", 403), ("sipo_docadmin", 403)])
def test_the_chair_the_minute_taker_and_the_organising_partys_coordinators_assign_actions(
    client, meeting, personas, username, status
):
    client.force_login(personas[username])
    assert client.get(url("action_create", meeting)).status_code == status
    assert ("Assign an action item" in client.get(url("minutes", meeting)).text) is (status == 200)


@pytest.mark.parametrize(("username", "status"), ASSIGNERS)
def test_posting_an_action_as_someone_who_may_not_assign_is_refused_and_nothing_is_stored(
    client, meeting, personas, username, status
):
    client.force_login(personas[username])
    due = (timezone.localdate() + timedelta(days=10)).isoformat()
    data = once() | {"description": "Send the figures", "owner": personas["sipo_official"].pk, "due_date": due}
    response = client.post(url("action_create", meeting), data)
    assert response.status_code == (302 if status == 200 else 403)
    assert ActionItem.objects.exists() is (status == 200)
    assert OutboxMessage.objects.filter(kind="meeting.action_assigned").exists() is (status == 200)


def test_the_other_partys_coordinator_is_refused_by_the_service_itself(meeting, sipo_coordinator, cas_official):
    with pytest.raises(PermissionDenied):
        assign(meeting, cas_official, by=sipo_coordinator)
    assert not ActionItem.objects.exists() and not OutboxMessage.objects.filter(kind="meeting.action_assigned")


def test_the_other_partys_coordinator_assigns_on_a_meeting_their_party_organises(
    sipo_official, sipo_coordinator, cas_official
):
    sipo_meeting = schedule(sipo_official, [sipo_official, cas_official], minute_taker=cas_official)
    item = assign(sipo_meeting, cas_official, by=sipo_coordinator)
    assert (item.owner, item.created_by) == (cas_official, sipo_coordinator)


@pytest.mark.parametrize("owner", ["cas_official", "sipo_official", "sipo_coordinator"])
def test_an_action_of_a_joint_meeting_may_go_to_either_party(meeting, cas_coordinator, personas, owner):
    assert assign(meeting, personas[owner], by=cas_coordinator).owner == personas[owner]


def test_an_outsider_asking_to_assign_gets_404(client, meeting, outsider):
    client.force_login(outsider)
    assert client.get(url("action_create", meeting)).status_code == 404


def test_an_action_without_owner_or_due_date_is_refused_with_the_fields_named(client, meeting, sipo_official):
    client.force_login(sipo_official)
    response = client.post(url("action_create", meeting), once() | {"description": "", "owner": "", "due_date": "soon"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"description", "owner", "due_date"}
    assert not ActionItem.objects.exists() and not OutboxMessage.objects.filter(kind="meeting.action_assigned")


def test_an_internal_meetings_actions_go_to_its_own_party_only(client, cas_official, cas_coordinator, sipo_official):
    internal = schedule(cas_official, [cas_official, cas_coordinator], internal=True, minute_taker=cas_official)
    client.force_login(cas_official)
    due = (timezone.localdate() + timedelta(days=3)).isoformat()
    response = client.post(
        url("action_create", internal), once() | {"description": "x", "owner": sipo_official.pk, "due_date": due}
    )
    assert response.context["form"].errors["owner"] == [
        "That person cannot be chosen here. Search by name and choose someone from the list."
    ]
    assert not ActionItem.objects.exists()
    # ... and its picker searches that party's staff only.
    page = client.get(url("action_create", internal)).text
    assert f'hx-get="/people/pick/?field=owner&amp;party={cas_official.party_id}"' in page


# Completing.


def test_only_the_owner_marks_an_action_done_with_a_note(client, meeting, cas_official, personas):
    item = assign(meeting, cas_official)
    done = reverse("meetings:action_done", args=[item.pk])
    for username in ("sipo_official", "cas_coordinator", "sipo_coordinator"):
        client.force_login(personas[username])
        assert client.post(done, {"note": "not mine"}).status_code == 403
    client.force_login(personas["outsider"])
    assert client.post(done, {"note": "not mine"}).status_code == 404
    item.refresh_from_db()
    assert item.status == ActionItemStatus.OPEN

    client.force_login(cas_official)
    response = client.post(done, {"note": "Sent on Monday 已发送"}, follow=True)
    assert response.redirect_chain[-1][0] == ACTIONS
    item.refresh_from_db()
    assert item.status == ActionItemStatus.DONE and item.done_note == "Sent on Monday 已发送" and item.done_at
    response = client.post(done, {"note": "again"}, follow=True)
    assert "This action item is already done." in [str(m) for m in response.context["messages"]]
    item.refresh_from_db()
    assert item.done_note == "Sent on Monday 已发送"


def test_an_action_of_an_internal_meeting_is_404_to_the_other_party(
    client, cas_official, cas_coordinator, sipo_official
):
    internal = schedule(cas_official, [cas_official, cas_coordinator], internal=True, minute_taker=cas_official)
    item = assign(internal, cas_coordinator)
    client.force_login(sipo_official)
    assert client.get(reverse("meetings:action_done", args=[item.pk])).status_code == 404


# The lists.


def test_my_actions_list_open_first_and_marks_the_overdue_ones(client, meeting, cas_official, sipo_official):
    late = assign(meeting, cas_official, description="Late one", due_in=timedelta(days=-2))
    later = assign(meeting, cas_official, description="Later one", due_in=timedelta(days=5))
    finished = assign(meeting, cas_official, description="Finished one", due_in=timedelta(days=-9))
    services.action_item_complete(item=finished, by=cas_official, note="done")
    assign(meeting, sipo_official, description="Someone else's")
    client.force_login(cas_official)
    response = client.get(ACTIONS)
    assert [item.pk for item in response.context["open_items"]] == [late.pk, later.pk]
    assert [item.pk for item in response.context["done_items"]] == [finished.pk]
    assert response.context["party_items"] is None  # not a coordinator
    assert "Someone else&#x27;s" not in response.text
    html = response.text
    late_row = html[html.index(f'data-action="{late.pk}"') :].split("</tr>")[0]
    later_row = html[html.index(f'data-action="{later.pk}"') :].split("</tr>")[0]
    finished_row = html[html.index(f'data-action="{finished.pk}"') :].split("</tr>")[0]
    assert 'class="badge text-bg-danger overdue"' in late_row
    assert '<span class="visually-hidden">Overdue</span>' in late_row
    assert "overdue" not in later_row and "overdue" not in finished_row.replace("action-done", "")
    assert html.index("Late one") < html.index("Later one") < html.index("Finished one")


def test_a_coordinator_sees_every_open_action_of_their_party_only(
    client, meeting, cas_official, cas_docadmin, sipo_official, cas_coordinator
):
    mine = assign(meeting, cas_official, description="CAS official's")
    theirs = assign(meeting, cas_docadmin, description="CAS docadmin's")
    assign(meeting, sipo_official, description="SIPO official's")
    services.action_item_complete(item=assign(meeting, cas_official, description="CAS done"), by=cas_official, note="")
    client.force_login(cas_coordinator)
    response = client.get(ACTIONS)
    assert {item.pk for item in response.context["party_items"].object_list} == {mine.pk, theirs.pk}
    assert "SIPO official&#x27;s" not in response.text and "CAS done" not in response.text
    assert response.context["open_items"] == []


def test_an_action_owned_by_the_other_partys_coordinator_is_listed_for_that_party(
    client, meeting, sipo_coordinator, cas_coordinator
):
    item = assign(meeting, sipo_coordinator, by=cas_coordinator)
    client.force_login(sipo_coordinator)
    response = client.get(ACTIONS)
    assert [i.pk for i in response.context["open_items"]] == [item.pk]
    assert [i.pk for i in response.context["party_items"].object_list] == [item.pk]


@pytest.mark.parametrize("username", ["cas_official", "cas_coordinator"])
def test_the_actions_page_costs_the_same_for_1_and_50_items(client, meeting, cas_official, personas, username):
    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(ACTIONS)
        assert response.status_code == 200
        return len(queries)

    client.force_login(personas[username])
    assign(meeting, cas_official, due_in=timedelta(days=-1))
    with_one = count_queries()
    for number in range(49):
        other = meeting if number % 2 else schedule(cas_official, [cas_official], title=f"Meeting {number}")
        assign(other, cas_official, by=personas["cas_coordinator"], due_in=timedelta(days=number - 20))
    assert count_queries() == with_one


def test_the_actions_page_needs_sign_in(client, db):
    response = client.get(ACTIONS)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


# Carried over to the next meeting of the series.


def test_open_actions_carry_over_to_the_next_meeting_of_the_series(
    client, series, cas_official, sipo_official, sipo_official_2
):
    jwg = {"series": series, "minute_taker": sipo_official}
    first = schedule(cas_official, [cas_official, sipo_official], title="JWG 4", starts_in=timedelta(days=-60), **jwg)
    cancelled = schedule(cas_official, [cas_official], title="JWG 4bis", series=series, starts_in=timedelta(days=-30))
    services.meeting_cancel(meeting=cancelled, by=cas_official)
    second = schedule(cas_official, [cas_official, sipo_official], title="JWG 5", series=series)
    elsewhere = schedule(cas_official, [cas_official], title="Liaison", starts_in=timedelta(days=1))
    still_open = assign(first, sipo_official, description="Share the 2030 statistics")
    finished = assign(first, cas_official, description="Book the room")
    services.action_item_complete(item=finished, by=cas_official, note="")

    client.force_login(sipo_official_2)  # not invited: carry-over is for everyone who sees the meeting
    page = client.get(url("minutes", second))
    assert page.context["panel"]["previous"] == first  # the cancelled meeting in between is skipped
    assert [item.pk for item in page.context["panel"]["carried_over"]] == [still_open.pk]
    assert "Carried over from “JWG 4”" in page.text
    assert "Share the 2030 statistics" in page.text and "Book the room" not in page.text
    assert f'href="{url("minutes", first)}"' in page.text  # back to the previous minutes
    assert "Carried over" not in client.get(url("minutes", first)).text
    assert "Carried over" not in client.get(url("minutes", elsewhere)).text
    # The next meeting's own page shows the same, with the link back.
    detail = client.get(second.get_absolute_url())
    assert "Carried over from “JWG 4”" in detail.text and "Share the 2030 statistics" in detail.text
    assert f'href="{url("minutes", first)}"' in detail.text


def test_the_meeting_page_panel_carries_over_the_previous_meetings_open_items(series, cas_official, sipo_official):
    jwg = {"series": series, "minute_taker": sipo_official}
    first = schedule(cas_official, [cas_official, sipo_official], title="JWG 4", starts_in=timedelta(days=-30), **jwg)
    second = schedule(cas_official, [cas_official, sipo_official], title="JWG 5", series=series)
    item = assign(first, sipo_official)
    panel = views_minutes.minutes_panel(cas_official, meetings_visible_to(cas_official).get(pk=second.pk))
    assert panel["previous"] == first and panel["carried_over"] == [item]
    assert panel["minutes"] is None and not panel["can_start"]  # the SIPO official takes the minutes


def test_a_coordinators_party_list_pages_soonest_due_first(client, meeting, cas_official, cas_coordinator, settings):
    settings.PAGE_SIZE = 3
    items = [assign(meeting, cas_official, description=f"Item {n}", due_in=timedelta(days=n + 1)) for n in range(5)]
    client.force_login(cas_coordinator)
    first = client.get(ACTIONS)
    second = follow(client, first, "next")
    assert [i.pk for i in first.context["party_items"].object_list] == [i.pk for i in items[:3]]
    assert [i.pk for i in second.context["party_items"].object_list] == [i.pk for i in items[3:]]
    assert link(second, "next") is None
