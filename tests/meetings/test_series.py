"""Meeting series in the portal: coordinators of either party list, create and edit them; nobody else may."""

import pytest
from django.urls import reverse

from cooperation.meetings import services
from cooperation.meetings.models import Series
from tests.once import once
from tests.pages import assert_stacks_on_a_phone, list_tables

LIST, CREATE = reverse("meetings:series_list"), reverse("meetings:series_create")
NAME = "联合工作组 Joint Working Group"


def edit_url(series) -> str:
    return reverse("meetings:series_edit", args=[series.pk])


@pytest.fixture
def series(cas_coordinator):
    return services.series_create(by=cas_coordinator, name=NAME, description="双方每季度召开一次。")


@pytest.mark.parametrize("username", ["cas_coordinator", "sipo_coordinator"])
def test_coordinators_of_either_party_list_create_and_edit_series(client, personas, series, username):
    client.force_login(personas[username])
    page = client.get(LIST)
    assert page.status_code == 200 and NAME in page.text and edit_url(series) in page.text
    (table,) = list_tables(page)
    assert_stacks_on_a_phone(table)

    response = client.post(CREATE, once(name="知识产权联络会", description="Liaison meetings."))
    assert response.status_code == 302 and response["Location"] == LIST
    assert Series.objects.filter(name="知识产权联络会", description="Liaison meetings.").exists()

    assert client.get(edit_url(series)).status_code == 200
    response = client.post(edit_url(series), {"name": "联合工作组", "description": ""})
    assert response.status_code == 302
    series.refresh_from_db()
    assert (series.name, series.description) == ("联合工作组", "")


@pytest.mark.parametrize("username", ["cas_official", "sipo_official", "cas_docadmin", "outsider"])
def test_nobody_else_manages_series(client, personas, outsider, series, username):
    client.force_login(outsider if username == "outsider" else personas[username])
    assert client.get(LIST).status_code == 403
    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, once(name="Hijacked")).status_code == 403
    assert client.get(edit_url(series)).status_code == 403
    assert client.post(edit_url(series), {"name": "Hijacked"}).status_code == 403
    assert list(Series.objects.values_list("name", flat=True)) == [NAME]


def test_the_meetings_page_links_series_for_coordinators_only(client, cas_coordinator, cas_official):
    client.force_login(cas_coordinator)
    assert LIST in client.get(reverse("meetings:list")).text
    client.force_login(cas_official)
    assert LIST not in client.get(reverse("meetings:list")).text


def test_signed_out_visitors_are_sent_to_sign_in(client, db):
    response = client.get(LIST)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_editing_a_series_that_does_not_exist_is_404(client, cas_coordinator):
    client.force_login(cas_coordinator)
    assert client.get(reverse("meetings:series_edit", args=[999])).status_code == 404


@pytest.mark.parametrize("name", ["", "   "])
def test_a_series_needs_a_name(client, cas_coordinator, name):
    client.force_login(cas_coordinator)
    response = client.post(CREATE, once(name=name, description="x"))
    assert response.status_code == 200
    assert "Give the series a name." in response.text
    assert not Series.objects.exists()


def test_two_series_cannot_share_a_name(client, sipo_coordinator, series):
    client.force_login(sipo_coordinator)
    response = client.post(CREATE, once(name=NAME))
    assert response.status_code == 200 and response.context["form"].errors["name"]
    assert Series.objects.count() == 1
    other = services.series_create(by=sipo_coordinator, name="Liaison")
    response = client.post(edit_url(other), {"name": NAME})
    assert response.status_code == 200 and response.context["form"].errors["name"]
    other.refresh_from_db()
    assert other.name == "Liaison"


def test_the_service_refuses_a_duplicate_name_and_non_coordinators(series, cas_coordinator, cas_official):
    from django.core.exceptions import PermissionDenied, ValidationError

    with pytest.raises(ValidationError) as error:
        services.series_create(by=cas_coordinator, name=f" {NAME} ")
    assert "name" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        services.series_create(by=cas_official, name="Another")
    with pytest.raises(PermissionDenied):
        services.series_update(series=series, by=cas_official, name="Another")
    assert Series.objects.count() == 1


def test_the_series_list_says_when_there_is_none(client, cas_coordinator):
    client.force_login(cas_coordinator)
    page = client.get(LIST)
    assert "No meeting series yet." in page.text and CREATE in page.text
