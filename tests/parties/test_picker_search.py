"""The people picker's finer search: by name in Chinese or English, by full pinyin and by initials, within
one party if asked, and without JavaScript through the form itself."""

from io import StringIO

import pytest
from django.contrib.admin.sites import site
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse

from protocol.activities.models import Activity
from protocol.parties.models import User
from tests.factories import UserFactory
from tests.once import once

PICK = reverse("people_pick")


def found(client, text, field="participants", **params) -> list[str]:
    response = client.get(PICK, {f"{field}-search": text, "field": field, "multiple": "1", **params})
    assert response.status_code == 200
    return [person.username for _, people in response.context["groups"] for person in people]


@pytest.fixture
def zhang_wei(sipo):
    return UserFactory(username="zhang_wei", full_name="张伟", party=sipo)


@pytest.mark.parametrize("text", ["张伟", "张", "zhang wei", "Zhang Wei", "zhangwei", "zhangw", "zw", "ZW"])
def test_a_chinese_name_is_found_by_its_characters_its_pinyin_or_its_initials(client, cas_official, zhang_wei, text):
    client.force_login(cas_official)
    assert found(client, text) == ["zhang_wei"]


@pytest.mark.parametrize("text", ["Wang Fang", "wang", "wangfang", "wf"])
def test_a_latin_name_is_found_by_its_words_joined_or_its_initials(client, cas_official, sipo_official, text):
    client.force_login(cas_official)
    assert "sipo_official" in found(client, text)


def test_the_search_can_be_narrowed_to_the_party_picked_beside_it(client, cas_official, cas, sipo, zhang_wei):
    UserFactory(username="zhang_wen", full_name="张文", party=cas)
    client.force_login(cas_official)
    assert found(client, "zw") == ["zhang_wen", "zhang_wei"]
    assert found(client, "zw", **{"participants-party": sipo.pk}) == ["zhang_wei"]
    assert found(client, "zw", **{"participants-party": cas.pk}) == ["zhang_wen"]
    # A field limited to one party finds nobody in the other, whatever is picked beside it.
    assert found(client, "zw", party=cas.pk, **{"participants-party": sipo.pk}) == []


def test_a_malformed_party_picked_is_ignored_not_an_error(client, cas_official, zhang_wei):
    client.force_login(cas_official)
    assert found(client, "zw", **{"participants-party": "SIPO; drop"}) == ["zhang_wei"]


def test_the_form_offers_the_party_select_and_a_search_button_for_browsers_without_javascript(client, cas_official):
    client.force_login(cas_official)
    page = client.get(reverse("activities:create")).text
    assert 'name="participants-search"' in page and 'name="participants-party"' in page
    assert "<noscript>" in page and 'name="picker-search" value="participants"' in page


def test_without_javascript_the_search_button_shows_the_matches_keeps_the_entries_and_saves_nothing(
    client, cas, cas_official, sipo_official, zhang_wei
):
    client.force_login(cas_official)
    data = {
        "area": "training",
        "kind": "training_session",
        "title": "专利检索实务培训",
        "start_date": "2026-05-10",
        "lead_party": cas.pk,
        "participants": [cas_official.pk],
        "participants-search": "zw",
        "picker-search": "participants",
        "action": "log",
    }
    response = client.post(reverse("activities:create"), once(data))
    assert response.status_code == 200
    assert not Activity.objects.exists()
    page = response.text
    assert 'value="专利检索实务培训"' in page and 'value="zw"' in page
    assert f'value="{cas_official.pk}" id="participants-person-{cas_official.pk}" checked' in page
    assert f'type="checkbox" name="participants" value="{zhang_wei.pk}"' in page
    assert "Tick the people you want among the matches below, then save." in page

    # Ticked and saved, the match is a participant.
    data |= {"participants": [cas_official.pk, zhang_wei.pk]}
    del data["picker-search"]
    response = client.post(reverse("activities:create"), once(data))
    assert response.status_code == 302
    assert set(Activity.objects.get().participants.all()) == {cas_official, zhang_wei}


def test_the_management_command_writes_the_searchable_names_of_existing_users(sipo):
    person = UserFactory(full_name="李明", party=sipo)
    User.objects.filter(pk=person.pk).update(name_search="")
    call_command("index_staff_names", stdout=StringIO())
    person.refresh_from_db()
    assert person.name_search == "李明 liming lm"


def test_a_name_set_in_the_admin_is_searchable_at_once(portal_admin, sipo):
    person = UserFactory(full_name="Old Name", party=sipo)
    person.full_name = "欧阳娜娜"
    request = RequestFactory().post("/admin/")
    request.user = portal_admin
    site._registry[User].save_model(request, person, form=None, change=True)
    person.refresh_from_db()
    assert person.name_search == "欧阳娜娜 ouyangnana oynn"
