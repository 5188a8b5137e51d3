"""Meetings in the REST API: who sees which (the pages' selectors), the list page's tabs and filters (the same ids),
a meeting's page, its minutes (approved text and approvals; revisions under the draft rule), answering an
invitation, and action items marked done, through the pages' services (the audit trail names the token's user)."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cooperation.meetings import services
from cooperation.meetings.models import ActionItem, ActionItemStatus, Attendance, Meeting, Rsvp, Series
from protocol.api.models import Scope
from protocol.audit.models import Action, Entry
from tests.meetings.data import approve_by_both, schedule, write

from .conftest import token_client

MEETINGS = "/api/v1/meetings/"
ITEMS = "/api/v1/action-items/"
DRAFT_TEXT = "# Draft 草稿\n\nThe SIPO minute-taker's first words.\n"
APPROVED_TEXT = "# 第五次联合工作组会议\n\nBoth parties agreed to share the 2026 statistics.\n"


def meeting_url(meeting, action: str = "") -> str:
    return f"{MEETINGS}{meeting.pk}/" + (f"{action}/" if action else "")


def item_url(item, action: str = "") -> str:
    return f"{ITEMS}{item.pk}/" + (f"{action}/" if action else "")


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def queries_for(client, path, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, params or {})
    assert response.status_code == 200
    return len(queries)


def audited(model, pk) -> list[tuple]:
    rows = Entry.objects.filter(content_type=ContentType.objects.get_for_model(model), object_id=pk)
    return list(rows.filter(action=Action.UPDATE).values_list("actor_id", flat=True))


def ahead(by, attendees, *, days: int = 7, **overrides) -> Meeting:
    """A meeting through the service, `days` ahead."""
    starts_at = timezone.now().replace(microsecond=0) + timedelta(days=days)
    return schedule(by, attendees, starts_at=starts_at, hours=1.5, **({"title": "Joint Working Group"} | overrides))


@pytest.fixture
def cas_meeting(cas_official, sipo_official, cas_coordinator):
    """Organised by CAS, a week ahead, visible to both parties; the SIPO official is invited, the docadmins are not."""
    return ahead(
        cas_official,
        [cas_official, sipo_official, cas_coordinator],
        title="第五次联合工作组会议",
        chair=cas_official,
        minute_taker=sipo_official,
    )


@pytest.fixture
def cas_internal_meeting(cas_official, cas_coordinator):
    return ahead(cas_official, [cas_official, cas_coordinator], title="CAS preparatory meeting", internal=True)


@pytest.fixture
def held(cas_official, sipo_official, cas_coordinator):
    """A joint CAS meeting that started three hours ago; the SIPO official takes the minutes."""
    return schedule(
        cas_official,
        [cas_official, sipo_official, cas_coordinator],
        title="已召开的联合会议",
        chair=cas_official,
        minute_taker=sipo_official,
    )


# Who sees which meetings


@pytest.mark.parametrize(
    ("persona", "sees_internal"),
    [("cas_official", True), ("cas_docadmin", True), ("sipo_official", False), ("sipo_coordinator", False)],
)
def test_the_list_holds_the_meetings_the_reader_may_see(
    api_as, personas, cas_meeting, cas_internal_meeting, persona, sees_internal
):
    listed = set(ids(api_as(personas[persona]).get(MEETINGS)))
    assert listed == ({cas_meeting.pk, cas_internal_meeting.pk} if sees_internal else {cas_meeting.pk})


def test_the_other_partys_internal_meeting_is_404_with_its_minutes_and_rsvp(
    api_as, sipo_official, cas_internal_meeting
):
    client = api_as(sipo_official)
    for response in (
        client.get(meeting_url(cas_internal_meeting)),
        client.get(meeting_url(cas_internal_meeting, "minutes")),
        client.post(meeting_url(cas_internal_meeting, "rsvp"), {"rsvp": "attending"}, format="json"),
    ):
        assert response.status_code == 404
        assert cas_internal_meeting.title not in response.content.decode()


def test_a_meeting_shows_its_people_agenda_and_what_the_reader_may_do(
    api_as, cas_official, sipo_official, cas_docadmin, cas_meeting
):
    data = api_as(sipo_official).get(meeting_url(cas_meeting)).json()
    assert data["title"] == "第五次联合工作组会议" and data["organising_party"] == "CAS"
    assert data["status"] == "scheduled" and data["internal"] is False
    assert data["chair"]["id"] == cas_official.pk and data["minute_taker"]["party"] == "SIPO"
    assert {(a["person"]["id"], a["rsvp"]) for a in data["attendees"]} >= {(sipo_official.pk, "pending")}
    assert [item["title"] for item in data["agenda"]] == ["Opening", "专利信息资源共享"]
    assert data["invited"] is True and data["my_rsvp"] == "pending"
    assert data["actions"] == {"edit": False, "cancel": False, "answer": True}

    organiser = api_as(cas_official).get(meeting_url(cas_meeting)).json()
    assert organiser["actions"] == {"edit": True, "cancel": True, "answer": True}
    stranger = api_as(cas_docadmin).get(meeting_url(cas_meeting)).json()
    assert stranger["invited"] is False and stranger["my_rsvp"] is None and stranger["actions"]["answer"] is False


def test_a_meeting_answers_304_to_its_etag_until_it_changes(api_as, sipo_official, cas_meeting):
    client = api_as(sipo_official)
    tag = client.get(meeting_url(cas_meeting))["ETag"]
    assert client.get(meeting_url(cas_meeting), HTTP_IF_NONE_MATCH=tag).status_code == 304
    services.attendance_answer(meeting=cas_meeting, by=sipo_official, rsvp=Rsvp.MAYBE)
    assert client.get(meeting_url(cas_meeting), HTTP_IF_NONE_MATCH=tag).status_code == 200


# The list page's tabs and filters


@pytest.fixture
def calendar(cas_official, sipo_official, sipo_coordinator, held):
    series = Series.objects.create(name="Joint Working Group")
    return {
        "series": series,
        "meetings": [
            ahead(cas_official, [cas_official, sipo_official], title="Soon", series=series),
            ahead(cas_official, [cas_official, sipo_official], title="Later", days=20),
            ahead(sipo_coordinator, [sipo_coordinator, cas_official], title="SIPO's"),
            ahead(cas_official, [cas_official], title="Not for SIPO", internal=True),
            held,
        ],
    }


@pytest.mark.parametrize(
    "params",
    [{}, {"scope": "upcoming"}, {"scope": "past"}, {"scope": "mine"}, "series", "party", "year", "past party"],
    ids=repr,
)
@pytest.mark.parametrize("persona", ["cas_official", "sipo_official"])
def test_the_list_gives_the_ids_the_list_page_gives_for_the_same_tab_and_filters(
    api_as, client, personas, calendar, cas, params, persona
):
    params = (
        {
            "series": {"series": calendar["series"].pk},
            "party": {"organising_party": cas.pk},
            "year": {"year": timezone.localdate(calendar["meetings"][0].starts_at).year, "scope": "upcoming"},
            "past party": {"scope": "past", "organising_party": cas.pk},
        }.get(params, params)
        if isinstance(params, str)
        else params
    )
    user = personas[persona]
    client.force_login(user)
    on_page = [meeting.pk for meeting in client.get(reverse("meetings:list"), params).context["page"].object_list]
    assert on_page, "a filter that matches nothing would prove nothing"
    assert ids(api_as(user).get(MEETINGS, params)) == on_page


@pytest.mark.parametrize(
    ("params", "field"), [({"scope": "all"}, "scope"), ({"series": "999999"}, "series"), ({"year": "1999"}, "year")]
)
def test_a_tab_or_filter_that_is_no_choice_is_400_naming_it(api_as, sipo_official, cas_meeting, params, field):
    response = api_as(sipo_official).get(MEETINGS, params)
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == [field]


def more_meetings(organiser, count: int, *, invited) -> None:
    """`count` upcoming meetings with `invited` invited, written directly (the service takes long for 50)."""
    start = timezone.now() + timedelta(days=3)
    meetings = Meeting.objects.bulk_create(
        Meeting(
            title=f"Meeting {n}",
            organising_party_id=organiser.party_id,
            starts_at=start + timedelta(hours=n),
            ends_at=start + timedelta(hours=n, minutes=90),
            created_by=organiser,
            series=Series.objects.get_or_create(name=f"Series {n % 3}")[0],
        )
        for n in range(count)
    )
    Attendance.objects.bulk_create(Attendance(meeting=m, user=invited) for m in meetings)


def test_the_list_costs_the_same_for_1_and_50_meetings(api_as, sipo_official, cas_official, cas_meeting):
    client = api_as(sipo_official)
    queries_for(client, MEETINGS)  # warm the per-process caches
    with_one = queries_for(client, MEETINGS)
    more_meetings(cas_official, 49, invited=sipo_official)
    assert len(client.get(MEETINGS).json()["results"]) == 25
    assert queries_for(client, MEETINGS) == with_one


# Answering an invitation


def test_the_invited_answer_through_the_service_and_the_trail_names_them(api_as, sipo_official, cas_meeting):
    response = api_as(sipo_official).post(meeting_url(cas_meeting, "rsvp"), {"rsvp": "attending"}, format="json")
    assert response.status_code == 200
    assert response.json()["my_rsvp"] == "attending"
    attendance = Attendance.objects.get(meeting=cas_meeting, user=sipo_official)
    assert attendance.rsvp == Rsvp.ATTENDING and attendance.answered_at is not None
    assert audited(Attendance, attendance.pk) == [sipo_official.pk]


def test_one_not_invited_is_refused_and_nothing_changes(api_as, cas_docadmin, sipo_coordinator, cas_meeting):
    for user in (cas_docadmin, sipo_coordinator):
        response = api_as(user).post(meeting_url(cas_meeting, "rsvp"), {"rsvp": "attending"}, format="json")
        assert response.status_code == 403
    assert not Attendance.objects.filter(meeting=cas_meeting).exclude(rsvp=Rsvp.PENDING).exists()


def test_a_read_only_token_may_read_but_not_answer(sipo_official, cas_meeting):
    client = token_client(sipo_official, scope=Scope.READ)
    assert client.get(meeting_url(cas_meeting)).status_code == 200
    response = client.post(meeting_url(cas_meeting, "rsvp"), {"rsvp": "attending"}, format="json")
    assert response.status_code == 403 and "read-only" in response.json()["error"]["message"]
    assert Attendance.objects.get(meeting=cas_meeting, user=sipo_official).rsvp == Rsvp.PENDING


@pytest.mark.parametrize("sent", [{"rsvp": "pending"}, {"rsvp": "yes"}, {"rsvp": ""}, {}])
def test_an_answer_that_is_none_of_the_three_is_400_on_the_field_and_nothing_is_stored(
    api_as, sipo_official, cas_meeting, sent
):
    response = api_as(sipo_official).post(meeting_url(cas_meeting, "rsvp"), sent, format="json")
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["rsvp"]
    attendance = Attendance.objects.get(meeting=cas_meeting, user=sipo_official)
    assert attendance.rsvp == Rsvp.PENDING and attendance.answered_at is None


def test_a_cancelled_meeting_takes_no_answer_409(api_as, cas_official, sipo_official, cas_meeting):
    services.meeting_cancel(meeting=cas_meeting, by=cas_official)
    response = api_as(sipo_official).post(meeting_url(cas_meeting, "rsvp"), {"rsvp": "maybe"}, format="json")
    assert response.status_code == 409 and response.json()["error"]["code"] == "conflict"
    assert Attendance.objects.get(meeting=cas_meeting, user=sipo_official).rsvp == Rsvp.PENDING


def test_an_answer_sent_with_a_stale_etag_is_409(api_as, sipo_official, cas_official, cas_meeting):
    client = api_as(sipo_official)
    tag = client.get(meeting_url(cas_meeting))["ETag"]
    services.attendance_answer(meeting=cas_meeting, by=cas_official, rsvp=Rsvp.ATTENDING)
    response = client.post(meeting_url(cas_meeting, "rsvp"), {"rsvp": "maybe"}, format="json", HTTP_IF_MATCH=tag)
    assert response.status_code == 409
    assert Attendance.objects.get(meeting=cas_meeting, user=sipo_official).rsvp == Rsvp.PENDING


# Minutes


def test_a_meeting_without_minutes_has_none_to_read(api_as, cas_official, held):
    assert api_as(cas_official).get(meeting_url(held, "minutes")).status_code == 404


@pytest.mark.parametrize(
    ("persona", "follows"),
    [("sipo_official", True), ("sipo_coordinator", True), ("cas_official", False), ("cas_coordinator", False)],
)
def test_a_draft_is_followed_only_within_its_authors_party_and_its_text_is_never_sent(
    api_as, personas, held, persona, follows
):
    minutes = write(held, DRAFT_TEXT)
    response = api_as(personas[persona]).get(meeting_url(held, "minutes"))
    data = response.json()
    assert data["status"] == "draft" and data["approved"] is None
    drafts = list(minutes.revisions.order_by("-number").values_list("number", flat=True))
    assert [revision["number"] for revision in data["revisions"]] == (drafts if follows else [])
    assert drafts and "first words" not in response.content.decode()


def test_approved_minutes_give_everyone_who_sees_the_meeting_the_text_and_both_approvals(
    api_as, personas, held, cas_coordinator, sipo_coordinator, cas_docadmin
):
    minutes = approve_by_both(write(held, APPROVED_TEXT, submit=True), cas_coordinator, sipo_coordinator)
    number = minutes.approved_revision.number
    for persona in ("cas_docadmin", "sipo_docadmin", "sipo_official"):
        data = api_as(personas[persona]).get(meeting_url(held, "minutes")).json()
        assert data["status"] == "approved" and data["approved_at"]
        assert data["approved"]["number"] == number and data["approved"]["text"] == APPROVED_TEXT
        assert [(a["party"], a["by"]["id"]) for a in data["approved"]["approvals"]] == [
            ("CAS", cas_coordinator.pk),
            ("SIPO", sipo_coordinator.pk),
        ]
        # Those who do not follow read the approved revision only; the minute-taker's party, its drafts too.
        followed = [revision["number"] for revision in data["revisions"]]
        assert followed == ([number] if persona.endswith("docadmin") else list(range(number, 0, -1)))


def test_staff_who_do_not_follow_read_no_revision_in_review(api_as, cas_docadmin, sipo_official, held):
    minutes = write(held, DRAFT_TEXT, submit=True)
    followed = api_as(sipo_official).get(meeting_url(held, "minutes")).json()["revisions"]
    assert followed[0]["number"] == minutes.current_revision.number
    response = api_as(cas_docadmin).get(meeting_url(held, "minutes"))
    assert response.json()["revisions"] == [] and "first words" not in response.content.decode()


# Action items


def assign(meeting, owner, *, description="Send the patent statistics", days: int = 14):
    return services.action_item_create(
        meeting=meeting,
        by=meeting.minute_taker,
        description=description,
        owner=owner,
        due_date=timezone.localdate() + timedelta(days=days),
    )


@pytest.fixture
def items(held, cas_official, sipo_official, cas_coordinator):
    internal = schedule(cas_official, [cas_official, cas_coordinator], internal=True, minute_taker=cas_official)
    return {
        "cas": assign(held, cas_official, description="CAS statistics"),
        "cas_later": assign(held, cas_official, description="CAS report", days=30),
        "sipo": assign(held, sipo_official, description="SIPO statistics"),
        "internal": assign(internal, cas_official, description="CAS preparation", days=3),
    }


def test_ones_own_open_items_are_listed_soonest_first(api_as, cas_official, sipo_official, items):
    assert ids(api_as(cas_official).get(ITEMS)) == [items["internal"].pk, items["cas"].pk, items["cas_later"].pk]
    assert ids(api_as(sipo_official).get(ITEMS)) == [items["sipo"].pk]


def test_the_other_partys_internal_item_is_404_and_cannot_be_marked(api_as, sipo_coordinator, items):
    client = api_as(sipo_coordinator)
    assert client.get(item_url(items["internal"])).status_code == 404
    assert client.post(item_url(items["internal"], "done"), {}, format="json").status_code == 404
    assert ActionItem.objects.get(pk=items["internal"].pk).status == ActionItemStatus.OPEN


@pytest.mark.parametrize(
    ("persona", "params"),
    [
        ("cas_official", {}),
        ("cas_official", {"status": "done"}),
        ("cas_coordinator", {"scope": "party"}),
        ("sipo_coordinator", {"scope": "party"}),
    ],
    ids=repr,
)
def test_the_lists_give_the_ids_the_action_items_page_gives(api_as, client, personas, items, persona, params):
    services.action_item_complete(item=items["cas_later"], by=personas["cas_official"], note="")
    client.force_login(personas[persona])
    page = client.get(reverse("meetings:actions")).context
    on_page = {
        (): page["open_items"],
        ("done",): page["done_items"],
        ("party",): page["party_items"] and page["party_items"].object_list,
    }[tuple(params.values())]
    on_page = [item.pk for item in on_page]
    if persona != "sipo_coordinator":
        assert on_page, "a list that is empty would prove nothing"
    assert ids(api_as(personas[persona]).get(ITEMS, params)) == on_page


def test_the_partys_items_are_for_coordinators_only(api_as, cas_official, items):
    assert ids(api_as(cas_official).get(ITEMS, {"scope": "party"})) == []


@pytest.mark.parametrize(("params", "field"), [({"scope": "all"}, "scope"), ({"status": "closed"}, "status")])
def test_an_item_list_choice_that_is_none_is_400_naming_it(api_as, cas_official, items, params, field):
    response = api_as(cas_official).get(ITEMS, params)
    assert response.status_code == 400 and list(response.json()["error"]["fields"]) == [field]


def test_the_item_list_costs_the_same_for_1_and_50_items(api_as, cas_official, held):
    first = assign(held, cas_official)
    client = api_as(cas_official)
    queries_for(client, ITEMS)
    with_one = queries_for(client, ITEMS)
    meetings = [schedule(cas_official, [cas_official], title=f"Meeting {n}") for n in range(3)]
    ActionItem.objects.bulk_create(
        ActionItem(
            meeting=meetings[n % 3],
            description=f"Item {n}",
            owner=cas_official,
            due_date=first.due_date + timedelta(days=n),
            created_by=cas_official,
        )
        for n in range(49)
    )
    assert len(client.get(ITEMS).json()["results"]) == 25
    assert queries_for(client, ITEMS) == with_one


def test_the_owner_marks_an_item_done_once_through_the_service(api_as, cas_official, items):
    item = items["cas"]
    client = api_as(cas_official)
    assert client.get(item_url(item)).json()["actions"] == {"mark_done": True}

    response = client.post(item_url(item, "done"), {"note": "Sent on Monday 已发送"}, format="json")
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "done" and data["done_note"] == "Sent on Monday 已发送" and data["done_at"]
    assert data["actions"] == {"mark_done": False}
    assert audited(ActionItem, item.pk) == [cas_official.pk]

    again = client.post(item_url(item, "done"), {"note": "again"}, format="json")
    assert again.status_code == 409 and again.json()["error"]["message"] == "This action item is already done."
    assert ActionItem.objects.get(pk=item.pk).done_note == "Sent on Monday 已发送"


@pytest.mark.parametrize("persona", ["sipo_official", "cas_coordinator", "cas_docadmin"])
def test_only_the_owner_marks_an_item_done(api_as, personas, items, persona):
    item = items["cas"]
    client = api_as(personas[persona])
    assert client.get(item_url(item)).json()["actions"] == {"mark_done": False}
    assert client.post(item_url(item, "done"), {"note": "not mine"}, format="json").status_code == 403
    assert ActionItem.objects.get(pk=item.pk).status == ActionItemStatus.OPEN


def test_a_read_only_token_cannot_mark_an_item_done(cas_official, items):
    response = token_client(cas_official, scope=Scope.READ).post(item_url(items["cas"], "done"), {}, format="json")
    assert response.status_code == 403
    assert ActionItem.objects.get(pk=items["cas"].pk).status == ActionItemStatus.OPEN


@pytest.mark.parametrize("note", ["x" * 2001, None, ["a list"]])
def test_a_bad_note_is_400_on_the_field_and_nothing_is_stored(api_as, cas_official, items, note):
    response = api_as(cas_official).post(item_url(items["cas"], "done"), {"note": note}, format="json")
    assert response.status_code == 400 and list(response.json()["error"]["fields"]) == ["note"]
    item = ActionItem.objects.get(pk=items["cas"].pk)
    assert item.status == ActionItemStatus.OPEN and item.done_note == ""
    assert audited(ActionItem, item.pk) == []
