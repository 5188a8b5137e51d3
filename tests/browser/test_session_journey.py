"""A person changes their password from their name in the bar; a page left open past the idle limit goes to the
sign-in page at its next poll, which says why."""

import time
from importlib import import_module
from urllib.parse import urlencode

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from playwright.sync_api import expect

from protocol.session_limits import LAST_ACTIVE_AT
from tests.factories import PASSWORD

from .conftest import sign_in, sign_out

pytestmark = pytest.mark.django_db(transaction=True)

NEW_PASSWORD = "Kx7-river-lantern-93"


def test_changing_ones_password_from_the_bar(live_server, page, step, cas_official):
    base = live_server.url
    sign_in(page, base, cas_official)

    page.locator("nav [data-signed-in-as]").click()
    expect(page).to_have_url(base + reverse("password_change"))
    form = page.locator("main form")
    form.locator("input[name=old_password]").fill(PASSWORD)
    form.locator("input[name=new_password1]").fill("short-one")
    form.locator("input[name=new_password2]").fill("short-one")
    form.locator("button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("at least 12 characters")
    step("too short, refused")

    form.locator("input[name=old_password]").fill(PASSWORD)
    form.locator("input[name=new_password1]").fill(NEW_PASSWORD)
    form.locator("input[name=new_password2]").fill(NEW_PASSWORD)
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(base + reverse("dashboard"))
    expect(page.locator("main .alert-success")).to_contain_text("Your password is changed.")
    step("changed")

    sign_out(page, base)
    form = page.locator("main form")
    form.locator("input[name=username]").fill(cas_official.username)
    form.locator("input[name=password]").fill(NEW_PASSWORD)
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(base + reverse("dashboard"))


def test_an_open_page_goes_to_the_sign_in_page_at_its_next_poll_once_idle(
    live_server, page, step, cas_official, settings
):
    settings.SESSION_IDLE_MINUTES, settings.SESSION_MAX_HOURS = 30, 12
    base = live_server.url
    sign_in(page, base, cas_official)
    activities = reverse("activities:list")
    page.goto(base + activities)

    # Thirty-one minutes without a click, as far as the session knows (no waiting in a test).
    [cookie] = [c for c in page.context.cookies() if c["name"] == django_settings.SESSION_COOKIE_NAME]
    store = import_module(django_settings.SESSION_ENGINE).SessionStore(session_key=cookie["value"])
    store[LAST_ACTIVE_AT] = int(time.time()) - 31 * 60
    store.save()

    # What the badge's `every 60s` does, now rather than within the minute.
    page.evaluate(
        "htmx.ajax('GET', document.querySelector('[hx-get$=\"/badge/\"]').getAttribute('hx-get'),"
        " {source: '[hx-get$=\"/badge/\"]', target: '.badge-slot'})"
    )

    query = urlencode({"signed_out": "idle", "next": activities})
    expect(page).to_have_url(f"{base}{reverse('login')}?{query}")
    expect(page.locator("main [data-signed-out]")).to_contain_text(
        "You were signed out after 30 minutes without activity."
    )
    step("signed out, and why")
