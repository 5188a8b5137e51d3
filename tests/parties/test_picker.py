"""The staff picker: a people search the forms ask (/people/pick/), and fields that list only the chosen
people, so a form stays small at thousands of staff while its queryset still decides who may be chosen."""

import pytest
from django.urls import reverse

from protocol.activities.models import Activity
from protocol.parties.selectors import STAFF_MATCHES_LIMIT
from tests.factories import UserFactory
from tests.meetings.data import form_data
from tests.once import once

PICK = reverse("people_pick")


def pick(client, q, field="participants", **params):
    return client.get(PICK, {"q": q, "field": field, "multiple": "1", **params})


@pytest.fixture
def many_staff(cas, sipo):
    """200 more staff, half of each party, all named "Staff member …"."""
    return [
        UserFactory(username=f"staff{n}", full_name=f"Staff member {n:03d}", party=cas if n % 2 else sipo)
        for n in range(200)
    ]


# The search.


def test_the_search_offers_matching_staff_as_checkboxes_with_their_party(client, cas_official, sipo_official):
    client.force_login(cas_official)
    response = pick(client, "wang")
    assert response.status_code == 200
    assert [person.username for _, people in response.context["groups"] for person in people] == ["sipo_official"]
    assert f'type="checkbox" name="participants" value="{sipo_official.pk}"' in response.text
    assert "Wang Fang" in response.text and "(CNIPA)" in response.text
    assert "China National Intellectual Property" in response.text


def test_a_single_choice_search_offers_radios(client, cas_official, sipo_official):
    client.force_login(cas_official)
    response = client.get(PICK, {"q": "Wang", "field": "chair"})
    assert f'type="radio" name="chair" value="{sipo_official.pk}"' in response.text


def test_the_search_leaves_out_inactive_and_party_less_accounts(client, cas_official, cas, outsider, portal_admin):
    UserFactory(full_name="Li Retired", party=cas, is_active=False)
    client.force_login(cas_official)
    response = pick(client, "i")
    names = [person.full_name for _, people in response.context["groups"] for person in people]
    assert "Li Ming" in names
    assert "Li Retired" not in names and "Out Sider" not in names and "Portal Admin" not in names


def test_names_starting_with_the_query_come_first_within_each_party(client, cas_official, cas):
    UserFactory(full_name="Xiao Ming", party=cas)
    UserFactory(full_name="Ming Hua", party=cas)
    client.force_login(cas_official)
    response = pick(client, "ming")
    [(_, people)] = response.context["groups"]
    assert [person.full_name for person in people] == ["Ming Hua", "Li Ming", "Xiao Ming"]


def test_the_search_answers_with_at_most_twenty_people(client, cas_official, many_staff):
    client.force_login(cas_official)
    response = pick(client, "Staff member")
    assert response.context["count"] == STAFF_MATCHES_LIMIT == 20
    assert response.text.count('name="participants"') == 20


def test_the_search_can_be_limited_to_one_party(client, cas_official, sipo, many_staff):
    client.force_login(cas_official)
    response = pick(client, "Staff member", party=sipo.pk)
    assert {person.party.code for _, people in response.context["groups"] for person in people} == {"SIPO"}


def test_the_search_leaves_out_who_is_already_ticked(client, cas_official, sipo_official, cas_coordinator):
    client.force_login(cas_official)
    response = client.get(PICK, {"q": "n", "field": "participants", "multiple": "1", "participants": [cas_official.pk]})
    names = [person.full_name for _, people in response.context["groups"] for person in people]
    assert "Li Ming" not in names and {"Wang Fang", "Chen Jing"} <= set(names)


def test_an_empty_search_or_no_match_offers_nobody(client, cas_official):
    client.force_login(cas_official)
    assert pick(client, "   ").context["count"] == 0
    assert "Nobody of that name can be chosen here." in pick(client, "Nobody-like-this").text


def test_an_account_of_no_party_finds_nobody(client, outsider, cas_official):
    client.force_login(outsider)
    assert pick(client, "Li").context["count"] == 0


def test_the_search_is_for_signed_in_staff_only(client, cas_official):
    response = pick(client, "Li")
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("field", ["", "1abc", "a b", "<script>"])
def test_a_search_for_a_malformed_field_name_is_refused(client, cas_official, field):
    client.force_login(cas_official)
    assert pick(client, "Li", field=field).status_code == 400


# The forms.


def test_a_form_lists_only_the_chosen_people_however_many_staff_there_are(client, cas_official, many_staff):
    client.force_login(cas_official)
    response = client.get(reverse("activities:create"))
    assert response.status_code == 200
    assert "Staff member 007" not in response.text and "Wang Fang" not in response.text
    assert len(response.content) < 30_000


def test_the_edit_form_lists_the_participants_grouped_by_party(client, cas_official, cas_draft, many_staff):
    client.force_login(cas_official)
    page = client.get(reverse("activities:edit", args=[cas_draft.pk])).text
    chosen = page[page.index('id="div_id_participants"') : page.index('id="div_id_external_participants"')]
    assert chosen.index("Chinese Academy of Sciences") < chosen.index("Li Ming")
    assert chosen.index("China National Intellectual Property Administration") < chosen.index("Wang Fang")
    assert "(CNIPA)" in chosen and "Staff member" not in page


def test_the_chosen_people_are_shown_again_after_a_validation_error(
    client, cas_official, sipo_official, activity_post, many_staff
):
    client.force_login(cas_official)
    response = client.post(reverse("activities:create"), once(activity_post | {"title": ""}))
    assert response.status_code == 200 and "title" in response.context["form"].errors
    for person in (cas_official, sipo_official):
        assert f'value="{person.pk}" id="participants-person-{person.pk}" checked' in response.text
    assert "Staff member 007" not in response.text
    assert not Activity.objects.exists()


@pytest.mark.parametrize("who", ["inactive", "party_less", "unknown", "not_a_number"])
def test_a_crafted_choice_outside_the_staff_is_refused_and_nothing_stored(
    client, cas, cas_official, sipo_official, outsider, activity_post, who
):
    crafted = {
        "inactive": lambda: UserFactory(party=cas, is_active=False).pk,
        "party_less": lambda: outsider.pk,
        "unknown": lambda: 999_999,
        "not_a_number": lambda: "x",
    }[who]()
    client.force_login(cas_official)
    data = activity_post | {"participants": [cas_official.pk, sipo_official.pk, crafted]}
    response = client.post(reverse("activities:create"), once(data))
    assert response.status_code == 200
    assert response.context["form"].errors["participants"] == [
        "That person cannot be chosen here. Search by name and choose someone from the list."
    ]
    assert "That person cannot be chosen here." in response.text
    assert not Activity.objects.exists()


def test_a_crafted_chair_outside_the_staff_is_refused(client, cas_official, sipo_official, outsider):
    client.force_login(cas_official)
    data = form_data(attendees=[cas_official, sipo_official], chair=outsider.pk)
    response = client.post(reverse("meetings:create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["chair"] == [
        "That person cannot be chosen here. Search by name and choose someone from the list."
    ]
    assert f'id="attendees-person-{sipo_official.pk}" checked' in response.text
