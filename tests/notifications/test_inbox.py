from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from protocol.notifications.models import Notification
from tests.pages import follow, link

INBOX = reverse("notifications:inbox")
BADGE = reverse("notifications:badge")
READ_ALL = reverse("notifications:mark_all_read")


def read_all(client):
    """Through the confirmation, as a reader would."""
    confirmation = client.get(READ_ALL)
    return client.post(READ_ALL, {"up_to": confirmation.context["form"]["up_to"].value()}, follow=True)


def open_url(notification):
    return reverse("notifications:open", args=[notification.pk])


@pytest.mark.parametrize(
    ("method", "url"),
    [("get", INBOX), ("get", BADGE), ("get", READ_ALL), ("post", READ_ALL), ("post", "/notifications/1/open/")],
)
def test_anonymous_visitors_are_sent_to_sign_in(client, db, method, url):
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={url}"


def test_the_inbox_shows_only_ones_own_notifications(
    client, sipo_coordinator, cas_coordinator, cas_logged, make_notifications
):
    make_notifications(sipo_coordinator, cas_logged, title="For Zhao Lei")
    make_notifications(cas_coordinator, cas_logged, title="For Chen Jing")
    client.force_login(sipo_coordinator)

    page = client.get(INBOX).content.decode()

    assert "For Zhao Lei" in page
    assert "For Chen Jing" not in page


def test_opening_someone_elses_notification_is_not_found_and_leaves_it_unread(
    client, sipo_coordinator, cas_coordinator, cas_logged, make_notifications
):
    [theirs] = make_notifications(cas_coordinator, cas_logged)
    client.force_login(sipo_coordinator)

    assert client.post(open_url(theirs)).status_code == 404
    theirs.refresh_from_db()
    assert theirs.is_unread


def test_unread_notifications_come_before_newer_read_ones(client, sipo_coordinator, cas_logged, make_notifications):
    with time_machine.travel(datetime(2026, 3, 2, 1, 0, tzinfo=UTC), tick=False) as clock:
        make_notifications(sipo_coordinator, cas_logged, title="Older unread")
        clock.shift(timedelta(hours=1))
        make_notifications(sipo_coordinator, cas_logged, title="Newer read", read_at=timezone.now())
        clock.shift(timedelta(hours=1))
        make_notifications(sipo_coordinator, cas_logged, title="Newest read", read_at=timezone.now())
    client.force_login(sipo_coordinator)

    page = client.get(INBOX).content.decode()

    assert page.index("Older unread") < page.index("Newest read") < page.index("Newer read")


def test_opening_a_notification_marks_it_read_and_goes_to_its_target(
    client, sipo_coordinator, cas_logged, make_notifications
):
    [notification] = make_notifications(sipo_coordinator, cas_logged)
    client.force_login(sipo_coordinator)

    response = client.post(open_url(notification))

    assert response.status_code == 302
    assert response.url == cas_logged.get_absolute_url()
    notification.refresh_from_db()
    assert not notification.is_unread


@pytest.mark.parametrize(
    "stored_url", ["https://evil.example/login", "//evil.example/login", "javascript:alert(1)", "https:/\\evil.example"]
)
def test_opening_a_notification_whose_link_leaves_the_portal_goes_to_the_inbox_instead(
    client, sipo_coordinator, cas_logged, make_notifications, stored_url
):
    """A notification's URL is stored text: one that points off-site (a bad row, an old domain) must not turn
    the portal into an open redirect."""
    [notification] = make_notifications(sipo_coordinator, cas_logged)
    Notification.objects.filter(pk=notification.pk).update(url=stored_url)
    client.force_login(sipo_coordinator)

    response = client.post(open_url(notification))

    assert (response.status_code, response.url) == (302, reverse("notifications:inbox"))
    notification.refresh_from_db()
    assert not notification.is_unread


def test_opening_needs_a_post(client, sipo_coordinator, cas_logged, make_notifications):
    [notification] = make_notifications(sipo_coordinator, cas_logged)
    client.force_login(sipo_coordinator)

    assert client.get(open_url(notification)).status_code == 405
    notification.refresh_from_db()
    assert notification.is_unread


def test_mark_all_read_marks_only_ones_own(client, sipo_coordinator, cas_coordinator, cas_logged, make_notifications):
    make_notifications(sipo_coordinator, cas_logged, count=2)
    [theirs] = make_notifications(cas_coordinator, cas_logged)
    client.force_login(sipo_coordinator)

    response = read_all(client)

    assert response.redirect_chain == [(INBOX, 302)]
    assert "2 notifications marked as read." in response.content.decode()
    assert not Notification.objects.filter(recipient=sipo_coordinator, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.is_unread


def test_the_unread_count_shows_in_the_navbar_and_in_the_badge_partial(
    client, sipo_coordinator, cas_logged, make_notifications
):
    make_notifications(sipo_coordinator, cas_logged, count=3)
    make_notifications(sipo_coordinator, cas_logged, read_at=timezone.now())
    client.force_login(sipo_coordinator)

    assert 'data-unread="3"' in client.get(INBOX).content.decode()
    assert 'data-unread="3"' in client.get(BADGE).content.decode()

    read_all(client)
    assert "data-unread" not in client.get(BADGE).content.decode()
    assert "data-unread" not in client.get(INBOX).content.decode()


def test_an_empty_inbox_says_so(client, outsider):
    client.force_login(outsider)

    page = client.get(INBOX).content.decode()

    assert "No notifications yet." in page
    assert "data-unread" not in page


def test_the_inbox_shows_25_a_page(client, sipo_coordinator, cas_logged, make_notifications):
    make_notifications(sipo_coordinator, cas_logged, count=26)
    client.force_login(sipo_coordinator)

    first = client.get(INBOX)
    second = follow(client, first, "next")

    assert first.content.decode().count("/open/") == 25
    assert link(first, "prev") is None and ">Older</a>" in first.content.decode()
    assert second.content.decode().count("/open/") == 1
    assert link(second, "next") is None and ">Newer</a>" in second.content.decode()


def test_the_inbox_costs_the_same_queries_for_1_and_50_notifications(
    client, sipo_coordinator, cas_logged, make_notifications
):
    client.force_login(sipo_coordinator)
    make_notifications(sipo_coordinator, cas_logged)
    with CaptureQueriesContext(connection) as one:
        assert client.get(INBOX).status_code == 200

    make_notifications(sipo_coordinator, cas_logged, count=49)
    with CaptureQueriesContext(connection) as fifty:
        assert client.get(INBOX).content.decode().count("/open/") == 25

    assert len(fifty) == len(one), [q["sql"] for q in fifty.captured_queries]


# "Mark all as read" asks first, saying how many, and marks only what it counted.


def test_mark_all_read_asks_first_saying_how_many_and_marks_nothing_yet(
    client, sipo_coordinator, cas_logged, make_notifications
):
    make_notifications(sipo_coordinator, cas_logged, count=25)
    client.force_login(sipo_coordinator)
    inbox = client.get(INBOX).content.decode()
    assert f'href="{READ_ALL}"' in inbox  # a link to the question, not a button that acts

    page = client.get(READ_ALL).content.decode()

    assert "Mark all 25 of your unread notifications as read?" in page
    assert '<button class="btn btn-primary" type="submit">Mark as read</button>' in page
    assert f'href="{INBOX}">Cancel</a>' in page
    assert Notification.objects.filter(recipient=sipo_coordinator, read_at__isnull=True).count() == 25


def test_mark_all_read_leaves_unread_what_arrived_after_the_question(
    client, sipo_coordinator, cas_logged, make_notifications
):
    make_notifications(sipo_coordinator, cas_logged, count=2)
    client.force_login(sipo_coordinator)
    up_to = client.get(READ_ALL).context["form"]["up_to"].value()
    [newer] = make_notifications(sipo_coordinator, cas_logged, title="Arrived meanwhile")

    response = client.post(READ_ALL, {"up_to": up_to}, follow=True)

    assert "2 notifications marked as read." in response.content.decode()
    newer.refresh_from_db()
    assert newer.is_unread


@pytest.mark.parametrize("data", [{}, {"up_to": "abc"}, {"up_to": "0"}])
def test_mark_all_read_with_a_bad_request_marks_nothing_and_asks_again(
    client, sipo_coordinator, cas_logged, make_notifications, data
):
    make_notifications(sipo_coordinator, cas_logged, count=2)
    client.force_login(sipo_coordinator)

    response = client.post(READ_ALL, data)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Nothing was marked as read: the request was incomplete. Please confirm again." in page
    assert "Mark all 2 of your unread notifications as read?" in page
    assert Notification.objects.filter(recipient=sipo_coordinator, read_at__isnull=True).count() == 2


def test_mark_all_read_with_nothing_unread_says_so(client, outsider):
    client.force_login(outsider)

    page = client.get(READ_ALL).content.decode()

    assert "You have no unread notifications." in page
    assert "Mark as read</button>" not in page


def test_mark_all_read_cannot_reach_another_users_notifications(
    client, sipo_coordinator, cas_coordinator, cas_logged, make_notifications
):
    [theirs] = make_notifications(cas_coordinator, cas_logged)
    make_notifications(sipo_coordinator, cas_logged)
    client.force_login(sipo_coordinator)

    client.post(READ_ALL, {"up_to": theirs.pk + 100})

    theirs.refresh_from_db()
    assert theirs.is_unread
