"""Who may see and do what with an activity: every view, every persona."""

import re

import pytest
from django.urls import reverse

from protocol.activities.models import Activity, Status

READERS = ["cas_official", "sipo_official", "cas_docadmin", "sipo_docadmin", "cas_coordinator", "sipo_coordinator"]
CAS_STAFF = ["cas_official", "cas_docadmin", "cas_coordinator"]


def url(name, activity):
    return reverse(f"activities:{name}", args=[activity.pk])


@pytest.mark.parametrize("view", ["activities:list", "activities:create", "dashboard", "notifications:inbox"])
def test_anonymous_is_sent_to_sign_in(client, db, view):
    response = client.get(reverse(view))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_anonymous_cannot_open_an_activity(client, cas_logged):
    response = client.get(cas_logged.get_absolute_url())
    assert response.status_code == 302 and reverse("login") in response["Location"]


@pytest.mark.parametrize("username", READERS)
def test_both_parties_see_a_logged_activity(client, personas, cas_logged, username):
    client.force_login(personas[username])
    response = client.get(cas_logged.get_absolute_url())
    assert response.status_code == 200
    assert cas_logged.title in response.text


@pytest.mark.parametrize(
    ("username", "status"),
    [(u, 200) for u in CAS_STAFF]
    + [
        ("sipo_official", 404),
        ("sipo_docadmin", 404),
        ("sipo_coordinator", 404),
        ("outsider", 404),
    ],
)
def test_a_draft_is_seen_by_its_own_party_only(client, personas, cas_draft, username, status):
    client.force_login(personas[username])
    assert client.get(cas_draft.get_absolute_url()).status_code == status


@pytest.mark.parametrize("name", ["edit", "delete", "confirm", "return"])
def test_the_other_partys_draft_is_404_on_every_view(client, sipo_coordinator, cas_draft, name):
    client.force_login(sipo_coordinator)
    assert client.get(url(name, cas_draft)).status_code == 404
    assert client.post(url(name, cas_draft), {"comment": "x"}).status_code == 404
    assert client.post(url("submit", cas_draft)).status_code == 404


def test_a_missing_activity_is_404(client, cas_official, db):
    client.force_login(cas_official)
    assert client.get(reverse("activities:detail", args=[999999])).status_code == 404


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("cas_official", 200),  # the author
        ("cas_coordinator", 200),  # the author's party's coordinator
        ("cas_docadmin", 403),  # own party, but no logging role
        ("sipo_official", 403),  # the other party sees it but may not edit
        ("sipo_coordinator", 403),
    ],
)
def test_who_may_edit_a_logged_activity(client, personas, cas_logged, username, status):
    client.force_login(personas[username])
    assert client.get(url("edit", cas_logged)).status_code == status


@pytest.mark.parametrize("username", ["cas_official", "cas_coordinator"])
def test_nobody_edits_after_confirmation(client, personas, cas_confirmed, username):
    client.force_login(personas[username])
    assert client.get(url("edit", cas_confirmed)).status_code == 403
    response = client.post(url("edit", cas_confirmed), {"title": "Changed"})
    assert response.status_code == 403
    cas_confirmed.refresh_from_db()
    assert cas_confirmed.title != "Changed"


@pytest.mark.parametrize("username", ["cas_coordinator", "cas_official", "sipo_official", "sipo_docadmin"])
def test_only_the_other_partys_coordinator_may_confirm(client, personas, cas_logged, username):
    client.force_login(personas[username])
    assert client.post(url("confirm", cas_logged)).status_code == 403
    cas_logged.refresh_from_db()
    assert cas_logged.status == Status.LOGGED


def test_the_other_partys_coordinator_confirms(client, sipo_coordinator, cas_logged):
    client.force_login(sipo_coordinator)
    response = client.post(url("confirm", cas_logged), {"comment": "Agreed", "lock": "on"}, follow=True)
    cas_logged.refresh_from_db()
    assert cas_logged.status == Status.CONFIRMED
    assert "Activity confirmed." in response.text
    assert "Agreed" in response.text  # the history shows the comment
    assert "Confirmed by both parties" in response.text


def test_returning_without_a_comment_is_refused_and_changes_nothing(client, sipo_coordinator, cas_logged):
    client.force_login(sipo_coordinator)
    response = client.post(url("return", cas_logged), {"comment": ""})
    assert response.status_code == 200
    assert "Say what should change" in response.text
    cas_logged.refresh_from_db()
    assert cas_logged.status == Status.LOGGED


def test_returning_with_a_comment_shows_it_in_the_history(client, sipo_coordinator, cas_logged):
    client.force_login(sipo_coordinator)
    response = client.post(url("return", cas_logged), {"comment": "Please add the outcomes"}, follow=True)
    cas_logged.refresh_from_db()
    assert cas_logged.status == Status.RETURNED
    assert "Please add the outcomes" in response.text


def test_detail_shows_review_buttons_only_to_the_reviewer(client, sipo_coordinator, cas_coordinator, cas_logged):
    client.force_login(sipo_coordinator)
    assert url("confirm", cas_logged) in client.get(cas_logged.get_absolute_url()).text
    client.force_login(cas_coordinator)
    assert url("confirm", cas_logged) not in client.get(cas_logged.get_absolute_url()).text


@pytest.mark.parametrize(("username", "status"), [("cas_docadmin", 403), ("outsider", 403), ("sipo_official", 200)])
def test_who_may_open_the_new_activity_form(client, personas, username, status):
    client.force_login(personas[username])
    assert client.get(reverse("activities:create")).status_code == status


def test_deleting_a_draft_asks_first(client, cas_official, cas_draft):
    client.force_login(cas_official)
    page = client.get(url("delete", cas_draft))
    assert page.status_code == 200 and "cannot be undone" in page.text
    assert Activity.objects.filter(pk=cas_draft.pk).exists()

    response = client.post(url("delete", cas_draft))
    assert response.status_code == 302
    assert not Activity.objects.filter(pk=cas_draft.pk).exists()


def test_a_logged_activity_cannot_be_deleted(client, cas_official, cas_logged):
    client.force_login(cas_official)
    assert client.post(url("delete", cas_logged)).status_code == 403
    assert Activity.objects.filter(pk=cas_logged.pk).exists()


def test_the_author_logs_a_draft_from_its_page(client, cas_official, cas_draft, sipo_coordinator):
    client.force_login(cas_official)
    client.post(url("submit", cas_draft))
    cas_draft.refresh_from_db()
    assert cas_draft.status == Status.LOGGED


def test_logging_is_post_only(client, cas_official, cas_draft):
    client.force_login(cas_official)
    assert client.get(url("submit", cas_draft)).status_code == 405


def test_confirming_asks_first_what_it_locks(client, sipo_coordinator, cas_logged):
    client.force_login(sipo_coordinator)
    detail = client.get(cas_logged.get_absolute_url()).text
    assert 'name="lock"' in detail and "can no longer be edited or returned" in detail

    response = client.post(url("confirm", cas_logged), {"comment": "Agreed"})
    assert response.status_code == 200
    assert response.context["form"].errors["lock"] == ["Tick the box to confirm the activity and lock it."]
    cas_logged.refresh_from_db()
    assert cas_logged.status == Status.LOGGED


def test_returning_needs_no_lock_box(client, sipo_coordinator, cas_logged):
    client.force_login(sipo_coordinator)
    client.post(url("return", cas_logged), {"comment": "Please add the date"})
    cas_logged.refresh_from_db()
    assert cas_logged.status == Status.RETURNED


def test_the_return_button_skips_the_browsers_check_of_the_lock_box(client, sipo_coordinator, cas_logged):
    client.force_login(sipo_coordinator)
    page = client.get(cas_logged.get_absolute_url()).text
    button = re.search(r'<button[^>]*formaction="[^"]*/return/"[^>]*>', page).group(0)
    assert "formnovalidate" in button
