"""The meeting list and the action item lists stack into labelled cards on a phone."""

from django.urls import reverse

from cooperation.meetings import services as meeting_services
from tests.pages import assert_stacks_on_a_phone, list_tables


def test_the_meeting_list_stacks_on_a_phone(client, cas_official, cas_meeting):
    client.force_login(cas_official)
    (table,) = list_tables(client.get(reverse("meetings:list")))
    assert_stacks_on_a_phone(table)


def test_the_action_item_lists_stack_on_a_phone(client, sipo_official, cas_official, cas_meeting):
    meeting_services.action_item_create(
        meeting=cas_meeting, by=sipo_official, description="Send the statistics", owner=sipo_official,
        due_date=cas_meeting.starts_at.date(),
    )  # fmt: skip
    client.force_login(sipo_official)
    found = list_tables(client.get(reverse("meetings:actions")))
    assert found
    for table in found:
        assert_stacks_on_a_phone(table)
