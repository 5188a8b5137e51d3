"""The session page and the enrolment pages: seats per party, the reader's enrolment and place on the waitlist,
enrol → waitlist → cancel → promotion, who sees the enrolees, links by permission, the cost of the page, and the
page in Chinese."""

from datetime import timedelta

import lxml.html
import time_machine
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from cooperation.training import services
from cooperation.training.models import Enrolment
from protocol.notifications.models import OutboxMessage
from protocol.parties.models import Language


def said(response) -> str:
    """The message the request added (those of earlier redirects, not followed here, come before it)."""
    return [str(message) for message in get_messages(response.wsgi_request)][-1]


def page(client, session):
    response = client.get(session.get_absolute_url())
    assert response.status_code == 200
    return response


def text(response) -> str:
    return " ".join(lxml.html.fromstring(response.content.decode()).xpath("//main")[0].text_content().split())


def seat_table(response) -> list[list[str]]:
    tree = lxml.html.fromstring(response.content.decode())
    return [
        [" ".join(td.text_content().split()) for td in row.xpath("./td")]
        for row in tree.xpath("//table[contains(@class, 'seats')]/tbody/tr")
    ]


def enrol(client, session):
    return client.post(reverse("training:enrol", args=[session.pk]))


def test_enrol_then_waitlist_then_a_cancellation_promotes_the_first_waiting(client, session, cas_staff, cas_official):
    first, second = cas_staff(2)
    client.force_login(first)
    assert "Enrol" in text(page(client, session))
    assert said(enrol(client, session)) == "You are enrolled."
    client.force_login(second)
    enrol(client, session)
    client.force_login(cas_official)
    response = enrol(client, session)
    assert said(response) == (
        "All seats of your party are taken: you are on its waitlist and will be told when a seat is yours."
    )
    mine = page(client, session)
    assert "On the waitlist number 1 on the waitlist" in text(mine)
    assert seat_table(mine) == [["CAS", "2", "2", "0", "1"], ["CNIPA", "2", "0", "2", "0"]]
    # The first cancels through the confirmation page: the seat is Li Ming's at once, and Li Ming is told.
    client.force_login(first)
    enrolment = Enrolment.objects.get(user=first, status="enrolled")
    cancel = reverse("training:enrolment_cancel", args=[enrolment.pk])
    assert "Cancel your enrolment?" in client.get(cancel).text
    assert said(client.post(cancel)) == "Your enrolment is cancelled."
    assert "Cancelled" not in text(page(client, session)) and "Enrol" in text(page(client, session))
    client.force_login(cas_official)
    now = page(client, session)
    assert "Enrolled" in text(now) and "waitlist number" not in text(now)
    assert seat_table(now) == [["CAS", "2", "2", "0", "0"], ["CNIPA", "2", "0", "2", "0"]]
    assert OutboxMessage.objects.filter(kind="training.promoted", recipient=cas_official).exists()


def test_enrolment_outside_the_window_is_refused_with_the_reason(client, make_session, cas_official):
    later = make_session(enrolment_opens_at=timezone.now() + timedelta(days=1))
    client.force_login(cas_official)
    assert "Enrolment is not open." in text(page(client, later))
    response = enrol(client, later)
    assert response.status_code == 302 and said(response).startswith("Enrolment opens on ")
    with time_machine.travel(later.enrolment_closes_at + timedelta(minutes=1)):
        client.force_login(cas_official)
        assert said(enrol(client, later)) == "Enrolment has closed."
    assert not Enrolment.objects.exists()


def test_enrolling_twice_says_so(client, session, cas_official):
    client.force_login(cas_official)
    enrol(client, session)
    assert said(enrol(client, session)) == "Li Ming is already enrolled or on the waitlist."
    assert Enrolment.objects.count() == 1


def test_after_enrolment_closes_only_the_coordinator_withdraws(client, session, cas_official, cas_coordinator):
    enrolment = services.enrolment_create(session=session, user=cas_official)
    cancel = reverse("training:enrolment_cancel", args=[enrolment.pk])
    with time_machine.travel(session.enrolment_closes_at + timedelta(minutes=1)):
        client.force_login(cas_official)
        assert "ask your party's coordinator to withdraw you" in text(page(client, session))
        assert client.post(cancel).status_code == 403
        client.force_login(cas_coordinator)
        assert "Withdraw" in text(page(client, session))
        assert said(client.post(cancel)) == "Li Ming is withdrawn."
    enrolment.refresh_from_db()
    assert enrolment.status == "withdrawn"


def test_the_organisers_see_every_enrolee_the_other_partys_coordinator_their_own(
    client, session, cas_official, sipo_official, sipo_docadmin, cas_coordinator, cas_docadmin
):
    services.enrolment_create(session=session, user=cas_official)
    services.enrolment_create(session=session, user=sipo_official)
    for reader in (sipo_docadmin, sipo_official):
        client.force_login(reader)
        shown = page(client, session)
        assert [e.user for e in shown.context["enrolees"]] == [cas_official, sipo_official]
    client.force_login(cas_coordinator)
    assert [e.user for e in page(client, session).context["enrolees"]] == [cas_official]
    client.force_login(cas_docadmin)
    response = page(client, session)
    assert response.context["enrolees"] is None and "Enrolees" not in text(response)


def test_a_coordinator_nominates_and_decides_from_the_page(
    client, make_session, cas_official, cas_coordinator, sipo_coordinator
):
    session = make_session(needs_approval=True)
    pending = services.enrolment_create(session=session, user=cas_official)
    decide = reverse("training:enrolment_decide", args=[pending.pk])
    client.force_login(cas_coordinator)
    mine = page(client, session).text
    assert reverse("training:nominate", args=[session.pk]) in mine and decide in mine
    client.force_login(sipo_coordinator)
    assert decide not in page(client, session).text
    client.force_login(cas_official)
    assert "Waiting for approval" in text(page(client, session))


def test_the_attendance_links_come_when_the_permissions_say_so(
    client, session, sipo_official, cas_coordinator, cas_official
):
    attendance = f'href="{reverse("training:attendance", args=[session.pk])}"'
    countersign = f'href="{reverse("training:countersign", args=[session.pk])}"'
    client.force_login(sipo_official)
    assert attendance not in page(client, session).text
    with time_machine.travel(session.starts_at + timedelta(minutes=5)):
        client.force_login(sipo_official)  # a trainer
        assert attendance in page(client, session).text
        client.force_login(cas_coordinator)
        shown = page(client, session).text
        assert countersign in shown and attendance not in shown
        client.force_login(cas_official)
        shown = page(client, session).text
        assert countersign not in shown and attendance not in shown


def test_the_session_page_costs_the_same_for_1_and_50_enrolees(
    client, make_session, cas_staff, sipo_coordinator, cas_coordinator, cas, sipo
):
    people = cas_staff(50)
    small, large = make_session(), make_session(seats={cas.pk: 20, sipo.pk: 2}, needs_approval=True)
    services.enrolment_create(session=small, user=people[0])
    for person in people:
        services.enrolment_create(session=large, user=person)

    def cost(session) -> int:
        with CaptureQueriesContext(connection) as captured:
            page(client, session)
        return len(captured)

    for reader in (sipo_coordinator, cas_coordinator):
        client.force_login(reader)
        assert cost(small) == cost(large), reader
        assert len(page(client, large).context["enrolees"]) == 50


def test_the_pages_speak_chinese_to_a_chinese_reader(client, session, cas_official, cas_coordinator):
    enrolment = services.enrolment_create(session=session, user=cas_official)
    for person in (cas_official, cas_coordinator):
        person.preferred_language = Language.CHINESE
        person.save(update_fields=["preferred_language"])
    client.force_login(cas_coordinator)
    pages = [
        reverse("training:list"),
        reverse("training:list") + "?scope=mine",
        reverse("training:list") + "?scope=approve",
        reverse("training:courses"),
        session.course.get_absolute_url(),
        session.get_absolute_url(),
        reverse("training:nominate", args=[session.pk]),
        reverse("training:enrolment_cancel", args=[enrolment.pk]),
    ]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        assert '<html lang="zh-hans">' in response.text, path
    shown = page(client, session).text
    # The date as a Chinese reader writes it, the party in Chinese, the zone by its name.
    starts = timezone.localtime(session.starts_at)
    assert f"{starts.year}年{starts.month}月{starts.day}日" in shown
    assert "国知局" in shown and "北京时间" in shown


def test_the_session_form_names_each_partys_seats_in_the_readers_language(cas, sipo):
    from cooperation.training.forms import SessionForm

    with override("zh-hans"):
        form = SessionForm()
        labels = [str(form.fields[name].label) for name in ("seats_cas", "seats_sipo")]
        assert "中科院" in labels[0] and "国知局" in labels[1]
        assert form.fields["starts_at"].help_text == "北京时间"
