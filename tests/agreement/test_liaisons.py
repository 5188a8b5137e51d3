"""The liaisons' directory: read by the staff of both parties, kept by the portal admins (either party) and the
coordinators (their own party's)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from protocol.agreement import services
from protocol.agreement.models import Liaison
from protocol.areas import Area
from tests.once import once
from tests.pages import assert_stacks_on_a_phone, list_tables
from tests.permission_tables import answers, table

from .conftest import liaison_fields

pytestmark = pytest.mark.usefixtures("english")


def post_for(party, **changes) -> dict:
    return once(
        {
            "party": party.pk,
            "area": "documents",
            "full_name": "赵明",
            "unit": "专利文献部",
            "role": "副主任",
            "email": "zhaoming@example.org",
            "phone": "010-6208 3114",
        }
        | changes
    )


def test_who_reads_the_directory(client, personas, cas_liaison, portal_admin):
    assert answers(client, personas, "get", reverse("agreement:liaisons")) == table(default=200)
    client.force_login(portal_admin)
    page = client.get(reverse("agreement:liaisons"))
    assert page.status_code == 200 and "王晓燕" in page.text and "010-8262 6611" in page.text
    client.logout()
    assert client.get(reverse("agreement:liaisons")).status_code == 302


def test_who_may_add_a_liaison(client, personas, cas, portal_admin):
    expected = table(cas_coordinator=200, sipo_coordinator=200)
    assert answers(client, personas, "get", reverse("agreement:liaison_create")) == expected
    client.force_login(portal_admin)
    assert client.get(reverse("agreement:liaison_create")).status_code == 200


def test_who_may_change_or_remove_a_liaison(client, personas, cas_liaison, portal_admin):
    for name in ("liaison_edit", "liaison_remove"):
        url = reverse(f"agreement:{name}", args=[cas_liaison.pk])
        assert answers(client, personas, "get", url) == table(cas_coordinator=200)
        client.force_login(portal_admin)
        assert client.get(url).status_code == 200
    remove = reverse("agreement:liaison_remove", args=[cas_liaison.pk])
    assert answers(client, personas, "post", remove) == table(cas_coordinator=302)
    assert Liaison.objects.filter(pk=cas_liaison.pk).exists()
    assert client.get(reverse("agreement:liaison_edit", args=[999])).status_code == 404


def test_a_coordinator_adds_a_liaison_of_their_party_once(client, sipo, sipo_coordinator):
    client.force_login(sipo_coordinator)
    data = post_for(sipo)
    assert client.post(reverse("agreement:liaison_create"), data).status_code == 302
    assert client.post(reverse("agreement:liaison_create"), data).status_code == 302
    liaison = Liaison.objects.get()
    assert (liaison.party, liaison.area, liaison.full_name, liaison.user) == (sipo, Area.DOCUMENTS, "赵明", None)


def test_a_coordinator_cannot_add_a_liaison_of_the_other_party(client, cas, sipo_coordinator):
    client.force_login(sipo_coordinator)
    response = client.post(reverse("agreement:liaison_create"), post_for(cas))
    assert response.status_code == 200 and "Select a valid choice" in response.text
    assert not Liaison.objects.exists()


def test_a_portal_admin_keeps_either_partys_liaisons(client, cas, sipo, portal_admin):
    client.force_login(portal_admin)
    for party in (cas, sipo):
        assert client.post(reverse("agreement:liaison_create"), post_for(party)).status_code == 302
    assert sorted(Liaison.objects.values_list("party__code", flat=True)) == ["CAS", "SIPO"]


def test_a_liaison_chosen_among_the_users_takes_their_name_and_e_mail(client, cas, cas_coordinator, cas_official):
    client.force_login(cas_coordinator)
    page = client.get(reverse("agreement:liaison_create"))
    # The people picker: no <select> of every member of staff.
    assert "people/pick/" in page.text and f'value="{cas_official.pk}"' not in page.text
    data = post_for(cas, full_name="", email="", user=cas_official.pk)
    assert client.post(reverse("agreement:liaison_create"), data).status_code == 302
    liaison = Liaison.objects.get()
    assert (liaison.user, liaison.full_name, liaison.email) == (cas_official, "Li Ming", cas_official.email)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"full_name": ""}, "Give the liaison&#x27;s name, or choose them among the portal&#x27;s users."),
        ({"email": "not-an-address"}, "Enter a valid email address."),
        ({"area": "elsewhere"}, "Select a valid choice."),
        ({"full_name": "名" * 151}, "at most 150 characters"),
    ],
)
def test_bad_input_says_what_is_wrong_and_stores_nothing(client, cas, cas_coordinator, change, message):
    client.force_login(cas_coordinator)
    response = client.post(reverse("agreement:liaison_create"), post_for(cas, **change))
    assert response.status_code == 200 and message in response.text
    assert not Liaison.objects.exists()


def test_a_liaison_of_a_party_is_one_of_its_own_staff(client, cas, portal_admin, sipo_official):
    client.force_login(portal_admin)
    response = client.post(reverse("agreement:liaison_create"), post_for(cas, user=sipo_official.pk))
    assert response.status_code == 200 and "A liaison of a party is one of its own staff." in response.text
    assert not Liaison.objects.exists()


def test_editing_and_removing_a_liaison(client, cas, cas_coordinator, cas_liaison):
    client.force_login(cas_coordinator)
    edit = reverse("agreement:liaison_edit", args=[cas_liaison.pk])
    data = post_for(cas, role="处长")
    data.pop("once_token")
    assert client.post(edit, data).status_code == 302
    cas_liaison.refresh_from_db()
    assert cas_liaison.role == "处长"
    assert client.post(reverse("agreement:liaison_remove", args=[cas_liaison.pk])).status_code == 302
    assert not Liaison.objects.exists()


def test_the_directory_costs_the_same_queries_for_1_and_50_liaisons(client, cas, sipo, cas_coordinator, sipo_official):
    client.force_login(sipo_official)

    def queries_with(count: int) -> int:
        Liaison.objects.all().delete()
        for n in range(count):
            party = cas if n % 2 else sipo
            services.liaison_create(
                by=cas_coordinator if party == cas else _admin(), fields=liaison_fields(party, full_name=f"联络人{n}")
            )
        with CaptureQueriesContext(connection) as queries:
            page = client.get(reverse("agreement:liaisons"))
        assert page.status_code == 200 and "联络人" in page.text
        return len(queries)

    assert queries_with(1) == queries_with(50)


def _admin():
    from tests.factories import UserFactory

    return UserFactory(username="portal_admin", full_name="Portal Admin", party=None, is_staff=True)


def test_the_directory_stacks_into_cards_on_a_phone(client, cas_liaison, cas_coordinator, sipo_official):
    for person in (cas_coordinator, sipo_official):
        client.force_login(person)
        [table] = list_tables(client.get(reverse("agreement:liaisons")))
        assert_stacks_on_a_phone(table)
