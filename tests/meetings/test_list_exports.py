"""The meetings lists (upcoming, past, mine) and a coordinator's party action items, exported."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.exports.contract import answers_as_the_page, costs_the_same, is_the_page
from tests.exports.reading import CHINESE, ENGLISH, column, reads, table
from tests.permission_tables import PERSONAS

from .test_actions import assign

LIST = reverse("meetings:list")
ACTIONS = reverse("meetings:actions")


@pytest.fixture
def past_meeting(make_meeting):
    return make_meeting(title="Past review", starts_at=timezone.now().replace(microsecond=0) - timedelta(days=30))


def test_each_scope_exports_its_own_meetings_without_the_other_partys_internal_ones(
    client, sipo_official, cas_meeting, cas_internal_meeting, past_meeting
):
    client.force_login(reads(sipo_official, ENGLISH))
    rows = is_the_page(client, LIST, header="Meeting", key=lambda m: m.titles.first)
    assert column(rows, "Meeting") == [cas_meeting.title]
    rows = is_the_page(client, LIST, header="Meeting", key=lambda m: m.titles.first, query={"scope": "past"})
    assert column(rows, "Meeting") == ["Past review"]
    assert column(rows, "Your answer") == ["No answer yet"]  # invited, not answered


def test_the_organising_party_exports_its_internal_meeting(client, cas_official, cas_meeting, cas_internal_meeting):
    client.force_login(reads(cas_official, ENGLISH))
    assert set(column(table(client, LIST, "csv"), "Meeting")) == {cas_meeting.title, cas_internal_meeting.title}
    assert column(table(client, LIST, "xlsx"), "Internal to the organising party").count("Yes") == 1


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_headers_and_party_names_in_either_language(client, sipo_official, cas_meeting, fmt):
    client.force_login(reads(sipo_official, CHINESE))
    rows = table(client, LIST, fmt)
    assert column(rows, "主办单位") == ["中科院"] and column(rows, "会议") == [cas_meeting.title]
    client.force_login(reads(sipo_official, ENGLISH))
    assert column(table(client, LIST, fmt), "Organised by") == ["CAS"]


def test_a_meetings_export_costs_the_same_for_1_and_4(client, sipo_official, make_meeting, cas_meeting):
    client.force_login(sipo_official)
    costs_the_same(client, LIST, lambda: [make_meeting(title=f"Meeting {n}") for n in range(3)])


def test_who_may_export_meetings_is_who_may_see_them(client, personas, cas_meeting):
    assert answers_as_the_page(client, personas, LIST)["sipo_official"] == 200


# The party's open action items (a coordinator's list).


def test_a_coordinator_exports_their_partys_open_items_only(
    client, cas_meeting, cas_official, cas_docadmin, sipo_official, cas_coordinator
):
    mine = assign(cas_meeting, cas_official, description="CAS official's")
    assign(cas_meeting, cas_docadmin, description="CAS docadmin's")
    assign(cas_meeting, sipo_official, description="SIPO official's")
    client.force_login(reads(cas_coordinator, ENGLISH))
    rows = is_the_page(client, ACTIONS, header="Action", key=lambda item: item.description, page="party_items")
    assert sorted(column(rows, "Action")) == ["CAS docadmin's", "CAS official's"]
    assert column(rows, "Party") == ["CAS", "CAS"] and mine.description in column(rows, "Action")
    client.force_login(reads(cas_coordinator, CHINESE))
    assert "负责人" in table(client, ACTIONS, "xlsx")[0]


def test_an_action_items_export_costs_the_same_for_1_and_4(client, cas_meeting, cas_official, cas_coordinator):
    assign(cas_meeting, cas_official, description="first")
    client.force_login(cas_coordinator)
    costs_the_same(client, ACTIONS, lambda: [assign(cas_meeting, cas_official, description=f"n{n}") for n in range(3)])


def test_an_official_asking_for_the_partys_export_gets_the_page(client, cas_meeting, cas_official):
    assign(cas_meeting, cas_official)
    client.force_login(cas_official)
    response = client.get(ACTIONS, {"export": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")


def test_who_may_export_the_partys_action_items(client, personas, cas_meeting, cas_official):
    # Only a coordinator's page holds the party's items, and exports them; anyone else asking is shown the page.
    assign(cas_meeting, cas_official)
    html = ("text/html", "text/html")
    exported = ("text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    seen = {}
    for name in PERSONAS:
        client.force_login(personas[name])
        responses = [client.get(ACTIONS, {"export": fmt}) for fmt in ("csv", "xlsx")]
        assert {response.status_code for response in responses} == {200}, name
        seen[name] = tuple(response["Content-Type"].split(";")[0] for response in responses)
    assert seen == {name: exported if name.endswith("coordinator") else html for name in PERSONAS}
