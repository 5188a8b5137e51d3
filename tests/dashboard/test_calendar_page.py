"""The calendar page (/calendar/): a month or a week of the reader's calendar, the same items as the personal feed,
Beijing time, today marked, previous and next; another party's internal meeting never on it."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import lxml.html
import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cooperation.meetings import services as meetings
from protocol.parties.models import Language
from tests.permission_tables import answers, table

BEIJING = ZoneInfo("Asia/Shanghai")
CALENDAR = reverse("calendar")


def page(client, **params):
    response = client.get(CALENDAR, params, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response


@pytest.fixture
def now():
    """Mid-morning, Wednesday 29 December 2027, Beijing time: near the year's end, whatever the real clock."""
    moment = datetime(2027, 12, 29, 10, tzinfo=BEIJING)
    with time_machine.travel(moment, tick=False):
        yield moment


def test_the_calendar_needs_a_sign_in(client):
    response = client.get(CALENDAR)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_month_shows_the_readers_meetings_in_beijing_time(client, now, make_meeting, cas_official, sipo_official):
    # 23:30 Beijing time on 31 December is still 30 December in UTC: it belongs to the 31st.
    make_meeting(title="Year-end call", starts_at=datetime(2027, 12, 31, 23, 30, tzinfo=BEIJING))
    client.force_login(sipo_official)
    response = page(client, view="month", day="2027-12-05")
    tree = lxml.html.fromstring(response.content.decode())
    # Until 01:00 on New Year's Day: on both days' cells.
    cell, next_day = [td for td in tree.xpath("//td") if "Year-end call" in td.text_content()]
    assert next_day.xpath(".//a/@aria-label")[0].startswith("1 Jan 2028")
    assert cell.xpath(".//a/@aria-label")[0].startswith("31 Dec 2027") and "23:30" in cell.text_content()
    (today,) = tree.xpath("//td[@aria-current='date']")
    assert today.xpath(".//a")[0].text_content().strip() == "29"
    assert len(tree.xpath("//tbody/tr")) == 5  # 29 November to 2 January, Monday first
    hrefs = tree.xpath("//a/@href")
    assert "?view=month&day=2027-11-01" in hrefs and "?view=month&day=2028-01-01" in hrefs
    assert "Beijing time" in response.content.decode()


def test_the_other_partys_internal_meeting_never_appears(
    client, now, make_meeting, cas_official, sipo_official, cas_coordinator
):
    make_meeting(title="CAS preparatory meeting", attendees=[cas_official, cas_coordinator], internal=True)
    make_meeting(title="Joint Working Group")
    client.force_login(sipo_official)
    text = page(client, view="week", day="2028-01-05").content.decode()
    assert "Joint Working Group" in text and "CAS preparatory meeting" not in text
    client.force_login(cas_official)
    assert "CAS preparatory meeting" in page(client, view="week", day="2028-01-05").content.decode()


def test_only_the_invited_have_a_meeting_in_their_calendar(client, now, make_meeting, sipo_docadmin):
    make_meeting(title="Joint Working Group")
    client.force_login(sipo_docadmin)
    assert "Joint Working Group" not in page(client, view="week", day="2028-01-05").content.decode()


def test_the_week_runs_monday_to_sunday_across_the_year(client, now, make_meeting, sipo_official):
    make_meeting(title="New year meeting", starts_at=datetime(2028, 1, 2, 9, tzinfo=BEIJING))
    client.force_login(sipo_official)
    response = page(client, view="week")
    assert [day.day.isoformat() for day in response.context["days"]] == [
        "2027-12-27", "2027-12-28", "2027-12-29", "2027-12-30", "2027-12-31", "2028-01-01", "2028-01-02",
    ]  # fmt: skip
    assert "New year meeting" in response.content.decode()
    hrefs = lxml.html.fromstring(response.content.decode()).xpath("//a/@href")
    assert "?view=week&day=2027-12-20" in hrefs and "?view=week&day=2028-01-03" in hrefs
    assert [day.is_today for day in response.context["days"]].index(True) == 2


def test_february_of_a_leap_year(client, sipo_official):
    with time_machine.travel(datetime(2028, 2, 29, 12, tzinfo=BEIJING), tick=False):
        client.force_login(sipo_official)
        response = page(client)
    days = response.context["days"]
    assert days[0].day.isoformat() == "2028-01-31" and days[-1].day.isoformat() == "2028-03-05"
    assert [day.day.day for day in days if day.is_today] == [29]
    assert response.context["following"].isoformat() == "2028-03-01"


def test_a_bad_day_reads_as_today(client, now, sipo_official):
    client.force_login(sipo_official)
    for bad in ("yesterday", "0001-01-01", "2027-13-01"):
        assert page(client, day=bad).context["asked"] == now.date()


def test_both_languages(client, now, make_meeting, sipo_official):
    make_meeting(title="Joint Working Group")
    sipo_official.preferred_language = Language.CHINESE
    sipo_official.save(update_fields=["preferred_language"])
    client.force_login(sipo_official)
    chinese = client.get(CALENDAR).content.decode()
    assert '<html lang="zh-hans">' in chinese and "2027年12月" in chinese and "Joint Working Group" not in chinese
    assert "Joint Working Group" in client.get(CALENDAR, {"day": "2028-01-05"}).content.decode()


def test_the_page_and_the_feed_hold_the_same_meetings(client, now, make_meeting, sipo_official):
    make_meeting(title="Joint Working Group")
    client.force_login(sipo_official)
    feed = client.get(meetings.calendar_feed_of(user=sipo_official).get_absolute_url()).content.decode()
    assert "SUMMARY:Joint Working Group" in feed
    assert "Joint Working Group" in page(client, day="2028-01-05").content.decode()


def test_the_page_costs_the_same_for_1_and_20_meetings(client, now, make_meeting, sipo_official):
    def queries() -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            page(client, day="2028-01-05")
        return len(captured)

    client.force_login(sipo_official)
    make_meeting(title="Meeting 0")
    page(client)
    one = queries()
    for n in range(1, 20):
        make_meeting(title=f"Meeting {n}", starts_at=now + timedelta(days=7, hours=n % 8))
    assert queries() == one


def test_permission_table(client, personas):
    # Every signed-in reader has a calendar, the outsider's empty: what it holds is each area's rule.
    for path in (CALENDAR, f"{CALENDAR}?view=week", f"{CALENDAR}?view=month&day=2027-02-01"):
        assert answers(client, personas, "get", path) == table(default=200, outsider=200), path
