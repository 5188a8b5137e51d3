"""The dashboard's training panel: a coordinator's party's enrolments waiting for their approval."""

import lxml.html
from django.urls import reverse

from cooperation.training import services

DASHBOARD = reverse("dashboard")


def panel(client):
    """The panel's rows as text, None when the dashboard shows no training panel."""
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    found = lxml.html.fromstring(response.content.decode()).xpath(
        "//section[@aria-labelledby='training-approve-heading']"
    )
    if not found:
        return None
    return [" ".join(item.text_content().split()) for item in found[0].xpath(".//li")]


def test_a_coordinator_sees_their_partys_pending_enrolments_until_decided(
    client, make_session, cas_staff, cas_coordinator, sipo_coordinator
):
    session = make_session(needs_approval=True)
    (person,) = cas_staff(1)
    pending = services.enrolment_create(session=session, user=person)
    client.force_login(cas_coordinator)
    (row,) = panel(client)
    assert row.startswith("CAS Staff 0 Patent examination practice")
    page = client.get(DASHBOARD).text
    assert f'href="{reverse("training:enrolment_decide", args=[pending.pk])}"' in page
    assert f'href="{reverse("training:list")}?scope=approve"' in page
    client.force_login(sipo_coordinator)  # not their party's enrolment
    assert panel(client) is None
    services.enrolment_decide(enrolment=pending, by=cas_coordinator, approve=True)
    client.force_login(cas_coordinator)
    assert panel(client) is None


def test_nobody_else_is_asked(client, make_session, cas_staff, cas_official, cas_docadmin, sipo_official):
    services.enrolment_create(session=make_session(needs_approval=True), user=cas_staff(1)[0])
    for person in (cas_official, cas_docadmin, sipo_official):
        client.force_login(person)
        assert panel(client) is None, person.username


def test_the_panel_shows_ten_and_says_there_are_more(client, make_session, cas_staff, cas_coordinator, cas, sipo):
    session = make_session(needs_approval=True, seats={cas.pk: 20, sipo.pk: 2})
    for person in cas_staff(12):
        services.enrolment_create(session=session, user=person)
    client.force_login(cas_coordinator)
    assert len(panel(client)) == 10
    assert "10+" in client.get(DASHBOARD).text


def test_the_navbar_leads_to_training(client, cas_official):
    client.force_login(cas_official)
    navbar = lxml.html.fromstring(client.get(DASHBOARD).content.decode()).xpath("//nav//a/@href")
    assert reverse("training:list") in navbar
