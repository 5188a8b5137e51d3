"""One's own notifications through the API: the inbox's order and filters, marking one read and all read."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from protocol.notifications.models import Notification
from tests.notifications import conftest as inbox

# Notifications as the outbox leaves them: the inbox tests' own fixture.
make_notifications = inbox.make_notifications

LIST = "/api/v1/notifications/"
pytestmark = pytest.mark.usefixtures("english")


def ids(response) -> list[int]:
    assert response.status_code == 200
    return [row["id"] for row in response.json()["results"]]


def test_one_sees_only_ones_own(api_as, make_notifications, cas_official, sipo_official, cas_logged):
    mine = make_notifications(cas_official, cas_logged, 2)
    theirs = make_notifications(sipo_official, cas_logged)
    client = api_as(cas_official)
    assert ids(client.get(LIST)) == [n.pk for n in reversed(mine)]
    response = client.get(f"{LIST}{theirs[0].pk}/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_a_notification_shows_its_message_and_link(api_as, make_notifications, cas_official, cas_logged):
    (notification,) = make_notifications(cas_official, cas_logged, title="Patent landscape")
    body = api_as(cas_official).get(f"{LIST}{notification.pk}/").json()
    assert body["id"] == notification.pk and body["kind"] == "activity.logged"
    assert "Patent landscape" in body["message"]
    assert body["url"] == f"http://testserver{cas_logged.get_absolute_url()}"
    assert body["read_at"] is None


def test_unread_first_then_newest(api_as, make_notifications, cas_official, cas_logged):
    old_unread = make_notifications(cas_official, cas_logged)[0]
    read = make_notifications(cas_official, cas_logged, read_at=timezone.now())[0]
    new_unread = make_notifications(cas_official, cas_logged)[0]
    client = api_as(cas_official)
    assert ids(client.get(LIST)) == [new_unread.pk, old_unread.pk, read.pk]
    assert ids(client.get(LIST, {"state": "unread"})) == [new_unread.pk, old_unread.pk]
    assert ids(client.get(LIST, {"state": "read"})) == [read.pk]
    assert ids(client.get(LIST, {"state": "bogus"})) == [new_unread.pk, old_unread.pk, read.pk]  # as the inbox


def test_marking_one_read(api_as, make_notifications, cas_official, cas_logged):
    first, second = make_notifications(cas_official, cas_logged, 2)
    response = api_as(cas_official).post(f"{LIST}{first.pk}/read/")
    assert response.status_code == 200 and response.json()["read_at"] is not None
    first.refresh_from_db(), second.refresh_from_db()
    assert first.read_at is not None and second.read_at is None


def test_marking_anothers_is_404_and_changes_nothing(
    api_as, make_notifications, cas_official, sipo_official, cas_logged
):
    (theirs,) = make_notifications(sipo_official, cas_logged)
    assert api_as(cas_official).post(f"{LIST}{theirs.pk}/read/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_a_read_only_token_marks_nothing(api_as, make_notifications, cas_official, cas_logged):
    from protocol.api.models import Scope

    (notification,) = make_notifications(cas_official, cas_logged)
    client = api_as(cas_official, scope=Scope.READ)
    assert client.post(f"{LIST}{notification.pk}/read/").status_code == 403
    assert client.post(f"{LIST}read-all/", {"up_to": notification.pk}, format="json").status_code == 403
    notification.refresh_from_db()
    assert notification.read_at is None


def test_read_all_marks_up_to_what_was_seen(api_as, make_notifications, cas_official, sipo_official, cas_logged):
    seen = make_notifications(cas_official, cas_logged, 3)
    theirs = make_notifications(sipo_official, cas_logged)
    arrived_since = make_notifications(cas_official, cas_logged)
    response = api_as(cas_official).post(f"{LIST}read-all/", {"up_to": seen[-1].pk}, format="json")
    assert response.json() == {"up_to": seen[-1].pk, "marked": 3}
    unread = set(Notification.objects.filter(read_at__isnull=True).values_list("pk", flat=True))
    assert unread == {theirs[0].pk, arrived_since[0].pk}


@pytest.mark.parametrize("data", [{}, {"up_to": 0}, {"up_to": "many"}])
def test_read_all_needs_up_to(api_as, make_notifications, cas_official, cas_logged, data):
    make_notifications(cas_official, cas_logged, 2)
    response = api_as(cas_official).post(f"{LIST}read-all/", data, format="json")
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["up_to"]
    assert not Notification.objects.filter(read_at__isnull=False).exists()


def test_the_list_costs_the_same_for_1_and_50(api_as, make_notifications, cas_official, cas_logged):
    client = api_as(cas_official)
    client.get(LIST)  # the token's use is noted once a minute: not in either count

    def cost() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(LIST).status_code == 200
        return len(queries)

    make_notifications(cas_official, cas_logged)
    with_one = cost()
    make_notifications(cas_official, cas_logged, 49)
    with_fifty = cost()
    assert with_one == with_fifty
    assert len(ids(client.get(LIST))) == 25
