"""The registry's figures hook of every area and of the ledger: a fixed number of queries whatever the data, only
what both parties see for user None; and the dashboard's panel drawing them, this year against last."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cooperation.meetings import services as meetings
from protocol import registry
from protocol.activities.models import Status
from protocol.areas import Area
from tests.dashboard import panel_context
from tests.factories import ActivityFactory
from tests.meetings.data import schedule

pytestmark = pytest.mark.usefixtures("english")

YEARS = [2025, 2026]
BEIJING = ZoneInfo("Asia/Shanghai")


def queries_per_app(user) -> dict[str, int]:
    """The cold cost: the hooks' cache (protocol.counts) emptied before each."""
    counts = {}
    for app in registry.registered():
        if app.figures:
            cache.clear()
            with CaptureQueriesContext(connection) as queries:
                list(app.figures(user, years=YEARS))
            counts[app.label] = len(queries)
    return counts


def every_figure(user) -> list:
    return [figure for app in registry.registered() if app.figures for figure in app.figures(user, years=YEARS)]


def test_every_area_and_the_ledger_give_figures():
    labels = {app.label for app in registry.registered() if app.figures}
    assert labels == {"activities", "documents", "research", "training", "meetings", "projects"}


def test_the_figures_cost_the_same_queries_with_and_without_data(settings, cas_coordinator, quick_files):
    settings.DEBUG = True
    queries_per_app(None)  # warm the content-type and party caches
    empty = {"none": queries_per_app(None), "cas": queries_per_app(cas_coordinator)}
    call_command("seed_demo")
    seeded = {"none": queries_per_app(None), "cas": queries_per_app(cas_coordinator)}
    assert seeded == empty
    assert max(empty["none"].values()) <= 6
    areas = {figure.area for figure in every_figure(None) if figure.value}
    assert len(areas) >= 4, areas


def test_figures_for_user_none_leave_drafts_out(cas_official, sipo_official, cas):
    both = [cas_official, sipo_official]
    ActivityFactory.create_batch(2, author=cas_official, participants=both, status=Status.CONFIRMED,
                                 area=Area.TRAINING, start_date=date(2026, 4, 1))  # fmt: skip
    ActivityFactory(author=cas_official, participants=both, status=Status.DRAFT, start_date=date(2026, 4, 1))
    (figure,) = [f for f in every_figure(None) if f.key == "activities_confirmed"]
    assert (figure.area, figure.party_id, figure.year, figure.value) == (Area.TRAINING, cas.pk, 2026, 2)


def test_the_dashboard_draws_this_year_against_last_with_the_numbers_beside(client, cas_official, sipo_official):
    both = [cas_official, sipo_official]
    ActivityFactory.create_batch(3, author=cas_official, participants=both, status=Status.CONFIRMED,
                                 area=Area.RESEARCH, start_date=date(2026, 2, 1))  # fmt: skip
    ActivityFactory(author=sipo_official, participants=both, status=Status.CONFIRMED, area=Area.RESEARCH,
                    start_date=date(2025, 2, 1))  # fmt: skip
    client.force_login(cas_official)
    response = client.get(reverse("dashboard"))
    context = panel_context(response, "figures")
    research = next(item for item in context["areas"] if item["area"] == Area.RESEARCH)
    values = {bar.key: bar.value for row in research["chart"].rows for bar in row.bars if row.label.startswith("Joint")}
    assert values == {"CAS 2025": 0, "CAS 2026": 3, "SIPO 2025": 1, "SIPO 2026": 0}
    assert 'id="figures-research-title"' in response.text and 'role="img"' in response.text
    assert "The same figures are in the table beside the chart." in response.text


def test_the_dashboards_figures_are_cached_per_party(cas_official, django_assert_num_queries):
    every_figure(cas_official)
    with django_assert_num_queries(0):  # every area's figures come from the cache
        every_figure(cas_official)


def test_the_meetings_cached_figures_follow_a_meeting_marked_held_and_its_action_item_done(cas_official, sipo_official):
    def communication(figures) -> dict[str, int]:
        return {f.key: f.value for f in figures if f.area == Area.COMMUNICATION and f.year == 2026}

    app = next(app for app in registry.registered() if app.label == "meetings")
    with time_machine.travel(datetime(2026, 6, 15, 15, 0, tzinfo=BEIJING), tick=False):
        meeting = schedule(cas_official, [cas_official, sipo_official], minute_taker=sipo_official)
        assert communication(app.figures(cas_official, years=YEARS)) == {}  # and cached
        meetings.meeting_mark_held(meeting=meeting, by=cas_official)
        assert communication(app.figures(cas_official, years=YEARS))["meetings_held"] == 1
        item = meetings.action_item_create(
            meeting=meeting,
            by=sipo_official,  # the minute-taker assigns the meeting's actions
            description="Send the data",
            owner=sipo_official,
            due_date=date(2026, 7, 1),
        )
        meetings.action_item_complete(item=item, by=sipo_official, note="Sent.")
        assert communication(app.figures(cas_official, years=YEARS))["action_items_done"] == 1
