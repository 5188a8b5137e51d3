"""A session ends after 30 minutes in which the user did nothing and 12 hours after signing in whatever they
did (both from the environment); the sign-in page then says which. Polls (the badge, a report's progress)
are not the user doing something."""

from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

import pytest
import time_machine
from django.urls import resolve, reverse
from django.utils import translation
from django.utils.translation import ngettext

from protocol.parties.models import Language
from protocol.session_limits import LAST_ACTIVE_AT, SIGNED_IN_AT
from tests.factories import PASSWORD

START = datetime(2026, 6, 1, 1, 0, tzinfo=UTC)
LOGIN = reverse("login")
DASHBOARD = reverse("dashboard")
BADGE = reverse("notifications:badge")
IDLE = "You were signed out after 30 minutes without activity. Sign in again to go on."
MAXIMUM = "You were signed out because a session lasts at most 12 hours. Sign in again to go on."


@pytest.fixture(autouse=True)
def _the_real_limits(settings):
    """The suite relaxes them (tests/conftest.py); these are the defaults of protocol/settings.py."""
    settings.SESSION_IDLE_MINUTES = 30
    settings.SESSION_MAX_HOURS = 12
    settings.SESSION_COOKIE_AGE = 36 * 3600


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def signed_in(client, cas_official, clock):
    """cas_official, signed in through the sign-in page at START."""
    response = client.post(LOGIN, {"username": "cas_official", "password": PASSWORD})
    assert response.status_code == 302
    return client


def after(clock, **delta) -> None:
    clock.move_to(START + timedelta(**delta))


def signed_out_to(reason: str, next_url: str | None = DASHBOARD) -> str:
    query = {"signed_out": reason} | ({"next": next_url} if next_url else {})
    return f"{LOGIN}?{urlencode(query)}"


def poll(client, page="/activities/"):
    return client.get(BADGE, HTTP_HX_REQUEST="true", HTTP_HX_CURRENT_URL=f"http://testserver{page}")


def test_a_session_idle_for_30_minutes_ends_and_the_sign_in_page_says_so(signed_in, clock):
    after(clock, minutes=29, seconds=59)
    assert signed_in.get(DASHBOARD).status_code == 200

    after(clock, minutes=59, seconds=59)
    response = signed_in.get(DASHBOARD)

    assert response.status_code == 302 and response["Location"] == signed_out_to("idle")
    assert "_auth_user_id" not in signed_in.session
    page = signed_in.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en")
    assert IDLE in page.text
    # Signing in again gives a whole new session, back on the page that was asked for.
    again = signed_in.post(response["Location"], {"username": "cas_official", "password": PASSWORD, "next": DASHBOARD})
    assert again["Location"] == DASHBOARD
    after(clock, minutes=89)
    assert signed_in.get(DASHBOARD).status_code == 200


def test_activity_keeps_a_session_until_its_twelve_hours(signed_in, clock):
    for minutes in range(20, 12 * 60, 20):
        after(clock, minutes=minutes)
        assert signed_in.get(DASHBOARD).status_code == 200, f"signed out after {minutes} minutes"

    after(clock, hours=12)
    response = signed_in.get(DASHBOARD)

    assert response["Location"] == signed_out_to("maximum")
    assert MAXIMUM in signed_in.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").text


def test_the_reason_is_the_limit_reached_first(signed_in, clock):
    """Active until the twelfth hour, then away: the maximum ended the session, before the idle limit would."""
    for minutes in range(20, 12 * 60, 20):
        after(clock, minutes=minutes)
        signed_in.get(DASHBOARD)
    # The last request at 11:40: idle, the session would have lasted until 12:10.

    after(clock, hours=14)

    assert signed_in.get(DASHBOARD)["Location"] == signed_out_to("maximum")


def test_polls_do_not_keep_a_session_alive(signed_in, clock):
    for minute in range(1, 30):
        after(clock, minutes=minute)
        assert poll(signed_in).status_code == 200

    after(clock, minutes=30)
    response = poll(signed_in)

    # htmx loads the sign-in page in place of the page polling, and comes back to that page after.
    assert response["HX-Redirect"] == signed_out_to("idle", "/activities/")
    assert "_auth_user_id" not in signed_in.session


def test_a_click_is_activity_a_poll_is_not(signed_in, clock):
    after(clock, minutes=25)
    signed_in.get(reverse("activities:list"))

    after(clock, minutes=54)
    assert poll(signed_in).status_code == 200
    after(clock, minutes=55)
    assert poll(signed_in)["HX-Redirect"] == signed_out_to("idle", "/activities/")


def test_the_polled_views_are_marked_as_polls():
    for url in (BADGE, reverse("reports:progress", args=[2026, 1])):
        assert resolve(url).func.session_polled


def test_a_form_sent_after_the_limit_does_nothing(signed_in, clock, cas_official):
    after(clock, minutes=31)
    new = "Kx7-river-lantern-93"

    response = signed_in.post(
        reverse("password_change"), {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )

    assert response["Location"] == signed_out_to("idle", None)
    cas_official.refresh_from_db()
    assert cas_official.check_password(PASSWORD)


def test_the_limits_come_from_the_settings(client, cas_official, clock, settings):
    settings.SESSION_IDLE_MINUTES = 5
    settings.SESSION_MAX_HOURS = 1
    client.post(LOGIN, {"username": "cas_official", "password": PASSWORD})

    after(clock, minutes=5)
    response = client.get(DASHBOARD)
    assert response["Location"] == signed_out_to("idle")
    assert "after 5 minutes without activity" in client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").text

    client.post(LOGIN, {"username": "cas_official", "password": PASSWORD})
    # Signed in again at minute 5: active every four minutes until the hour is up.
    for minutes in range(9, 65, 4):
        after(clock, minutes=minutes)
        assert client.get(DASHBOARD).status_code == 200
    after(clock, minutes=65)
    response = client.get(DASHBOARD)
    assert response["Location"] == signed_out_to("maximum")
    assert "lasts at most 1 hour." in client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").text


def test_a_session_from_before_the_limits_starts_counting_at_its_next_request(client, cas_official, clock):
    client.force_login(cas_official)
    session = client.session  # with no times in it, as those signed in before the limits were
    del session[SIGNED_IN_AT], session[LAST_ACTIVE_AT]
    session.save()
    after(clock, hours=13)
    assert client.get(DASHBOARD).status_code == 200

    after(clock, hours=13, minutes=30)
    assert client.get(DASHBOARD)["Location"] == signed_out_to("idle")


@pytest.mark.parametrize("language", [Language.ENGLISH, Language.CHINESE])
@pytest.mark.parametrize("reason", ["idle", "maximum"])
def test_the_sign_in_page_says_why_in_both_languages(client, db, language, reason):
    response = client.get(signed_out_to(reason), HTTP_ACCEPT_LANGUAGE=language)

    with translation.override(language):
        if reason == "idle":
            expected = ngettext(
                "You were signed out after %(minutes)d minute without activity. Sign in again to go on.",
                "You were signed out after %(minutes)d minutes without activity. Sign in again to go on.",
                30,
            ) % {"minutes": 30}
        else:
            expected = ngettext(
                "You were signed out because a session lasts at most %(hours)d hour. Sign in again to go on.",
                "You were signed out because a session lasts at most %(hours)d hours. Sign in again to go on.",
                12,
            ) % {"hours": 12}
    assert f'<html lang="{language}"' in response.text
    assert f'<div class="alert alert-warning" role="status" data-signed-out>{expected}</div>' in response.text


def test_the_sign_in_page_says_nothing_of_an_unknown_reason(client, db):
    assert "data-signed-out" not in client.get(f"{LOGIN}?signed_out=whatever").text
    assert "data-signed-out" not in client.get(LOGIN).text


def test_a_test_client_signed_in_directly_has_the_limits_too(client, cas_official, clock):
    """force_login starts the clocks as a sign-in does (user_logged_in), so a page costs no session write."""
    client.force_login(cas_official)
    assert client.session[SIGNED_IN_AT] == client.session[LAST_ACTIVE_AT] == int(START.timestamp())

    after(clock, minutes=30)
    assert client.get(DASHBOARD)["Location"] == signed_out_to("idle")


def test_the_settings_default_to_30_minutes_and_12_hours():
    from protocol import settings as defaults

    assert (defaults.SESSION_IDLE_MINUTES, defaults.SESSION_MAX_HOURS) == (30, 12)
