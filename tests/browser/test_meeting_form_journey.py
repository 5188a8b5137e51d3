"""Scheduling a meeting in a real browser, choosing people through the staff pickers: attendees from
several searches, a chair and a minute-taker; a validation error re-shows everyone chosen.

Pages are driven by URLs, form field names, CSS hooks and data (names typed), not translated labels.
"""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from cooperation.meetings.models import Meeting

from .conftest import pick_person, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "专利数据交换联络会"


def test_a_coordinator_schedules_a_meeting_choosing_people_by_search(
    live_server, page, step, eager_tasks, cas_coordinator, cas_official, sipo_official, sipo_coordinator
):
    base = live_server.url
    sign_in(page, base, cas_coordinator)
    page.goto(base + reverse("meetings:create"))
    create_url = page.url
    form = page.locator("main form")
    starts = (timezone.localtime() + timedelta(days=7)).replace(hour=10, minute=0)
    form.locator("input[name=starts_at]").fill(starts.strftime("%Y-%m-%dT%H:%M"))
    form.locator("input[name=ends_at]").fill((starts + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))

    # The coordinator scheduling it is already an attendee; three more come from three searches.
    pick_person(form, "attendees", "Li", f"{cas_official.full_name} (CAS)")
    pick_person(form, "attendees", "Wang", f"{sipo_official.full_name} (CNIPA)")
    pick_person(form, "attendees", "Zhao", f"{sipo_coordinator.full_name} (CNIPA)")
    pick_person(form, "chair", "Chen", f"{cas_coordinator.full_name} (CAS)")
    pick_person(form, "minute_taker", "Wang", f"{sipo_official.full_name} (CNIPA)")
    form.locator("#id_minute_taker").press("Enter")
    expect(page).to_have_url(create_url)  # Enter in a search submits nothing
    step("people chosen, title forgotten")

    # No title: the form comes back with everyone still chosen, and nobody else listed.
    form.locator("button[type=submit]").click()
    expect(page.locator("#div_id_title .invalid-feedback")).to_be_visible()
    attendees = page.locator("#div_id_attendees [data-picker-chosen] input:checked")
    expect(attendees).to_have_count(4)
    expect(page.locator("#div_id_chair [data-picker-chosen] input:checked")).to_have_value(str(cas_coordinator.pk))
    expect(page.locator("#div_id_minute_taker input:checked")).to_have_value(str(sipo_official.pk))
    step("re-shown after the error")

    # Untick one attendee; a later search offers them again and the rest stay chosen.
    page.locator("#div_id_attendees").get_by_label(f"{sipo_coordinator.full_name} (CNIPA)").uncheck()
    page.locator("input[name=title]").fill(TITLE)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(re.escape(base) + r"/meetings/\d+/$"))
    meeting = Meeting.objects.get(title=TITLE)
    assert {a.user for a in meeting.attendances.all()} == {cas_official, sipo_official, cas_coordinator}
    assert (meeting.chair, meeting.minute_taker) == (cas_coordinator, sipo_official)
    step("meeting scheduled")
