"""Refused access in the trail (ASVS V16.3.2; GB/T 22239 8.1.4.3 a): a signed-in user's 403, and 404 on a URL
about a record, with who, what and from where; at most REFUSALS_PER_MINUTE a user and minute."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from protocol.audit import services
from protocol.audit.models import Action, Entry
from tests.api.conftest import token_client

NOW = datetime(2026, 12, 31, 15, 59, 30, tzinfo=UTC)  # 23:59:30 on New Year's Eve in Beijing


def refusals():
    return list(Entry.objects.filter(action=Action.ACCESS_REFUSED).order_by("pk"))


def test_a_record_the_user_may_not_see_is_recorded_with_who_what_and_where(client, sipo_official, cas_internal):
    client.force_login(sipo_official)
    path = reverse("documents:detail", kwargs={"pk": cas_internal.pk})
    assert client.get(path, REMOTE_ADDR="198.51.100.7").status_code == 404
    (entry,) = refusals()
    assert entry.actor == sipo_official and entry.remote_addr == "198.51.100.7"
    assert entry.additional_data == {"status": 404, "method": "GET", "path": path, "route": "documents:detail"}
    assert cas_internal.title not in str(entry.additional_data) and entry.object_repr == ""


def test_an_action_refused_is_recorded(client, sipo_official, cas_logged):
    client.force_login(sipo_official)
    assert client.post(reverse("activities:edit", kwargs={"pk": cas_logged.pk})).status_code == 403
    (entry,) = refusals()
    assert (entry.additional_data["status"], entry.additional_data["route"]) == (403, "activities:edit")


def test_the_apis_refusals_are_recorded_for_the_tokens_user(sipo_official, cas_internal):
    response = token_client(sipo_official).get(f"/api/v1/activities/{cas_internal.pk + 10_000}/")
    assert response.status_code == 404
    (entry,) = refusals()
    assert entry.actor == sipo_official and entry.additional_data["route"] == "activity-detail"


def test_a_mistyped_address_and_the_signed_out_are_not_recorded(client, cas_official, cas_internal):
    assert client.get(reverse("documents:detail", kwargs={"pk": cas_internal.pk})).status_code == 302
    client.force_login(cas_official)
    assert client.get("/no-such-page/").status_code == 404
    assert refusals() == []


def test_a_loop_of_refusals_is_recorded_up_to_the_cap_then_once_more_to_say_so(client, sipo_official, cas_internal):
    with time_machine.travel(NOW, tick=False) as clock:
        client.force_login(sipo_official)
        for pk in range(cas_internal.pk, cas_internal.pk + services.REFUSALS_PER_MINUTE + 10):
            client.get(reverse("documents:detail", kwargs={"pk": pk}))
        recorded = refusals()
        assert len(recorded) == services.REFUSALS_PER_MINUTE + 1
        assert "capped" in recorded[-1].additional_data and "capped" not in recorded[-2].additional_data
        clock.shift(timedelta(seconds=60))  # the next minute (and the next year in Beijing): recorded again
        client.get(reverse("documents:detail", kwargs={"pk": cas_internal.pk}))
    assert len(refusals()) == services.REFUSALS_PER_MINUTE + 2


@pytest.mark.parametrize("status", [200, 302, 405, 500])
def test_other_answers_are_not_refusals(rf, cas_official, status):
    request = rf.get("/documents/1/")
    request.user = cas_official
    assert services.access_refused_record(request=request, status=status) is None
