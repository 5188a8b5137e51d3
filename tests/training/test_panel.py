"""Training on the dashboard: a coordinator's party's enrolments waiting for their approval (in the one panel of
what waits), and the year's figures."""

from datetime import datetime
from zoneinfo import ZoneInfo

import lxml.html
import time_machine
from django.urls import reverse
from django.utils.translation import override

from cooperation.training import services
from protocol.areas import Area
from tests.dashboard import waiting_items, waiting_more

DASHBOARD = reverse("dashboard")


def panel(client):
    """The training items waiting for the reader (titles), None when there are none."""
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    return [item.title for item in waiting_items(response) if item.area == Area.TRAINING] or None


def test_a_coordinator_sees_their_partys_pending_enrolments_until_decided(
    client, make_session, cas_staff, cas_coordinator, sipo_coordinator
):
    session = make_session(needs_approval=True)
    (person,) = cas_staff(1)
    pending = services.enrolment_create(session=session, user=person)
    client.force_login(cas_coordinator)
    (row,) = panel(client)
    assert row.startswith("CAS Staff 0 — Patent examination practice")
    page = client.get(DASHBOARD).text
    assert f'href="{reverse("training:enrolment_decide", args=[pending.pk])}"' in page
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


def test_the_panel_shows_five_and_says_how_many_more(client, make_session, cas_staff, cas_coordinator, cas, sipo):
    session = make_session(needs_approval=True, seats={cas.pk: 20, sipo.pk: 2})
    for person in cas_staff(12):
        services.enrolment_create(session=session, user=person)
    client.force_login(cas_coordinator)
    assert len(panel(client)) == 5
    (more,) = waiting_more(client.get(DASHBOARD))
    assert more.count == 7 and more.url == f"{reverse('training:list')}?scope=approve"


def test_the_navbar_leads_to_training(client, cas_official):
    client.force_login(cas_official)
    navbar = lxml.html.fromstring(client.get(DASHBOARD).content.decode()).xpath("//nav//a/@href")
    assert reverse("training:list") in navbar


def test_the_years_figures_per_party_are_on_the_dashboard_and_follow_enrolments(
    client, make_session, cas_staff, cas_official, cas, sipo
):
    def figures_of(party_code):
        tree = lxml.html.fromstring(client.get(DASHBOARD).content.decode())
        rows = tree.xpath("//section[@aria-labelledby='training-figures-heading']//tbody/tr")
        cells = {row.xpath("td")[0].text_content().strip(): [td.text_content().strip() for td in row.xpath("td")[1:]]
                 for row in rows}  # fmt: skip
        return cells.get(party_code)

    # Mid-year, so that the session a week ahead falls in the year the panel shows (not so on 31 December).
    with time_machine.travel(datetime(2027, 6, 15, 10, tzinfo=ZoneInfo("Asia/Shanghai"))), override("en"):
        session = make_session(seats={cas.pk: 3, sipo.pk: 2})
        client.force_login(cas_official)
        assert figures_of("CAS") == ["3", "0", "—"]
        services.enrolment_create(session=session, user=cas_staff(1)[0])
        # The cached figures are told of the change by the service (protocol.counts).
        assert figures_of("CAS") == ["3", "1", "—"]
