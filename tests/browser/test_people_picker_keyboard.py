"""The people picker with the keyboard alone, in a real browser: type pinyin initials, pick a party beside the
search, go down into the matches, tick one with Space, and come back up to the search with Escape."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.factories import UserFactory

from .conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_person_is_found_by_pinyin_and_ticked_with_the_keyboard(live_server, page, cas_official, cas, sipo):
    zhang_wei = UserFactory(username="zhang_wei", full_name="张伟", party=sipo)
    UserFactory(username="zhang_wen", full_name="张文", party=cas)
    sign_in(page, live_server.url, cas_official)
    page.goto(live_server.url + reverse("activities:create"))

    search = page.locator("#id_participants")
    matches = page.locator("#id_participants-matches")
    search.fill("zw")
    expect(matches).to_contain_text("张伟")
    expect(matches).to_contain_text("张文")

    page.locator("select[name='participants-party']").select_option(str(sipo.pk))
    expect(matches).not_to_contain_text("张文")
    expect(matches).to_contain_text("张伟")

    search.focus()
    page.keyboard.press("ArrowDown")
    first = matches.locator(f"input[value='{zhang_wei.pk}']")
    expect(first).to_be_focused()
    page.keyboard.press("Space")
    expect(first).to_be_checked()
    page.keyboard.press("Escape")
    expect(search).to_be_focused()
