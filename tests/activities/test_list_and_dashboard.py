"""The list and the dashboard: what they show, to whom, and at a fixed number of queries."""

from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from protocol.activities.models import Status
from protocol.parties.roles import Role
from tests.dashboard import waiting_urls
from tests.factories import UserFactory
from tests.pages import follow, link, query


def count_queries(client, path):
    # The cold cost: the dashboard's cached counts (protocol/counts.py) and the content types the panels look up
    # (cached per process, so warm or cold by whichever test ran before) are read in both runs.
    cache.clear()
    ContentType.objects.clear_cache()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("path", [reverse("activities:list"), reverse("dashboard")])
def test_a_page_costs_the_same_for_1_and_50_activities(client, sipo_coordinator, make_activities, path):
    client.force_login(sipo_coordinator)
    make_activities(1)
    with_one = count_queries(client, path)
    make_activities(49)
    with_fifty = count_queries(client, path)
    assert with_one == with_fifty


def test_list_is_newest_first_and_paginated_by_25(client, cas_official, make_activities):
    make_activities(30)
    client.force_login(cas_official)
    first = client.get(reverse("activities:list"))
    dates = [a.start_date for a in first.context["page"].object_list]
    assert len(dates) == 25 and dates == sorted(dates, reverse=True)
    second = follow(client, first, "next")
    assert len(second.context["page"].object_list) == 5
    assert link(second, "next") is None
    assert "30 activities" in first.text


def test_list_hides_the_other_partys_drafts(client, sipo_official, cas_draft, cas_logged):
    client.force_login(sipo_official)
    response = client.get(reverse("activities:list"))
    assert list(response.context["page"].object_list) == [cas_logged]
    assert cas_draft.title not in response.text and cas_logged.title in response.text


def test_filters_combine_and_stay_in_the_page_links(client, cas_official, make_activities):
    make_activities(26, area="training", start_date=date(2025, 6, 1))
    make_activities(2, area="research", start_date=date(2025, 6, 1))
    make_activities(1, area="training", start_date=date(2024, 6, 1))
    client.force_login(cas_official)
    response = client.get(reverse("activities:list"), {"area": "training", "year": "2025"})
    assert "26 activities" in response.text
    older = link(response, "next")
    assert query(older).keys() == {"area", "year", "page"}
    assert (query(older)["area"], query(older)["year"]) == (["training"], ["2025"])
    second = follow(client, response, "next")
    assert [a.area for a in second.context["page"].object_list] == ["training"]


def test_text_query_finds_chinese_inside_a_sentence(client, cas_official, make_activities):
    make_activities(1, title="联合工作组会议", description="加强专利信息资源共享的工作安排")
    make_activities(1, title="Training on drafting", description="Examiners only")
    client.force_login(cas_official)
    found = client.get(reverse("activities:list"), {"q": "资源共享"}).context["page"].object_list
    assert [a.title for a in found] == ["联合工作组会议"]
    found = client.get(reverse("activities:list"), {"q": "drafting"}).context["page"].object_list
    assert [a.title for a in found] == ["Training on drafting"]


def test_status_and_party_filters(client, cas_official, sipo_official, make_activities, sipo):
    make_activities(2, status=Status.CONFIRMED)
    make_activities(3, author=sipo_official, participants=[sipo_official, cas_official])
    client.force_login(cas_official)
    confirmed = client.get(reverse("activities:list"), {"status": "confirmed"}).context["page"].count
    led_by_sipo = client.get(reverse("activities:list"), {"lead_party": sipo.pk}).context["page"].count
    assert (confirmed, led_by_sipo) == (2, 3)


def test_empty_states_say_what_to_do_next(client, cas_official, cas_docadmin, db):
    client.force_login(cas_official)
    response = client.get(reverse("activities:list"))
    assert "No joint activity has been logged yet." in response.text
    assert reverse("activities:create") in response.text
    response = client.get(reverse("activities:list"), {"area": "training"})
    assert "No activity matches these filters." in response.text
    client.force_login(cas_docadmin)  # may read, may not log: no invitation to log
    assert "Log the first one" not in client.get(reverse("activities:list")).text


def test_an_invalid_filter_value_is_reported_not_a_crash(client, cas_official, cas_logged):
    client.force_login(cas_official)
    response = client.get(reverse("activities:list"), {"year": "1999", "area": "space"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.text


def test_dashboard_shows_what_waits_for_the_coordinator(client, sipo_coordinator, cas_coordinator, cas_logged):
    client.force_login(sipo_coordinator)
    response = client.get(reverse("dashboard"))
    assert waiting_urls(response) == [cas_logged.get_absolute_url()]
    assert cas_logged.title in response.text
    client.force_login(cas_coordinator)  # their own party's activity: nothing to confirm
    assert waiting_urls(client.get(reverse("dashboard"))) == []


def test_officials_see_no_confirmation_queue(client, sipo_official, cas_logged):
    client.force_login(sipo_official)
    response = client.get(reverse("dashboard"))
    assert waiting_urls(response) == []


def test_dashboard_chart_counts_this_years_activities_per_area_and_lead_party(
    client, cas_official, sipo_official, make_activities
):
    this_year = timezone.localdate().year  # the year the dashboard counts: Beijing's
    make_activities(3, area="training", start_date=date(this_year, 2, 1))
    make_activities(1, area="training", start_date=date(this_year - 1, 2, 1))  # last year: not counted
    make_activities(2, area="training", start_date=date(this_year, 2, 1), status=Status.DRAFT)  # drafts: not counted
    make_activities(2, area="projects", author=sipo_official, start_date=date(this_year, 3, 1))
    client.force_login(cas_official)
    chart = client.get(reverse("dashboard")).context["chart"]
    values = {(row.label, bar.party_code): bar.value for row in chart.rows for bar in row.bars}
    assert values[("Training", "CAS")] == 3
    assert values[("Project support", "SIPO")] == 2
    assert chart.total == 5
    assert "<svg" in client.get(reverse("dashboard")).text


def test_dashboard_empty_state(client, cas_official):
    client.force_login(cas_official)
    response = client.get(reverse("dashboard"))
    assert "No activity has been logged for" in response.text


def test_a_user_with_several_roles_is_both_official_and_coordinator(client, sipo, cas_logged):
    both = UserFactory(party=sipo, roles=[Role.OFFICIAL, Role.COORDINATOR])
    client.force_login(both)
    response = client.get(reverse("dashboard"))
    assert response.context["can_log"] and waiting_urls(response) == [cas_logged.get_absolute_url()]
