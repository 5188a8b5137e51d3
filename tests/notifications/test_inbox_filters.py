"""The inbox filtered by area and by read state: exactly what is listed, in order, across pages,
and at the same cost however many rows there are. (The unfiltered inbox: test_inbox.py.)"""

import re
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import lxml.html
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from protocol.areas import Area
from protocol.notifications.models import Notification
from protocol.parties.models import Language

INBOX = reverse("notifications:inbox")
BADGE = reverse("notifications:badge")
READ_ALL = reverse("notifications:mark_all_read")
NO_MATCH = "No notifications match these filters."
EMPTY = "No notifications yet."
START = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)


@pytest.fixture
def add(make_notifications, cas_logged):
    """Notifications for `recipient` in `area`, one hour apart in the order given, as the outbox leaves them."""
    clock = {"at": START}

    def add_notes(recipient, *titles, area: str, read: bool = False, count: int = 1) -> list[Notification]:
        made = []
        for title in titles:
            for _ in range(count):
                clock["at"] += timedelta(hours=1)
                with time_machine.travel(clock["at"], tick=False):
                    made += make_notifications(
                        recipient, cas_logged, title=title, read_at=timezone.now() if read else None
                    )
        Notification.objects.filter(pk__in=[note.pk for note in made]).update(area=area)
        return made

    return add_notes


@pytest.fixture
def inbox(add, sipo_coordinator, cas_coordinator):
    """Five notifications for the SIPO coordinator, oldest first; and one of another area for someone else."""
    add(sipo_coordinator, "Research unread", area=Area.RESEARCH)
    add(sipo_coordinator, "Training unread", area=Area.TRAINING)
    add(sipo_coordinator, "Research read", area=Area.RESEARCH, read=True)
    add(sipo_coordinator, "Training read", area=Area.TRAINING, read=True)
    add(sipo_coordinator, "Ledger unread", area="")
    add(cas_coordinator, "Someone else's research", area=Area.RESEARCH)
    return sipo_coordinator


def listed(response) -> list[str]:
    """The titles the page lists, top to bottom."""
    assert response.status_code == 200
    tree = lxml.html.fromstring(response.content.decode())
    items = tree.xpath("//ul[contains(@class, 'list-group')]/li")
    return [re.search(r"“(.*)”", item.text_content())[1] for item in items]


def next_link(response) -> str:
    [href] = lxml.html.fromstring(response.content.decode()).xpath("//a[@rel='next']/@href")
    return href


def query(href: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(href).query)


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["Ledger unread", "Training unread", "Research unread", "Training read", "Research read"]),
        ({"area": "research"}, ["Research unread", "Research read"]),
        ({"area": "training"}, ["Training unread", "Training read"]),
        ({"state": "unread"}, ["Ledger unread", "Training unread", "Research unread"]),
        ({"state": "read"}, ["Training read", "Research read"]),
        ({"area": "training", "state": "unread"}, ["Training unread"]),
        ({"area": "research", "state": "read"}, ["Research read"]),
        (
            {"area": "", "state": ""},
            ["Ledger unread", "Training unread", "Research unread", "Training read", "Research read"],
        ),
    ],
    ids=["none", "research", "training", "unread", "read", "training-unread", "research-read", "blank"],
)
def test_filters_list_exactly_the_matching_notifications_unread_first_newest_first(client, inbox, filters, expected):
    client.force_login(inbox)

    assert listed(client.get(INBOX, filters)) == expected


def test_the_form_shows_the_filters_in_use(client, inbox):
    client.force_login(inbox)

    tree = lxml.html.fromstring(client.get(INBOX, {"area": "training", "state": "read"}).content.decode())

    assert tree.xpath("//select[@name='area']/option[@selected]/@value") == ["training"]
    assert tree.xpath("//select[@name='state']/option[@selected]/@value") == ["read"]
    assert tree.xpath("//a[normalize-space()='Clear']/@href") == [INBOX]


@pytest.mark.parametrize(
    "filters",
    [{"area": "mars"}, {"state": "everything"}, {"area": ["research", "<script>"]}, {"page": "last"}, {"page": "99"}],
    ids=["unknown-area", "unknown-state", "two-areas", "page-word", "page-beyond"],
)
def test_an_unknown_filter_value_is_ignored(client, inbox, filters):
    client.force_login(inbox)

    response = client.get(INBOX, filters)

    assert listed(response) == ["Ledger unread", "Training unread", "Research unread", "Training read", "Research read"]


def test_an_unknown_value_does_not_switch_off_the_other_filter(client, inbox):
    client.force_login(inbox)

    assert listed(client.get(INBOX, {"area": "mars", "state": "unread"})) == [
        "Ledger unread",
        "Training unread",
        "Research unread",
    ]


def test_filters_that_match_nothing_say_so_and_offer_to_clear_them(client, add, sipo_coordinator):
    add(sipo_coordinator, "Research read", area=Area.RESEARCH, read=True)
    client.force_login(sipo_coordinator)

    response = client.get(INBOX, {"area": "research", "state": "unread"})

    assert listed(response) == []
    page = response.content.decode()
    assert NO_MATCH in page and EMPTY not in page
    assert f'href="{INBOX}">Clear</a>' in page


def test_an_empty_inbox_says_it_is_empty_not_that_filters_match_nothing(client, sipo_coordinator):
    client.force_login(sipo_coordinator)

    for filters in ({}, {"area": "", "state": ""}):
        page = client.get(INBOX, filters).content.decode()
        assert EMPTY in page and NO_MATCH not in page
        assert ">Clear</a>" not in page


def test_other_users_notifications_never_match(client, add, sipo_coordinator, cas_coordinator):
    add(cas_coordinator, "Someone else's research", area=Area.RESEARCH)
    client.force_login(sipo_coordinator)

    response = client.get(INBOX, {"area": "research"})

    assert listed(response) == []
    assert NO_MATCH in response.content.decode()


def test_the_next_page_keeps_the_filters(client, add, sipo_coordinator):
    add(sipo_coordinator, "Research", area=Area.RESEARCH, count=27)
    add(sipo_coordinator, "Training", area=Area.TRAINING, count=3)
    add(sipo_coordinator, "Research read", area=Area.RESEARCH, read=True)
    client.force_login(sipo_coordinator)

    first = client.get(INBOX, {"area": "research", "state": "unread"})
    assert listed(first) == ["Research"] * 25
    href = next_link(first)
    assert query(href).keys() == {"area", "state", "page"}
    assert (query(href)["area"], query(href)["state"]) == (["research"], ["unread"])

    second = client.get(INBOX + href if href.startswith("?") else href)
    assert listed(second) == ["Research"] * 2
    assert 'rel="next"' not in second.content.decode()
    [previous] = lxml.html.fromstring(second.content.decode()).xpath("//a[@rel='prev']/@href")
    assert query(previous).keys() == {"area", "state", "page"}
    assert listed(client.get(INBOX + previous)) == ["Research"] * 25


def test_the_filtered_inbox_costs_the_same_queries_for_1_and_50_notifications(client, add, sipo_coordinator):
    filters = {"area": "research", "state": "unread"}
    client.force_login(sipo_coordinator)
    add(sipo_coordinator, "Research", area=Area.RESEARCH)
    add(sipo_coordinator, "Training", area=Area.TRAINING, count=5)
    with CaptureQueriesContext(connection) as one:
        assert listed(client.get(INBOX, filters)) == ["Research"]

    add(sipo_coordinator, "Research", area=Area.RESEARCH, count=49)
    with CaptureQueriesContext(connection) as fifty:
        assert listed(client.get(INBOX, filters)) == ["Research"] * 25

    assert len(fifty) == len(one), [q["sql"] for q in fifty.captured_queries]


def test_the_badge_counts_every_unread_notification_whatever_the_inbox_shows(client, inbox):
    client.force_login(inbox)

    filtered = client.get(INBOX, {"area": "research", "state": "read"}).content.decode()

    assert 'data-unread="3"' in filtered
    assert 'data-unread="3"' in client.get(BADGE).content.decode()


def test_mark_all_read_reads_every_area_not_only_the_filtered_one(client, inbox, cas_coordinator):
    client.force_login(inbox)

    confirmation = client.get(READ_ALL)
    response = client.post(READ_ALL, {"up_to": confirmation.context["form"]["up_to"].value()}, follow=True)

    assert response.redirect_chain == [(INBOX, 302)]
    assert "3 notifications marked as read." in response.content.decode()
    assert not Notification.objects.filter(recipient=inbox, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=cas_coordinator, read_at__isnull=True).count() == 1
    assert "data-unread" not in client.get(BADGE).content.decode()
    unread = client.get(INBOX, {"state": "unread"})
    assert listed(unread) == [] and NO_MATCH in unread.content.decode()
    assert "Mark all as read" not in unread.content.decode()


def test_the_filtered_inbox_speaks_the_readers_language(client, inbox):
    inbox.preferred_language = Language.CHINESE
    inbox.save(update_fields=["preferred_language"])
    client.force_login(inbox)

    listing = client.get(INBOX, {"area": "research"})
    nothing = client.get(INBOX, {"area": "projects"})

    assert listing["Content-Language"] == "zh-hans" and '<html lang="zh-hans">' in listing.content.decode()
    assert listed(listing) == ["Research unread", "Research read"]
    with translation.override("zh-hans"):
        research, no_match = str(Area.RESEARCH.label), translation.gettext(NO_MATCH)
    options = lxml.html.fromstring(listing.content.decode()).xpath("//select[@name='area']/option[@selected]/text()")
    assert options == [research] and research == "联合研究"
    assert no_match in nothing.content.decode()


def test_each_entry_names_its_area_and_whether_it_waits_for_the_digest(client, add, sipo_coordinator):
    [waiting] = add(sipo_coordinator, "Shared report", area=Area.RESEARCH)
    add(sipo_coordinator, "Logged activity", area=Area.TRAINING)
    Notification.objects.filter(pk=waiting.pk).update(channel="digest")
    client.force_login(sipo_coordinator)

    entries = lxml.html.fromstring(client.get(INBOX).content).xpath("//main//ul[contains(@class,'list-group')]/li")

    meta = {
        entry.xpath("string(.//strong)").split("“")[1].split("”")[0]: " ".join(
            entry.xpath("string(.//div[contains(@class,'text-muted')])").split()
        )
        for entry in entries
    }
    assert meta["Shared report"].endswith("· Joint research · in your daily digest")
    assert meta["Logged activity"].endswith("· Training")
