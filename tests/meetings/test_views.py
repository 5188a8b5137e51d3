"""The meeting pages: who may see and do what, bad input, answers, .ics files and the personal feed."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from icalendar import Calendar

from cooperation.documents import services as document_services
from cooperation.meetings import services
from cooperation.meetings.models import AgendaItem, Attendance, CalendarFeed, Meeting, MeetingStatus, Rsvp
from protocol.notifications.models import OutboxMessage
from protocol.parties.models import Language
from tests.meetings.data import form_data, url
from tests.pages import follow, link, messages_of

PARTY_STAFF = ["cas_official", "sipo_official", "cas_docadmin", "sipo_docadmin", "cas_coordinator", "sipo_coordinator"]
SIPO_AND_OUTSIDER = ["sipo_official", "sipo_docadmin", "sipo_coordinator", "outsider"]
MEETING_PAGES = ["detail", "edit", "cancel", "invitation"]


def parse_ics(response) -> Calendar:
    return Calendar.from_ical(response.content)


# Who may open which page


@pytest.mark.parametrize("name", ["meetings:list", "meetings:create", "meetings:calendar"])
def test_anonymous_is_sent_to_sign_in(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", MEETING_PAGES)
def test_anonymous_cannot_open_a_meeting(client, cas_meeting, name):
    response = client.get(url(name, cas_meeting))
    assert response.status_code == 302 and reverse("login") in response["Location"]


@pytest.mark.parametrize(
    ("username", "sees"), [(u, True) for u in PARTY_STAFF] + [("outsider", False)], ids=[*PARTY_STAFF, "outsider"]
)
def test_the_list_shows_a_shared_meeting_to_both_parties(client, personas, cas_meeting, username, sees):
    client.force_login(personas[username])
    response = client.get(reverse("meetings:list"))
    assert response.status_code == 200
    assert (cas_meeting.title in response.text) is sees


@pytest.mark.parametrize(
    ("username", "status"), [(u, 200) for u in PARTY_STAFF] + [("outsider", 404)], ids=[*PARTY_STAFF, "outsider"]
)
def test_who_may_open_a_shared_meeting_and_its_ics(client, personas, cas_meeting, username, status):
    client.force_login(personas[username])
    assert client.get(url("detail", cas_meeting)).status_code == status
    assert client.get(url("invitation", cas_meeting)).status_code == status


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("cas_official", 200),
        ("cas_coordinator", 200),
        ("sipo_official", 200),
        ("sipo_coordinator", 200),
        ("cas_docadmin", 403),  # may view meetings, not schedule them
        ("sipo_docadmin", 403),
        ("outsider", 403),
    ],
)
def test_who_may_open_the_new_meeting_form(client, personas, username, status):
    client.force_login(personas[username])
    assert client.get(reverse("meetings:create")).status_code == status


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("cas_official", 200),
        ("cas_coordinator", 200),
        ("cas_docadmin", 403),  # organising party, but no scheduling role
        ("sipo_official", 403),  # sees it, but the organising party edits
        ("sipo_coordinator", 403),
        ("sipo_docadmin", 403),
        ("outsider", 404),
    ],
)
def test_who_may_edit_and_cancel_a_meeting(client, personas, cas_meeting, username, status):
    client.force_login(personas[username])
    assert client.get(url("edit", cas_meeting)).status_code == status
    assert client.get(url("cancel", cas_meeting)).status_code == status


@pytest.mark.parametrize("username", ["sipo_official", "sipo_coordinator"])
def test_the_other_party_cannot_change_or_cancel_by_posting(client, personas, cas_meeting, sipo_official, username):
    client.force_login(personas[username])
    data = form_data(attendees=[sipo_official], title="Taken over")
    assert client.post(url("edit", cas_meeting), data).status_code == 403
    assert client.post(url("cancel", cas_meeting)).status_code == 403
    cas_meeting.refresh_from_db()
    assert (cas_meeting.title, cas_meeting.status) == ("第五次联合工作组会议", MeetingStatus.SCHEDULED)


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("sipo_official", 302),  # invited
        ("cas_coordinator", 302),  # invited
        ("cas_docadmin", 403),  # sees the meeting, not invited
        ("sipo_coordinator", 403),
        ("outsider", 404),
    ],
)
def test_who_may_answer_an_invitation(client, personas, cas_meeting, username, status):
    client.force_login(personas[username])
    assert client.post(url("rsvp", cas_meeting), {"rsvp": Rsvp.ATTENDING}).status_code == status


@pytest.mark.parametrize("username", SIPO_AND_OUTSIDER)
def test_an_internal_meeting_is_404_for_the_other_party_on_every_url(client, personas, cas_internal_meeting, username):
    client.force_login(personas[username])
    for name in MEETING_PAGES:
        assert client.get(url(name, cas_internal_meeting)).status_code == 404, name
    for name in ["edit", "cancel", "rsvp"]:
        assert client.post(url(name, cas_internal_meeting), {"rsvp": Rsvp.ATTENDING}).status_code == 404, name
    for scope in ["upcoming", "past", "mine"]:
        page = client.get(reverse("meetings:list"), {"scope": scope}).text
        assert "CAS preparatory meeting" not in page
    cas_internal_meeting.refresh_from_db()
    assert cas_internal_meeting.status == MeetingStatus.SCHEDULED


@pytest.mark.parametrize("username", ["cas_official", "cas_docadmin", "cas_coordinator"])
def test_an_internal_meeting_is_seen_by_its_own_party(client, personas, cas_internal_meeting, username):
    client.force_login(personas[username])
    response = client.get(url("detail", cas_internal_meeting))
    assert response.status_code == 200
    assert "the other party does not see this meeting" in response.text
    assert "CAS preparatory meeting" in client.get(reverse("meetings:list")).text


def test_a_missing_meeting_is_404(client, cas_official):
    client.force_login(cas_official)
    assert client.get(reverse("meetings:detail", args=[999999])).status_code == 404


def test_answering_is_post_only(client, sipo_official, cas_meeting):
    client.force_login(sipo_official)
    assert client.get(url("rsvp", cas_meeting)).status_code == 405


# The detail page


def test_the_detail_page_shows_attendees_by_party_with_their_answers_and_the_agenda(
    client, cas_official, sipo_official, cas_meeting
):
    services.attendance_answer(meeting=cas_meeting, by=sipo_official, rsvp=Rsvp.MAYBE)
    client.force_login(cas_official)
    response = client.get(url("detail", cas_meeting))
    page = response.text
    assert "Chinese Academy of Sciences" in page and "China National Intellectual Property Administration" in page
    assert page.index("Chinese Academy of Sciences") < page.index("Wang Fang")  # grouped, CAS first
    assert f'id="rsvp-of-{sipo_official.pk}"' in page
    assert [(a.user.username, a.rsvp) for a in response.context["meeting"].attendances.all()] == [
        ("cas_coordinator", Rsvp.PENDING),
        ("cas_official", Rsvp.PENDING),
        ("sipo_official", Rsvp.MAYBE),
    ]
    assert page.index("Opening") < page.index("专利信息资源共享")
    assert "10 minutes" in page
    assert url("edit", cas_meeting) in page and url("cancel", cas_meeting) in page
    assert url("invitation", cas_meeting) in page


def test_edit_and_cancel_buttons_only_for_the_organising_party(client, sipo_official, cas_docadmin, cas_meeting):
    for person in (sipo_official, cas_docadmin):
        client.force_login(person)
        page = client.get(url("detail", cas_meeting)).text
        assert url("edit", cas_meeting) not in page and url("cancel", cas_meeting) not in page


def test_the_answer_buttons_are_shown_to_the_invited_only(client, sipo_official, sipo_coordinator, cas_meeting):
    client.force_login(sipo_official)
    page = client.get(url("detail", cas_meeting)).text
    assert url("rsvp", cas_meeting) in page and 'hx-post="' in page and 'name="rsvp"' in page
    client.force_login(sipo_coordinator)
    assert url("rsvp", cas_meeting) not in client.get(url("detail", cas_meeting)).text


@pytest.mark.parametrize("preferred", [Language.CHINESE, Language.ENGLISH])
def test_the_meeting_pages_name_the_zone_in_words_in_either_language(client, make_meeting, cas_official, preferred):
    cas_official.preferred_language = preferred
    cas_official.save()
    make_meeting(title="Zone meeting", starts_at=datetime(2026, 6, 1, 1, 0, tzinfo=UTC))
    meeting = Meeting.objects.get(title="Zone meeting")
    client.force_login(cas_official)
    detail = client.get(url("detail", meeting)).text
    listed = client.get(reverse("meetings:list"), {"scope": "past"}).text
    with translation.override(preferred):
        zone = gettext("Beijing time")
    assert zone in detail and zone in listed and "Zone meeting" in listed
    assert "Asia/Shanghai" not in detail + listed


def test_times_are_shown_in_beijing_time(client, make_meeting, cas_official):
    make_meeting(title="Early meeting", starts_at=datetime(2026, 6, 1, 1, 0, tzinfo=UTC))
    meeting = Meeting.objects.get(title="Early meeting")
    client.force_login(cas_official)
    detail = client.get(url("detail", meeting)).text
    assert "09:00" in detail and "10:30" in detail and "Beijing time" in detail and "Asia/Shanghai" not in detail
    listed = client.get(reverse("meetings:list"), {"scope": "past"}).text
    assert "09:00" in listed and 'datetime="2026-06-01T09:00:00+08:00"' in listed


def test_only_the_materials_the_reader_may_see_are_listed(
    client, make_meeting, make_document, cas_official, sipo_official
):
    shared = make_document(title="Shared patent statistics", confidentiality="shared")
    internal = make_document(title="CAS negotiating notes", confidentiality="internal")
    meeting = make_meeting(
        materials=[shared, internal],
        agenda=[services.AgendaRow(title="Statistics", documents=[shared, internal])],
    )
    client.force_login(cas_official)
    page = client.get(url("detail", meeting)).text
    assert page.count("CAS negotiating notes") == 2 and page.count("Shared patent statistics") == 2
    client.force_login(sipo_official)
    page = client.get(url("detail", meeting)).text
    assert "CAS negotiating notes" not in page
    assert page.count("Shared patent statistics") == 2


# Scheduling and editing through the form


def test_the_edit_form_lists_the_chosen_staff_grouped_by_party_and_no_one_else(
    client, cas_official, sipo_official, cas_meeting, personas
):
    client.force_login(cas_official)
    page = client.get(url("edit", cas_meeting)).text
    chosen = page[page.index('id="div_id_attendees"') : page.index('id="div_id_chair"')]
    assert chosen.index("Chinese Academy of Sciences") < chosen.index("Li Ming") < chosen.index("Wang Fang")
    assert chosen.index("China National Intellectual Property Administration") < chosen.index("Wang Fang")
    assert f'value="{sipo_official.pk}" id="attendees-person-{sipo_official.pk}" checked' in chosen
    assert "Liu Yang" not in page  # not invited: offered only by the search


def test_scheduling_stores_the_meeting_in_utc_with_its_ordered_agenda(
    client, cas_official, sipo_official, cas_coordinator
):
    client.force_login(cas_official)
    data = form_data(
        attendees=[cas_official, sipo_official, cas_coordinator],
        chair=cas_official.pk,
        minute_taker=sipo_official.pk,
        agenda=[
            {"title": "Opening", "presenter": "Li Ming", "planned_minutes": "10"},
            {"title": "", "presenter": "", "planned_minutes": ""},  # a blank row is skipped
            {"title": "Data exchange", "planned_minutes": "45"},
        ],
    )
    response = client.post(reverse("meetings:create"), data)
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
    assert meeting.starts_at == datetime(2031, 5, 12, 2, 0, tzinfo=UTC)  # 10:00 in Beijing
    assert meeting.ends_at == datetime(2031, 5, 12, 3, 30, tzinfo=UTC)
    assert (meeting.organising_party, meeting.chair, meeting.minute_taker) == (
        cas_official.party,
        cas_official,
        sipo_official,
    )
    assert list(meeting.agenda.values_list("position", "title", "presenter", "planned_minutes")) == [
        (1, "Opening", "Li Ming", 10),
        (2, "Data exchange", "", 45),
    ]
    assert sorted(OutboxMessage.objects.values_list("recipient__username", flat=True)) == [
        "cas_coordinator",
        "sipo_official",
    ]
    assert "Meeting scheduled." in " ".join(messages_of(response))


def test_the_new_meeting_form_offers_a_people_search_for_each_staff_field(client, cas_official, sipo_official):
    client.force_login(cas_official)
    page = client.get(reverse("meetings:create")).text
    assert 'hx-get="/people/pick/?field=attendees&amp;multiple=1"' in page
    assert 'hx-get="/people/pick/?field=chair"' in page and 'hx-get="/people/pick/?field=minute_taker"' in page
    assert "Wang Fang" not in page  # nobody is chosen yet, so nobody is listed
    assert 'type="datetime-local"' in page
    assert 'name="agenda-TOTAL_FORMS" value="3"' in page
    assert 'hx-get="/documents/pick/?field=materials"' in page
    assert 'hx-get="/documents/pick/?field=agenda-0-documents"' in page
    for name in ("id_title", "id_starts_at", "id_ends_at", "id_attendees", "id_chair", "id_agenda-0-title"):
        assert f'for="{name}"' in page, name


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"ends_at": "2031-05-12T09:00"}, "ends_at", "The meeting must end after it starts."),
        ({"ends_at": "2031-05-12T10:00"}, "ends_at", "The meeting must end after it starts."),
        ({"chair": "sipo_coordinator"}, "chair", "The chair must be one of the attendees."),
        ({"minute_taker": "sipo_coordinator"}, "minute_taker", "The minute-taker must be one of the attendees."),
        (
            {"internal": "on"},
            "attendees",
            "An internal meeting is invisible to the other party: invite only your own party.",
        ),
    ],
    ids=["end-before-start", "end-at-start", "chair", "minute-taker", "internal-with-other-party"],
)
def test_bad_input_is_reported_on_its_field_and_nothing_is_stored(
    client, personas, cas_official, sipo_official, overrides, field, message
):
    client.force_login(cas_official)
    overrides = {k: personas[v].pk if v in personas else v for k, v in overrides.items()}
    response = client.post(reverse("meetings:create"), form_data(attendees=[cas_official, sipo_official], **overrides))
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert message in response.text
    assert "nothing has been saved yet" in response.text
    assert not Meeting.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_a_negative_agenda_duration_is_refused_on_its_row(client, cas_official, sipo_official):
    client.force_login(cas_official)
    data = form_data(
        attendees=[cas_official, sipo_official],
        agenda=[{"title": "Opening", "planned_minutes": "10"}, {"title": "Back in time", "planned_minutes": "-5"}],
    )
    response = client.post(reverse("meetings:create"), data)
    assert response.status_code == 200
    agenda = response.context["agenda"]
    assert agenda.errors[1] == {"planned_minutes": ["Planned minutes cannot be negative."]}
    assert "Planned minutes cannot be negative." in response.text
    assert not Meeting.objects.exists() and not AgendaItem.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_an_agenda_row_without_a_title_is_refused(client, cas_official, sipo_official):
    client.force_login(cas_official)
    data = form_data(attendees=[cas_official, sipo_official], agenda=[{"presenter": "Li Ming"}])
    response = client.post(reverse("meetings:create"), data)
    assert "Give the agenda item a title" in response.text
    assert not Meeting.objects.exists()


def test_the_services_agenda_rule_shows_above_the_rows(client, cas_official, sipo_official, monkeypatch):
    # The form already refuses negative minutes; should the service refuse a row, the page says so too.
    from django.core.exceptions import ValidationError

    def refuse(**kwargs):
        raise ValidationError({"agenda": ["An agenda item cannot last a negative number of minutes."]})

    monkeypatch.setattr(services, "meeting_schedule", refuse)
    client.force_login(cas_official)
    response = client.post(reverse("meetings:create"), form_data(attendees=[cas_official, sipo_official]))
    assert response.context["agenda"].non_form_errors() == ["An agenda item cannot last a negative number of minutes."]
    assert "An agenda item cannot last a negative number of minutes." in response.text


def test_scheduling_nothing_for_a_docadmin_even_by_posting(client, cas_docadmin, sipo_official):
    client.force_login(cas_docadmin)
    response = client.post(reverse("meetings:create"), form_data(attendees=[cas_docadmin, sipo_official]))
    assert response.status_code == 403
    assert not Meeting.objects.exists()


def test_the_edit_form_shows_the_stored_values_in_local_time(client, cas_official, cas_meeting):
    client.force_login(cas_official)
    response = client.get(url("edit", cas_meeting))
    local = timezone.localtime(cas_meeting.starts_at).strftime("%Y-%m-%dT%H:%M")
    assert f'value="{local}"' in response.text
    agenda = response.context["agenda"]
    assert [form.initial["title"] for form in agenda.initial_forms] == ["Opening", "专利信息资源共享"]
    assert agenda.total_form_count() == 5  # the two items and three blank rows


def test_editing_reorders_removes_and_adds_agenda_items_and_sends_updates(
    client, cas_official, sipo_official, cas_coordinator, cas_meeting
):
    client.force_login(cas_official)
    OutboxMessage.objects.all().delete()
    data = form_data(
        attendees=[cas_official, sipo_official, cas_coordinator],
        chair=cas_official.pk,
        title="第五次联合工作组会议（改期）",
        starts_at="2031-06-02T14:00",
        ends_at="2031-06-02T16:00",
        agenda=[
            {"title": "Data exchange", "planned_minutes": "30"},
            {"title": "Opening", "planned_minutes": "10", "DELETE": "on"},
            {"title": "Any other business", "planned_minutes": "0"},
        ],
    )
    data["agenda-INITIAL_FORMS"] = "2"
    response = client.post(url("edit", cas_meeting), data)
    assert response.status_code == 302
    meeting = Meeting.objects.get(pk=cas_meeting.pk)
    assert meeting.title == "第五次联合工作组会议（改期）" and meeting.sequence == 1
    assert meeting.starts_at == datetime(2031, 6, 2, 6, 0, tzinfo=UTC)
    assert list(meeting.agenda.values_list("position", "title", "planned_minutes")) == [
        (1, "Data exchange", 30),
        (2, "Any other business", 0),
    ]
    assert sorted(OutboxMessage.objects.values_list("recipient__username", "kind")) == [
        ("cas_coordinator", "meeting.updated"),
        ("sipo_official", "meeting.updated"),
    ]


def test_a_failed_edit_changes_nothing(client, cas_official, sipo_official, cas_meeting):
    client.force_login(cas_official)
    OutboxMessage.objects.all().delete()
    data = form_data(
        attendees=[cas_official, sipo_official],
        title="Changed",
        ends_at="2031-05-12T08:00",
        agenda=[{"title": "Opening"}, {"title": "专利信息资源共享", "DELETE": "on"}],
    )
    data["agenda-INITIAL_FORMS"] = "2"
    response = client.post(url("edit", cas_meeting), data)
    assert response.status_code == 200
    assert response.context["form"].errors["ends_at"] == ["The meeting must end after it starts."]
    assert "第五次联合工作组会议" in response.text  # the heading names the stored meeting
    cas_meeting.refresh_from_db()
    assert (cas_meeting.title, cas_meeting.sequence) == ("第五次联合工作组会议", 0)
    assert cas_meeting.agenda.count() == 2
    assert not OutboxMessage.objects.exists()


def test_editing_a_meeting_cancelled_meanwhile_is_refused(client, cas_official, cas_coordinator, cas_meeting):
    client.force_login(cas_official)
    services.meeting_cancel(meeting=cas_meeting, by=cas_coordinator)
    response = client.post(url("edit", cas_meeting), form_data(attendees=[cas_official]))
    assert response.status_code == 403
    cas_meeting.refresh_from_db()
    assert cas_meeting.title == "第五次联合工作组会议"


def test_editing_keeps_materials_and_agenda_documents_the_editor_can_no_longer_see(
    client, make_meeting, make_document, cas_official, sipo_official, sipo_docadmin
):
    from tests.library import fields

    sipo_report = make_document(by=sipo_docadmin, title="SIPO report", confidentiality="shared")
    meeting = make_meeting(
        materials=[sipo_report], agenda=[services.AgendaRow(title="Statistics", documents=[sipo_report])]
    )
    document_services.document_update(
        document=sipo_report, by=sipo_docadmin, fields=fields(title="SIPO report", confidentiality="internal")
    )
    client.force_login(cas_official)
    data = form_data(attendees=[cas_official, sipo_official], agenda=[{"title": "Statistics, revised"}])
    assert client.post(url("edit", meeting), data).status_code == 302

    meeting.refresh_from_db()
    assert list(meeting.materials.all()) == [sipo_report]
    item = meeting.agenda.get()
    assert item.title == "Statistics, revised"
    assert list(item.documents.all()) == [sipo_report]
    assert "SIPO report" not in client.get(url("detail", meeting)).text


def test_materials_and_agenda_documents_are_linked_from_the_form(client, cas_official, sipo_official, make_document):
    report = make_document(title="Shared patent statistics", confidentiality="shared")
    notes = make_document(title="Speaker notes", confidentiality="shared")
    client.force_login(cas_official)
    data = form_data(
        attendees=[cas_official, sipo_official],
        materials=[report.pk],
        agenda=[{"title": "Statistics", "documents": [notes.pk]}],
    )
    assert client.post(reverse("meetings:create"), data).status_code == 302
    meeting = Meeting.objects.get()
    assert list(meeting.materials.all()) == [report]
    assert list(meeting.agenda.get().documents.all()) == [notes]
    # Editing shows them ticked, so saving again keeps them.
    page = client.get(url("edit", meeting)).text
    assert f'name="materials" value="{report.pk}"' in page
    assert f'name="agenda-0-documents" value="{notes.pk}"' in page


def test_the_other_partys_internal_document_cannot_be_a_material(client, sipo_official, cas_official, make_document):
    internal = make_document(title="CAS negotiating notes", confidentiality="internal")
    client.force_login(sipo_official)
    data = form_data(attendees=[sipo_official, cas_official], materials=[internal.pk])
    response = client.post(reverse("meetings:create"), data)
    assert response.status_code == 200
    assert "Select a valid choice" in " ".join(response.context["form"].errors["materials"])
    assert not Meeting.objects.exists()


def test_the_picker_names_its_checkboxes_after_the_field_it_fills(client, sipo_official, make_document):
    make_document(title="专利信息 shared", confidentiality="shared")
    client.force_login(sipo_official)
    pick = reverse("documents:pick")
    response = client.get(pick, {"document_query": "专利信息", "field": "materials"}, HTTP_HX_REQUEST="true")
    assert 'name="materials"' in response.text and 'name="documents"' not in response.text
    response = client.get(pick, {"document_query": "专利信息", "field": 'x" onclick="alert(1)'})
    assert 'name="documents"' in response.text and "onclick" not in response.text


def test_the_activity_forms_picker_still_fills_its_documents(client, cas_official):
    client.force_login(cas_official)
    page = client.get(reverse("activities:create")).text
    assert 'hx-get="/documents/pick/?field=documents"' in page
    assert 'id="documents-query"' in page and 'hx-target="#documents-matches"' in page


# Cancelling


def test_cancelling_asks_first_then_tells_the_attendees(client, cas_coordinator, cas_meeting):
    client.force_login(cas_coordinator)
    page = client.get(url("cancel", cas_meeting))
    assert page.status_code == 200 and "This cannot be undone." in page.text
    assert Meeting.objects.get(pk=cas_meeting.pk).status == MeetingStatus.SCHEDULED

    OutboxMessage.objects.all().delete()
    response = client.post(url("cancel", cas_meeting))
    assert response.status_code == 302 and response["Location"] == cas_meeting.get_absolute_url()
    assert Meeting.objects.get(pk=cas_meeting.pk).status == MeetingStatus.CANCELLED
    assert sorted(OutboxMessage.objects.values_list("recipient__username", "kind")) == [
        ("cas_official", "meeting.cancelled"),
        ("sipo_official", "meeting.cancelled"),
    ]
    # Nothing more to do with a cancelled meeting: no edit, no second cancellation.
    assert client.get(url("edit", cas_meeting)).status_code == 403
    assert client.post(url("cancel", cas_meeting)).status_code == 403
    assert "This meeting has been cancelled." in client.get(url("detail", cas_meeting)).text


def test_a_held_meeting_cannot_be_cancelled(client, cas_official, cas_meeting):
    Meeting.objects.filter(pk=cas_meeting.pk).update(status=MeetingStatus.HELD)
    client.force_login(cas_official)
    assert client.post(url("cancel", cas_meeting)).status_code == 403
    assert Meeting.objects.get(pk=cas_meeting.pk).status == MeetingStatus.HELD


# Answering (RSVP)


def test_the_invited_answer_without_javascript(client, sipo_official, cas_meeting):
    client.force_login(sipo_official)
    response = client.post(url("rsvp", cas_meeting), {"rsvp": Rsvp.NOT_ATTENDING})
    assert response.status_code == 302 and response["Location"] == cas_meeting.get_absolute_url()
    assert Attendance.objects.get(meeting=cas_meeting, user=sipo_official).rsvp == Rsvp.NOT_ATTENDING
    assert "Your answer has been saved." in messages_of(response)


def test_the_invited_answer_with_htmx_and_get_the_block_back(client, sipo_official, cas_meeting):
    client.force_login(sipo_official)
    response = client.post(url("rsvp", cas_meeting), {"rsvp": Rsvp.ATTENDING}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<section id="rsvp"')
    assert "<html" not in response.text
    assert f'id="rsvp-of-{sipo_official.pk}" hx-swap-oob="true"' in response.text
    assert 'aria-pressed="true">Attending<' in response.text
    attendance = Attendance.objects.get(meeting=cas_meeting, user=sipo_official)
    assert attendance.rsvp == Rsvp.ATTENDING and attendance.answered_at is not None
    assert not messages_of(response)  # the block says it; no stale message on the next page


def test_someone_not_invited_cannot_answer_and_nothing_changes(client, sipo_coordinator, cas_meeting):
    before = sorted(Attendance.objects.filter(meeting=cas_meeting).values_list("user_id", "rsvp", "answered_at"))
    client.force_login(sipo_coordinator)
    assert client.post(url("rsvp", cas_meeting), {"rsvp": Rsvp.ATTENDING}).status_code == 403
    assert client.post(url("rsvp", cas_meeting), {"rsvp": Rsvp.ATTENDING}, HTTP_HX_REQUEST="true").status_code == 403
    after = sorted(Attendance.objects.filter(meeting=cas_meeting).values_list("user_id", "rsvp", "answered_at"))
    assert before == after
    assert not Attendance.objects.filter(meeting=cas_meeting, user=sipo_coordinator).exists()


def test_a_cancelled_meeting_takes_no_answers(client, sipo_official, cas_official, cas_meeting):
    services.meeting_cancel(meeting=cas_meeting, by=cas_official)
    client.force_login(sipo_official)
    response = client.post(url("rsvp", cas_meeting), {"rsvp": Rsvp.ATTENDING})
    assert response.status_code == 302
    assert "This meeting no longer takes answers." in messages_of(response)
    response = client.post(url("rsvp", cas_meeting), {"rsvp": Rsvp.ATTENDING}, HTTP_HX_REQUEST="true")
    assert "This meeting no longer takes answers." in response.text
    assert Attendance.objects.get(meeting=cas_meeting, user=sipo_official).rsvp == Rsvp.PENDING
    page = client.get(url("detail", cas_meeting)).text
    assert 'name="rsvp"' not in page and "no answer is needed" in page


def test_an_answer_must_be_one_of_the_three(client, sipo_official, cas_meeting):
    client.force_login(sipo_official)
    response = client.post(url("rsvp", cas_meeting), {"rsvp": Rsvp.PENDING})
    assert "Choose attending, not attending or maybe." in messages_of(response)
    assert Attendance.objects.get(meeting=cas_meeting, user=sipo_official).answered_at is None


# .ics download


def test_the_ics_download_is_a_request_with_the_meetings_uid(client, sipo_official, cas_meeting):
    client.force_login(sipo_official)
    response = client.get(url("invitation", cas_meeting))
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    calendar = parse_ics(response)
    (event,) = calendar.walk("VEVENT")
    assert calendar["METHOD"] == "REQUEST"
    assert str(event["UID"]) == cas_meeting.ics_uid
    assert event.decoded("DTSTART") == cas_meeting.starts_at
    assert event.decoded("DTSTART").utcoffset() == timedelta(0)
    assert cas_meeting.starts_at.astimezone(UTC).strftime("DTSTART:%Y%m%dT%H%M%SZ").encode() in response.content


def test_a_cancelled_meetings_ics_cancels_it(client, sipo_official, cas_official, cas_meeting):
    services.meeting_cancel(meeting=cas_meeting, by=cas_official)
    client.force_login(sipo_official)
    calendar = parse_ics(client.get(url("invitation", cas_meeting)))
    (event,) = calendar.walk("VEVENT")
    assert calendar["METHOD"] == "CANCEL" and event["STATUS"] == "CANCELLED"
    assert str(event["UID"]) == cas_meeting.ics_uid


# The personal calendar feed


def feed_url(user) -> str:
    return services.calendar_feed_of(user=user).get_absolute_url()


def test_the_calendar_page_shows_the_absolute_feed_address(client, sipo_official):
    client.force_login(sipo_official)
    response = client.get(reverse("meetings:calendar"))
    feed = CalendarFeed.objects.get(user=sipo_official)
    assert f"http://testserver/meetings/feed/{feed.token}.ics" in response.text
    assert f"webcal://testserver/meetings/feed/{feed.token}.ics" in response.text
    assert "the old address stops working" in response.text
    assert client.get(reverse("meetings:calendar")).context["feed_url"].endswith(f"{feed.token}.ics")  # stable


def test_an_unknown_token_is_404(client, db):
    assert client.get(reverse("meetings:feed", args=["not-a-real-token"])).status_code == 404


def test_the_feed_lists_exactly_the_owners_meetings_without_sign_in(
    client, make_meeting, cas_meeting, cas_internal_meeting, cas_official, sipo_official, sipo_coordinator
):
    past = make_meeting(title="Earlier meeting", starts_at=datetime(2026, 6, 1, 1, 0, tzinfo=UTC))
    make_meeting(by=sipo_coordinator, title="Not for her", attendees=[sipo_coordinator, cas_official])
    response = client.get(feed_url(sipo_official))  # no client.force_login: calendar apps cannot sign in
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Content-Disposition"] == "inline; filename=cas-sipo-meetings.ics"
    assert response["Cache-Control"] == "private, max-age=300"
    events = parse_ics(response).walk("VEVENT")
    assert {str(event["UID"]) for event in events} == {cas_meeting.ics_uid, past.ics_uid}
    starts = {str(event["UID"]): event.decoded("DTSTART") for event in events}
    assert starts[past.ics_uid] == datetime(2026, 6, 1, 1, 0, tzinfo=UTC)
    assert all(start.utcoffset() == timedelta(0) for start in starts.values())
    assert b"DTSTART:20260601T010000Z" in response.content


def test_the_feed_of_a_deactivated_account_answers_no_more(client, sipo_official, cas_meeting):
    address = feed_url(sipo_official)
    sipo_official.is_active = False
    sipo_official.save()
    assert client.get(address).status_code == 404


def test_regenerating_makes_the_old_address_404(client, sipo_official, cas_meeting):
    old = feed_url(sipo_official)
    client.force_login(sipo_official)
    assert client.get(reverse("meetings:calendar_regenerate")).status_code == 405
    response = client.post(reverse("meetings:calendar_regenerate"))
    assert response.status_code == 302 and response["Location"] == reverse("meetings:calendar")
    client.logout()
    new = feed_url(sipo_official)
    assert new != old
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


# Lists


@pytest.mark.parametrize("scope", ["upcoming", "past", "mine"])
def test_each_list_shows_its_meetings_with_the_users_answer(
    client, make_meeting, sipo_official, cas_official, sipo_coordinator, scope
):
    now = timezone.now()
    ahead = make_meeting(title="Ahead")
    make_meeting(title="Behind", starts_at=now - timedelta(days=30))
    make_meeting(title="Without her", attendees=[cas_official], starts_at=now + timedelta(days=3))
    services.attendance_answer(meeting=ahead, by=sipo_official, rsvp=Rsvp.ATTENDING)
    client.force_login(sipo_official)
    response = client.get(reverse("meetings:list"), {"scope": scope})
    listed = [meeting.title for meeting in response.context["page"].object_list]
    expected = {"upcoming": ["Without her", "Ahead"], "past": ["Behind"], "mine": ["Ahead", "Behind"]}
    assert listed == expected[scope]
    if scope != "past":
        assert "rsvp-attending" in response.text


# Mid-year, so the other meetings (a week ahead) stay in this year: on 31 December they would not.
@time_machine.travel(datetime(2026, 6, 15, 2, tzinfo=UTC), tick=False)
def test_the_list_filters_by_series_party_and_year_kept_in_the_url(
    client, make_meeting, cas_official, sipo_official, sipo_coordinator
):
    from cooperation.meetings.models import Series

    group = Series.objects.create(name="Joint Working Group")
    make_meeting(title="In the series", series=group)
    make_meeting(title="SIPO's own", by=sipo_coordinator, attendees=[sipo_coordinator, cas_official])
    make_meeting(title="Next year", starts_at=datetime(2027, 6, 15, 2, tzinfo=UTC))
    client.force_login(cas_official)

    def listed(**params):
        response = client.get(reverse("meetings:list"), params)
        return [m.title for m in response.context["page"].object_list]

    assert listed(series=group.pk) == ["In the series"]
    assert listed(organising_party=sipo_coordinator.party_id) == ["SIPO's own"]
    assert listed(year="2027") == ["Next year"]
    assert listed(scope="past", series=group.pk) == []
    page = client.get(reverse("meetings:list"), {"scope": "upcoming", "series": group.pk}).text
    assert f'href="?scope=past&amp;series={group.pk}"' in page  # the tabs keep the filters


def test_empty_lists_invite_those_who_may_schedule(client, cas_official, cas_docadmin):
    client.force_login(cas_official)
    page = client.get(reverse("meetings:list")).text
    assert "No meeting is scheduled." in page and reverse("meetings:create") in page
    client.force_login(cas_docadmin)
    page = client.get(reverse("meetings:list"), {"scope": "past"}).text
    assert "No meeting has been held yet." in page and reverse("meetings:create") not in page


def test_the_list_pages_at_25(client, make_meeting, cas_official):
    for _ in range(26):
        make_meeting()
    client.force_login(cas_official)
    first = client.get(reverse("meetings:list"))
    assert len(first.context["page"].object_list) == 25
    assert "26 meetings" in first.text
    second = follow(client, first, "next")
    assert len(second.context["page"].object_list) == 1
    assert link(second, "next") is None and link(second, "prev") is not None
    # Upcoming meetings run forward in time.
    assert ">Later</a>" in first.text and ">Earlier</a>" in second.text


def test_the_navbar_links_to_meetings(client, cas_official):
    client.force_login(cas_official)
    page = client.get(reverse("dashboard")).text
    assert f'href="{reverse("meetings:list")}"' in page


def _queries_for_list(client, scope) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("meetings:list"), {"scope": scope})
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("scope", ["upcoming", "past", "mine"])
def test_lists_cost_the_same_for_1_and_50_meetings(client, make_meeting, sipo_official, cas_official, scope):
    now = timezone.now()

    def schedule(count):
        for number in range(count):
            days = number + 1 if scope != "past" else -(number + 1)
            meeting = make_meeting(starts_at=now + timedelta(days=days))
            services.attendance_answer(meeting=meeting, by=sipo_official, rsvp=Rsvp.MAYBE)

    client.force_login(sipo_official)
    schedule(1)
    one = _queries_for_list(client, scope)
    schedule(49)
    fifty = _queries_for_list(client, scope)
    assert one == fifty


def test_a_field_error_and_the_meetings_rules_are_reported_on_the_same_submit(
    client, cas_official, sipo_official, sipo_coordinator
):
    client.force_login(cas_official)
    data = form_data(attendees=[cas_official, sipo_official], title="", chair=sipo_coordinator.pk)
    response = client.post(reverse("meetings:create"), data)
    errors = response.context["form"].errors
    assert response.status_code == 200 and not Meeting.objects.exists()
    assert errors["title"] == ["Give the meeting a title."]
    assert errors["chair"] == ["The chair must be one of the attendees."]
    assert response.text.count("The chair must be one of the attendees.") == 1
