"""The library on the dashboard's one panel of what waits: access requests for the owning party's document admins,
at the same cost for one request as for fifty."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cooperation.documents import services
from protocol.areas import Area
from protocol.parties.roles import Role
from tests.dashboard import waiting_items, waiting_more
from tests.factories import UserFactory

pytestmark = pytest.mark.usefixtures("english")

DASHBOARD = reverse("dashboard")


def test_the_dashboard_costs_the_same_for_1_and_50_access_requests(
    client, cas_on_request, cas_docadmin, sipo, django_assert_num_queries
):
    people = [UserFactory(party=sipo, roles=[Role.OFFICIAL]) for _ in range(50)]
    services.access_request_create(document=cas_on_request, by=people[0], reason="For the joint study.")
    client.force_login(cas_docadmin)
    client.get(DASHBOARD)
    cache.clear()
    with CaptureQueriesContext(connection) as one:
        client.get(DASHBOARD)
    for person in people[1:]:
        services.access_request_create(document=cas_on_request, by=person, reason="For the joint study.")
    cache.clear()
    with django_assert_num_queries(len(one)):
        response = client.get(DASHBOARD)
    shown = [item for item in waiting_items(response) if item.area == Area.DOCUMENTS]
    assert len(shown) == 5 and all(item.url == cas_on_request.get_absolute_url() for item in shown)
    assert [more.count for more in waiting_more(response)] == [45]
    assert "and 45 more: Decide the access request" in response.content.decode()
