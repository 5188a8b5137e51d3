"""/audit/: the portal admins search the trail (user, party, object, action, dates), page it and export it;
nobody else finds the page."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from protocol.activities.models import Activity
from protocol.audit import services
from protocol.audit.models import Action, Entry
from tests.factories import ActivityFactory
from tests.pages import follow

TRAIL = reverse("audit:trail")
pytestmark = pytest.mark.usefixtures("english")


def shown(response) -> list[Entry]:
    assert response.status_code == 200
    return list(response.context["page"].object_list)


@pytest.fixture
def admin_client(client, portal_admin):
    client.force_login(portal_admin)
    Entry.objects.all().delete()  # the personas' own creation, and the sign-in itself
    return client


@pytest.fixture
def events(cas_official, sipo_official):
    """A CAS download of a CAS activity and a SIPO export, a day apart, and a failed sign-in."""
    activity = ActivityFactory(author=cas_official, title="Patent landscape of batteries")
    Entry.objects.all().delete()
    download = services.event_record(
        action=Action.DOWNLOAD, target=activity, actor=cas_official, address="192.0.2.1", detail={"version": 2}
    )
    export = services.event_record(
        action=Action.EXPORT, target_type=Activity, target_repr="Joint activities", actor=sipo_official
    )
    failed = services.event_record(
        action=Action.SIGN_IN_FAILED, target_repr="cas_official", detail={"username": "cas_official"}
    )
    Entry.objects.filter(pk=download.pk).update(timestamp=timezone.make_aware(datetime.datetime(2026, 3, 1, 9)))
    Entry.objects.filter(pk=export.pk).update(timestamp=timezone.make_aware(datetime.datetime(2026, 3, 2, 9)))
    Entry.objects.filter(pk=failed.pk).update(timestamp=timezone.make_aware(datetime.datetime(2026, 3, 3, 9)))
    return activity, download, export, failed


def test_a_portal_admin_reads_the_trail_newest_first(admin_client, events):
    _activity, download, export, failed = events
    response = admin_client.get(TRAIL)
    assert shown(response) == [failed, export, download]
    page = response.content.decode()
    assert "Patent landscape of batteries" in page and "192.0.2.1" in page and "file downloaded" in page
    assert "sign-in failed" in page and "Joint activities" in page


@pytest.mark.parametrize(
    "persona",
    [
        "cas_official",
        "sipo_official",
        "cas_docadmin",
        "sipo_docadmin",
        "cas_coordinator",
        "sipo_coordinator",
        "outsider",
    ],
)
def test_nobody_else_finds_the_page(client, personas, persona, events):
    client.force_login(personas[persona])
    assert client.get(TRAIL).status_code == 404
    assert client.get(TRAIL, {"export": "csv"}).status_code == 404


def test_a_visitor_is_sent_to_sign_in(client, db):
    response = client.get(TRAIL)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"user": "cas_official"}, ["failed", "download"]),  # the actor, and the sign-in tried with the name
        ({"user": "Wang"}, ["export"]),
        ({"action": str(Action.EXPORT)}, ["export"]),
        ({"object_type": "activities.activity"}, ["export", "download"]),
        ({"object": "batteries"}, ["download"]),
        ({"since": "2026-03-02"}, ["failed", "export"]),
        ({"until": "2026-03-01"}, ["download"]),
        ({"since": "2026-03-02", "until": "2026-03-02"}, ["export"]),
    ],
)
def test_the_filters(admin_client, events, query, expected):
    _activity, download, export, failed = events
    named = {"download": download, "export": export, "failed": failed}
    assert shown(admin_client.get(TRAIL, query)) == [named[name] for name in expected]


def test_the_party_filter_is_the_actors_party(admin_client, events, cas, sipo):
    _activity, download, export, _failed = events
    assert shown(admin_client.get(TRAIL, {"party": cas.pk})) == [download]
    assert shown(admin_client.get(TRAIL, {"party": sipo.pk})) == [export]


def test_an_object_by_its_type_and_id(admin_client, events):
    activity, download, _export, _failed = events
    assert shown(admin_client.get(TRAIL, {"object_type": "activities.activity", "object": str(activity.pk)})) == [
        download
    ]


def test_roles_and_permissions_changed_is_a_filter_of_its_own(admin_client, cas_official, events):
    cas_official.is_staff = True
    cas_official.save()
    cas_official.full_name = "Li Ming (renamed)"
    cas_official.save()
    (made_staff,) = shown(admin_client.get(TRAIL, {"action": "roles"}))
    assert made_staff.changes == {"is_staff": ["False", "True"]}


def test_a_bad_date_is_a_clear_error_and_filters_nothing(admin_client, events):
    response = admin_client.get(TRAIL, {"since": "yesterday"})
    assert len(shown(response)) == 3
    assert "Enter a valid date." in response.content.decode()


def test_nothing_matches_is_said_so(admin_client, events):
    response = admin_client.get(TRAIL, {"user": "nobody at all"})
    assert shown(response) == [] and "No entry matches these filters." in response.content.decode()


def test_pages_by_keyset_without_counting(admin_client, cas_official, settings):
    Entry.objects.all().delete()
    for number in range(settings.PAGE_SIZE + 3):
        services.event_record(
            action=Action.EXPORT, target_type=Activity, target_repr=f"Export {number}", actor=cas_official
        )
    with CaptureQueriesContext(connection) as queries:
        first = admin_client.get(TRAIL)
    assert not [q for q in queries.captured_queries if "COUNT(" in q["sql"].upper() and "audit_entry" in q["sql"]]
    assert first.context["page"].count is None
    second = follow(admin_client, first, "next")
    assert [e.object_repr for e in shown(second)] == ["Export 2", "Export 1", "Export 0"]


def make_entries(count, people, activity):
    """Entries of every kind the page shows: changes, many-to-many changes, events with and without an actor."""
    for number in range(count):
        person = people[number % len(people)]
        kind = number % 4
        if kind == 0:
            Entry.objects.log_create(
                activity, action=Action.UPDATE, changes={"title": ["Old", f"New {number}"]}, actor=person
            )
        elif kind == 1:
            Entry.objects.log_create(
                activity,
                action=Action.UPDATE,
                changes={"participants": {"type": "m2m", "operation": "add", "objects": ["Li Ming"]}},
                actor=person,
            )
        elif kind == 2:
            services.event_record(action=Action.DOWNLOAD, target=activity, actor=person, detail={"version": 1})
        else:
            services.event_record(action=Action.SIGN_IN_FAILED, target_repr="someone", detail={"username": "someone"})


def test_a_page_costs_the_same_for_1_and_50_entries(admin_client, cas_official, sipo_official, cas_coordinator):
    activity = ActivityFactory(author=cas_official)
    people = [cas_official, sipo_official, cas_coordinator]

    def count_queries():
        ContentType.objects.clear_cache()
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get(TRAIL).status_code == 200
        return len(queries)

    Entry.objects.all().delete()
    make_entries(1, people, activity)
    with_one = count_queries()
    make_entries(49, people, activity)
    with_fifty = count_queries()
    assert with_one == with_fifty


def test_the_export_holds_the_filtered_entries_and_is_itself_recorded(admin_client, portal_admin, events):
    response = admin_client.get(TRAIL, {"action": str(Action.DOWNLOAD), "export": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0].startswith("Time,User,Party,Address,What was done")
    assert len(lines) == 2 and "Patent landscape of batteries" in lines[1] and "version: 2" in lines[1]
    assert "Li Ming (cas_official)" in lines[1] and "192.0.2.1" in lines[1]
    recorded = Entry.objects.filter(action=Action.EXPORT, actor=portal_admin).get()
    assert recorded.object_repr == "Audit trail" and recorded.additional_data["query"] == f"action={Action.DOWNLOAD}"


def test_the_trail_is_read_only_on_the_page_too(admin_client, events):
    count = Entry.objects.count()
    assert admin_client.post(TRAIL, {"action": "2"}).status_code in (200, 405)
    assert Entry.objects.count() == count


def test_the_navbar_leads_a_portal_admin_to_the_trail_and_nobody_else(client, portal_admin, cas_coordinator):
    link = f'href="{TRAIL}"'
    client.force_login(portal_admin)
    assert link in client.get(reverse("dashboard")).content.decode()
    client.force_login(cas_coordinator)
    assert link not in client.get(reverse("dashboard")).content.decode()
