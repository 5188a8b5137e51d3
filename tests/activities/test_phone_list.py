"""The activity list stacks into labelled cards on a phone, in either language."""

import pytest
from django.urls import reverse

from tests.factories import ActivityFactory
from tests.pages import assert_stacks_on_a_phone, list_tables


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_activity_list_stacks_on_a_phone(client, cas_official, language):
    cas_official.preferred_language = language
    cas_official.save(update_fields=["preferred_language"])
    ActivityFactory(author=cas_official)
    client.force_login(cas_official)
    (table,) = list_tables(client.get(reverse("activities:list")))
    assert_stacks_on_a_phone(table)
    if language == "zh-hans":
        assert table.xpath("./tbody/tr/td[@data-label='合作领域']")
