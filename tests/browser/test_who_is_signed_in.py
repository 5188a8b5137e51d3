"""Who is signed in shows at every width: in the collapsed menu on a phone, in the bar on a laptop and wider."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("width", [375, 1024, 1280, 1600])
def test_the_signed_in_person_is_shown_at_every_width(live_server, browser, cas_official, width):
    context = browser.new_context(viewport={"width": width, "height": 800}, locale="en-US")
    page = context.new_page()
    try:
        page.goto(live_server.url + reverse("login"))
        form = page.locator("main form")
        form.locator("input[name=username]").fill(cas_official.username)
        form.locator("input[name=password]").fill(PASSWORD)
        form.locator("button[type=submit]").click()
        expect(page).to_have_url(live_server.url + reverse("dashboard"))
        toggler = page.locator(".navbar-toggler")
        if toggler.is_visible():
            toggler.click()
        who = page.locator("[data-signed-in-as]")
        expect(who).to_be_visible()
        expect(who).to_contain_text(cas_official.full_name)
        box = who.bounding_box()
        assert box and box["width"] > 20 and box["x"] + box["width"] <= width
    finally:
        context.close()
