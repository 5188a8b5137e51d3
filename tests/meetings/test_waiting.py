"""The communication mechanism on the dashboard's one panel of what waits: minutes to write and to review, action
items due or overdue; a coordinator's party's overdue items. Each for the right persona only, with its age, at a
fixed number of queries."""

from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cooperation.meetings import services
from protocol.areas import Area
from tests.dashboard import waiting_items, waiting_more

from .test_actions import assign
from .test_minutes import schedule, url, write

pytestmark = pytest.mark.usefixtures("english")

DASHBOARD = reverse("dashboard")


def items(client, section="waiting") -> list[tuple[str, str]]:
    """(what, url) of the communication items the reader's dashboard shows in `section`."""
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    return [(item.what, item.url) for item in waiting_items(response, section) if item.area == Area.COMMUNICATION]


def text(response) -> str:
    # Django's timesince joins number and unit with a no-break space.
    return response.text.replace("\xa0", " ")


@pytest.fixture
def held(cas_official, sipo_official, cas_coordinator):
    """A CAS meeting that started three hours ago; the SIPO official takes the minutes."""
    return schedule(
        cas_official, [cas_official, sipo_official, cas_coordinator], chair=cas_official, minute_taker=sipo_official
    )


def test_the_minute_taker_is_asked_to_write_the_minutes_until_they_are_submitted(
    client, held, sipo_official, cas_official, sipo_coordinator
):
    client.force_login(sipo_official)
    assert items(client) == [("Write the minutes", url("minutes", held))]
    for other in (cas_official, sipo_coordinator):
        client.force_login(other)
        assert ("Write the minutes", url("minutes", held)) not in items(client)
    write(held)  # a draft is still to be written
    client.force_login(sipo_official)
    assert items(client) == [("Write the minutes", url("minutes", held))]
    write(held, "Submitted text.", submit=True)
    assert items(client) == []


def test_a_meeting_ahead_or_cancelled_asks_for_no_minutes(client, cas_official, sipo_official):
    people = [cas_official, sipo_official]
    ahead = schedule(cas_official, people, starts_in=timedelta(days=2), minute_taker=sipo_official)
    schedule(cas_official, people, starts_in=timedelta(days=3), minute_taker=sipo_official, title="Later")
    client.force_login(sipo_official)
    assert items(client) == []
    services.meeting_cancel(meeting=ahead, by=cas_official)
    with time_machine.travel(timezone.now() + timedelta(days=2, hours=12), tick=False):
        assert items(client) == []  # the cancelled one has started, the other not yet


def test_each_partys_coordinator_is_asked_to_review_until_their_party_approved(
    client, held, cas_coordinator, sipo_coordinator, cas_official, sipo_official
):
    minutes = write(held, submit=True)
    review = ("Review the minutes", minutes.get_absolute_url())
    for coordinator in (cas_coordinator, sipo_coordinator):
        client.force_login(coordinator)
        assert items(client) == [review]
    for official in (cas_official, sipo_official):
        client.force_login(official)
        assert review not in items(client)
    services.minutes_approve(minutes=minutes, revision=minutes.current_revision.number, by=cas_coordinator)
    client.force_login(cas_coordinator)
    assert items(client) == []
    client.force_login(sipo_coordinator)
    assert items(client) == [review]


def test_the_other_partys_internal_meeting_never_appears(client, cas_official, cas_coordinator, sipo_coordinator):
    internal = schedule(
        cas_official, [cas_official, cas_coordinator], internal=True, minute_taker=cas_official, title="CAS only"
    )
    minutes = write(internal, submit=True)
    assign(internal, cas_official, due_in=timedelta(days=-10))
    client.force_login(sipo_coordinator)
    response = client.get(DASHBOARD)
    assert "CAS only" not in response.text
    assert items(client) == [] and items(client, "overdue") == []
    client.force_login(cas_coordinator)  # its own party reviews it
    assert ("Review the minutes", minutes.get_absolute_url()) in items(client)


def test_the_owner_is_asked_about_action_items_due_within_three_days_or_overdue(
    client, held, cas_official, sipo_official
):
    soon = assign(held, cas_official, description="Send the statistics", due_in=timedelta(days=2))
    assign(held, cas_official, description="Later", due_in=timedelta(days=10))
    late = assign(held, cas_official, description="Overdue one", due_in=timedelta(days=-4))
    client.force_login(cas_official)
    response = client.get(DASHBOARD)
    shown = [item for item in waiting_items(response) if item.area == Area.COMMUNICATION]
    assert [item.title for item in shown] == [late.description, soon.description]
    assert [item.due for item in shown] == [late.due_date, soon.due_date]
    assert "Later" not in response.text
    assert "overdue" in response.text
    client.force_login(sipo_official)  # not theirs (they have the minutes to write)
    assert [what for what, _ in items(client)] == ["Write the minutes"]


def test_a_coordinator_sees_their_partys_overdue_items_only(
    client, held, cas_official, sipo_official, cas_coordinator, sipo_coordinator
):
    late = assign(held, cas_official, description="Overdue CAS action", due_in=timedelta(days=-5))
    assign(held, cas_official, description="Not yet", due_in=timedelta(days=1))
    client.force_login(cas_coordinator)
    response = client.get(DASHBOARD)
    (item,) = [item for item in waiting_items(response, "overdue") if item.area == Area.COMMUNICATION]
    assert item.title == f"Overdue CAS action ({cas_official.full_name})" and item.due == late.due_date
    assert "5 days ago" in text(response)
    client.force_login(sipo_coordinator)
    assert items(client, "overdue") == []
    client.force_login(cas_official)  # not a coordinator: no overdue section at all
    assert client.get(DASHBOARD).context.get("overdue") is None


def test_the_age_of_what_waits_is_shown(client, held, sipo_official):
    with time_machine.travel(timezone.now() + timedelta(days=3, hours=1), tick=False):
        client.force_login(sipo_official)
        response = client.get(DASHBOARD)
    (item,) = waiting_items(response)
    assert item.since == held.starts_at
    assert "waiting 3 days" in text(response)


def test_the_dashboard_costs_the_same_for_1_and_50_action_items(
    client, held, cas_official, cas_coordinator, django_assert_num_queries
):
    def queries() -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(DASHBOARD).status_code == 200
        return len(captured)

    client.force_login(cas_coordinator)
    assign(held, cas_coordinator, description="Action 0", due_in=timedelta(days=-2))
    client.get(DASHBOARD)  # warm: the session, the content types
    with_one = queries()
    for n in range(1, 50):
        assign(held, cas_coordinator, description=f"Action {n}", due_in=timedelta(days=-2))
    with django_assert_num_queries(with_one):
        cache.clear()
        response = client.get(DASHBOARD)
    assert len([item for item in waiting_items(response) if item.area == Area.COMMUNICATION]) == 5
    assert [(more.count, more.url) for more in waiting_more(response)] == [(45, reverse("meetings:actions"))]
    assert "and 45 more: Do the action item" in text(response)
