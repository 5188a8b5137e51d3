"""Printing a detail page gives the record alone: no navbar, buttons or forms; links readable on paper."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from .conftest import schedule_past_meeting, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_meeting_prints_without_navigation_buttons_or_forms(live_server, page, cas_official, sipo_official):
    meeting = schedule_past_meeting(title="联合工作组会议", by=cas_official, minute_taker=sipo_official)
    sign_in(page, live_server.url, cas_official)
    page.goto(live_server.url + reverse("meetings:detail", args=[meeting.pk]))
    main = page.locator("main")
    # On screen the page has the navbar, buttons and forms the print must leave out.
    expect(page.locator("nav.navbar")).to_be_visible()
    assert main.locator("form:visible, .btn:visible").count() > 0

    page.emulate_media(media="print")
    expect(page.locator("nav.navbar")).to_be_hidden()
    expect(page.locator("footer")).to_be_hidden()
    expect(main.locator("h1")).to_have_text("联合工作组会议")
    assert main.locator("form:visible, button:visible, .btn:visible").count() == 0
    links = main.locator("a:visible")
    assert links.count() > 0
    assert {links.nth(i).evaluate("a => getComputedStyle(a).color") for i in range(links.count())} == {"rgb(0, 0, 0)"}
