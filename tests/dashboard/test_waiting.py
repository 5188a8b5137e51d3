"""The dashboard's one panel of what waits for the reader (protocol.waiting), and the ledger's part in it: the
other party's activities to confirm; for a coordinator, their party's activities left unconfirmed for a week."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from protocol.areas import Area
from protocol.parties.models import Language
from protocol.registry import Waiting
from protocol.waiting import gather
from tests.dashboard import waiting_items, waiting_more, waiting_urls
from tests.factories import ActivityFactory

DASHBOARD = reverse("dashboard")
BEIJING = ZoneInfo("Asia/Shanghai")


def text(response) -> str:
    return response.content.decode().replace("\xa0", " ")


def test_a_coordinator_is_asked_to_confirm_the_other_partys_activity_never_a_draft(
    client, cas_logged, cas_draft, sipo_coordinator, cas_coordinator, sipo_official
):
    client.force_login(sipo_coordinator)
    response = client.get(DASHBOARD)
    (item,) = waiting_items(response)
    assert (item.area, item.title, item.url) == (None, cas_logged.title, cas_logged.get_absolute_url())
    assert cas_draft.title not in response.content.decode()
    for other in (cas_coordinator, sipo_official):  # their own party's / not a coordinator
        client.force_login(other)
        assert waiting_urls(client.get(DASHBOARD)) == []


def test_the_age_is_since_the_activity_was_logged(client, cas_official, sipo_official, sipo_coordinator):
    logged_on = datetime(2027, 2, 26, 10, tzinfo=BEIJING)
    with time_machine.travel(logged_on, tick=False):
        activity = ActivityFactory(author=cas_official, participants=[cas_official, sipo_official])
    with time_machine.travel(logged_on + timedelta(days=3, hours=2), tick=False):
        client.force_login(sipo_coordinator)
        response = client.get(DASHBOARD, HTTP_ACCEPT_LANGUAGE="en")
    (item,) = waiting_items(response)
    assert item.since == logged_on and item.url == activity.get_absolute_url()
    assert "waiting 3 days" in text(response)


def test_both_languages(client, cas_logged, sipo_coordinator):
    client.force_login(sipo_coordinator)
    with time_machine.travel(timezone.now() + timedelta(days=2, hours=1), tick=False):
        english = text(client.get(DASHBOARD))
        sipo_coordinator.preferred_language = Language.CHINESE
        sipo_coordinator.save(update_fields=["preferred_language"])
        chinese = text(client.get(DASHBOARD))
    assert "waiting 2 days" in english
    assert "2 日" in chinese and "2 days" not in chinese  # Django's own catalogue: 2日
    assert cas_logged.title in chinese


def test_a_coordinator_sees_their_partys_activities_unconfirmed_for_a_week_as_overdue(
    client, cas_official, sipo_official, cas_coordinator, sipo_coordinator
):
    start = timezone.now()
    with time_machine.travel(start - timedelta(days=8), tick=False):
        old = ActivityFactory(author=cas_official, participants=[cas_official, sipo_official], title="Old visit")
    ActivityFactory(author=cas_official, participants=[cas_official, sipo_official], title="Recent visit")
    client.force_login(cas_coordinator)
    overdue = waiting_items(client.get(DASHBOARD), "overdue")
    assert [(item.title, item.url) for item in overdue] == [("Old visit", old.get_absolute_url())]
    client.force_login(sipo_coordinator)  # theirs to confirm, not overdue of their party
    response = client.get(DASHBOARD)
    assert waiting_items(response, "overdue") == []
    assert {item.title for item in waiting_items(response)} == {"Old visit", "Recent visit"}


def test_nothing_waiting_says_so(client, cas_official, outsider):
    client.force_login(cas_official)
    response = client.get(DASHBOARD, HTTP_ACCEPT_LANGUAGE="en")
    assert "Nothing is waiting for you." in response.content.decode()
    assert response.context.get("overdue") is None  # not a coordinator
    client.force_login(outsider)
    response = client.get(DASHBOARD)
    assert response.status_code == 200 and waiting_items(response) == []


@pytest.mark.parametrize(
    "now",
    [
        datetime(2026, 12, 31, 23, 30, tzinfo=BEIJING),  # already next year in Beijing, not yet in UTC
        datetime(2028, 2, 29, 9, tzinfo=BEIJING),
    ],
)
def test_the_overdue_and_next_days_sections_hold_on_awkward_dates(
    client, cas_official, sipo_official, cas_coordinator, now
):
    with time_machine.travel(now - timedelta(days=10), tick=False):
        ActivityFactory(author=cas_official, participants=[cas_official, sipo_official], title="Long unconfirmed")
    with time_machine.travel(now, tick=False):
        client.force_login(cas_coordinator)
        response = client.get(DASHBOARD)
    assert response.status_code == 200
    assert [item.title for item in waiting_items(response, "overdue")] == ["Long unconfirmed"]
    assert response.context["today"] == now.date()


def _item(what: str, since: datetime, *, total: int = 1, due: date | None = None) -> Waiting:
    return Waiting(
        area=Area.TRAINING, what=what, title=what, url="/", since=since, due=due, list_url=f"/{what}/", total=total
    )


def test_gather_sorts_oldest_first_and_counts_what_is_left_out():
    moment = datetime(2027, 5, 1, tzinfo=UTC)
    items = [
        _item("a", moment, total=7),
        _item("a", moment + timedelta(days=1), total=7),
        _item("b", moment - timedelta(days=3)),
    ]
    gathered = gather(items, key=lambda item: item.since)
    assert [item.what for item in gathered.items] == ["b", "a", "a"]
    (more,) = gathered.more
    assert (more.what, more.count, more.url) == ("a", 5, "/a/")
    assert not gather([], key=lambda item: item.since)


def test_the_more_links_come_from_the_areas_totals(client, cas_official, sipo_official, sipo_coordinator):
    for n in range(7):
        ActivityFactory(author=cas_official, participants=[cas_official, sipo_official], title=f"Visit {n}")
    client.force_login(sipo_coordinator)
    response = client.get(DASHBOARD)
    assert len(waiting_items(response)) == 5
    (more,) = waiting_more(response)
    assert more.count == 2 and more.url == f"{reverse('activities:list')}?status=logged"
    assert more.url.replace("&", "&amp;") in response.content.decode()
