"""On a phone (375 px), the activity list in Chinese is one card per activity: nothing cut off, and the
area ("合作领域") reads on one line instead of one character a line."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from protocol.parties.models import Language
from tests.factories import ActivityFactory

from .conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_activity_list_becomes_cards_on_a_phone(live_server, page, cas_official):
    cas_official.preferred_language = Language.CHINESE
    cas_official.save(update_fields=["preferred_language"])
    ActivityFactory(author=cas_official, title="人工智能领域专利态势联合分析")
    page.set_viewport_size({"width": 375, "height": 800})
    sign_in(page, live_server.url, cas_official)
    page.goto(live_server.url + reverse("activities:list"))
    table = page.locator("main table.table-stack")
    expect(table).to_be_visible()
    expect(table.locator("thead")).not_to_be_in_viewport()
    wrapper = page.locator("main .table-responsive")
    assert wrapper.evaluate("w => w.scrollWidth <= w.clientWidth")  # no column cut off
    area = table.locator("td[data-label='合作领域']")
    assert area.evaluate("td => getComputedStyle(td, '::before').content") == '"合作领域"'
    line = area.evaluate("td => parseFloat(getComputedStyle(td).lineHeight)")
    assert area.bounding_box()["height"] < 2 * line + 8  # the label and the area each on one line
