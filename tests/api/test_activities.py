"""The ledger through the API: the rows the list page shows, by keyset; a detail's ETag; log, edit, confirm, return
and delete through the ledger's own services and predicates, audited as the pages' writes are."""

from collections import Counter
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from protocol.activities.filters import ActivityFilter
from protocol.activities.models import Activity, Status, StatusChange
from protocol.activities.selectors import activities_visible_to
from protocol.audit.models import Action, Entry
from protocol.notifications.models import OutboxMessage
from tests.factories import ActivityFactory, activity_form_data
from tests.once import once

LIST = "/api/v1/activities/"
pytestmark = pytest.mark.usefixtures("english")


def detail(activity) -> str:
    return f"{LIST}{activity.pk}/"


def walk(client: APIClient, params=None, *, link="next", start=None) -> list[int]:
    """Every id of the list, page after page, following `link` until it runs out."""
    response = client.get(start or LIST, params or {})
    ids = []
    while True:
        assert response.status_code == 200, response.content
        body = response.json()
        ids += [row["id"] for row in body["results"]]
        if body[link] is None:
            return ids
        response = client.get(body[link])


@pytest.fixture
def joint(joint) -> dict:
    return joint | {"description": "For examiners and researchers."}


# Who may see what: the list page's rows.


@pytest.fixture
def ledger(cas, sipo, cas_official, sipo_official, cas_coordinator):
    """Both parties' activities in every state, two areas, two years, either party leading."""
    both = [cas_official, sipo_official]
    for status in Status.values:
        ActivityFactory(author=cas_official, status=status, participants=both, title=f"CAS {status} 专利")
        ActivityFactory(author=sipo_official, status=status, participants=both, title=f"SIPO {status}")
    ActivityFactory(author=cas_official, area="training", participants=both, lead_party=sipo)
    ActivityFactory(author=cas_coordinator, start_date=date(2025, 6, 1), participants=[cas_coordinator, sipo_official])
    ActivityFactory(author=sipo_official, status=Status.DRAFT, start_date=date(2025, 6, 2), participants=both)


FILTERS = [
    {},
    {"area": "training"},
    {"status": "logged"},
    {"status": "draft"},
    {"year": "2025"},
    {"lead_party": "sipo"},
    {"area": "research", "year": "2025"},
    {"q": "专利"},
]


@pytest.mark.parametrize("persona", ["cas_official", "sipo_official", "sipo_coordinator", "outsider"])
@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: "&".join(f"{k}={v}" for k, v in f.items()) or "none")
def test_the_list_is_the_list_pages_rows(client, request, ledger, cas, sipo, api_as, persona, filters):
    user = request.getfixturevalue(persona)
    params = {name: {"sipo": sipo.pk}.get(value, value) for name, value in filters.items()}
    client.force_login(user)
    on_the_page = [row.pk for row in client.get(reverse("activities:list"), params).context["page"].object_list]
    chosen = ActivityFilter(params, queryset=activities_visible_to(user)).qs
    # The data give every filter rows to each party's staff (a test that compares two empty lists proves nothing).
    assert (on_the_page == []) if persona == "outsider" else on_the_page
    if "q" not in params:  # a search narrows the filtered rows further, in the view
        assert set(on_the_page) == set(chosen.values_list("pk", flat=True))
    if persona == "outsider":
        api = APIClient()  # one of no party holds no token: through the session, as a browser asks
        api.force_login(user)
    else:
        api = api_as(user)
    assert walk(api, params) == on_the_page


def test_the_other_partys_draft_is_not_listed_and_is_404(api_as, sipo_official, cas_draft, cas_logged):
    client = api_as(sipo_official)
    assert walk(client) == [cas_logged.pk]
    response = client.get(detail(cas_draft))
    assert response.status_code == 404
    assert cas_draft.title.encode() not in response.content


def test_ones_own_partys_draft_is_seen(api_as, cas_coordinator, cas_draft):
    body = api_as(cas_coordinator).get(detail(cas_draft)).json()
    assert (body["id"], body["status"], body["title"]) == (cas_draft.pk, "draft", cas_draft.title)
    assert body["actions"] == {"edit": True, "delete": True, "log": True, "review": False}


def test_a_detail_shows_the_record(api_as, sipo_coordinator, cas_logged, cas_official, sipo_official):
    body = api_as(sipo_coordinator).get(detail(cas_logged)).json()
    assert body["title"] == cas_logged.title
    assert (body["party"], body["lead_party"]) == ("CAS", "CAS")
    assert body["author"] == {"id": cas_official.pk, "full_name": "Li Ming", "party": "CAS"}
    assert {person["id"] for person in body["participants"]} == {cas_official.pk, sipo_official.pk}
    assert [change["status"] for change in body["history"]] == ["logged"]
    assert body["actions"] == {"edit": False, "delete": False, "log": False, "review": True}


# Keyset pages.


def test_a_walk_over_many_pages_returns_each_row_once(settings, api_as, cas_official, make_activities):
    settings.PAGE_SIZE = 7
    # Many on one day: the keyset must break the ties (by id), or rows would repeat or go missing at page ends.
    rows = make_activities(20, start_date=date(2026, 3, 1)) + make_activities(17, start_date=date(2026, 2, 1))
    client = api_as(cas_official)
    forward = walk(client)
    assert len(forward) == len(set(forward)) == len(rows)
    assert forward == [a.pk for a in Activity.objects.order_by("-start_date", "-pk")] == walk(client, {"page": ""})
    assert [a.pk for a in rows if a.start_date == date(2026, 3, 1)] == sorted(forward[:20])
    backward = walk(client, {"page": "last"}, link="previous")
    assert sorted(backward) == sorted(forward) and len(backward) == len(set(backward))


def test_a_page_is_the_size_of_the_pages(api_as, cas_official, make_activities):
    make_activities(26)
    body = api_as(cas_official).get(LIST).json()
    assert len(body["results"]) == 25 and body["previous"] is None
    assert "page=" in body["next"]
    assert set(body) == {"next", "previous", "results"}  # no count: it would cost a COUNT(*) every page


def test_a_tampered_cursor_gives_the_first_page(api_as, cas_official, make_activities):
    make_activities(3)
    client = api_as(cas_official)
    assert walk(client, {"page": "not-a-cursor"}) == walk(client)


def test_the_list_costs_the_same_for_1_and_50_rows(api_as, sipo_coordinator, make_activities):
    client = api_as(sipo_coordinator)
    client.get(LIST)  # the token's first use is noted once a minute: not in either count

    def cost() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(LIST)
        assert response.status_code == 200
        return len(queries)

    make_activities(1)
    with_one = cost()
    make_activities(49)
    with_fifty = cost()
    assert with_one == with_fifty
    assert len(client.get(LIST).json()["results"]) == 25


def test_a_detail_costs_the_same_for_2_and_20_participants(api_as, cas_official, sipo_official, make_activities):
    from tests.factories import UserFactory

    client = api_as(cas_official)
    small = make_activities(1)[0]
    large = make_activities(1, participants=[cas_official, *UserFactory.create_batch(19, party=sipo_official.party)])
    client.get(detail(small))

    def cost(activity) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(detail(activity)).status_code == 200
        return len(queries)

    assert cost(small) == cost(large[0])


# Conditional reads.


def test_an_etag_answers_304_while_the_record_is_unchanged(api_as, sipo_coordinator, cas_logged):
    client = api_as(sipo_coordinator)
    first = client.get(detail(cas_logged))
    etag = first["ETag"]
    assert etag.startswith('"') and etag.endswith('"')
    same = client.get(detail(cas_logged), HTTP_IF_NONE_MATCH=etag)
    assert (same.status_code, same.content, same["ETag"]) == (304, b"", etag)
    assert client.get(detail(cas_logged), HTTP_IF_NONE_MATCH=f'"other", W/{etag}').status_code == 304
    assert client.get(detail(cas_logged), HTTP_IF_NONE_MATCH='"other"').status_code == 200

    client.post(f"{detail(cas_logged)}confirm/", {}, format="json")
    changed = client.get(detail(cas_logged), HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag and changed.json()["status"] == "confirmed"


def test_an_etag_is_no_key_to_the_invisible(api_as, cas_coordinator, sipo_official, cas_draft):
    etag = api_as(cas_coordinator).get(detail(cas_draft))["ETag"]
    assert api_as(sipo_official).get(detail(cas_draft), HTTP_IF_NONE_MATCH=etag).status_code == 404


# Writes, through the ledger's services.


def test_an_official_logs_an_activity_for_the_other_party_to_confirm(
    api_as, cas_official, sipo_official, sipo_coordinator, joint
):
    response = api_as(cas_official).post(LIST, joint | {"log": True}, format="json")
    assert response.status_code == 201
    activity = Activity.objects.get()
    assert response.json()["id"] == activity.pk
    assert (activity.status, activity.author, activity.party.code, activity.title) == (
        Status.LOGGED,
        cas_official,
        "CAS",
        "专利检索实务培训",
    )
    assert set(activity.participants.all()) == {cas_official, sipo_official}
    assert [change.status for change in activity.history.all()] == [Status.DRAFT, Status.LOGGED]
    assert list(OutboxMessage.objects.values_list("kind", "recipient")) == [("activity.logged", sipo_coordinator.pk)]


def test_without_log_it_is_a_draft(api_as, cas_official, sipo_coordinator, joint):
    response = api_as(cas_official).post(LIST, joint, format="json")
    assert (response.status_code, response.json()["status"]) == (201, "draft")
    assert not OutboxMessage.objects.exists()


@pytest.mark.parametrize("persona", ["cas_docadmin", "outsider"])
def test_who_may_not_log_gets_403(api_as, request, joint, persona):
    user = request.getfixturevalue(persona)
    if persona == "outsider":
        client = APIClient()  # one of no party holds no token: through the session, as a browser asks
        client.force_login(user)
    else:
        client = api_as(user)
    assert client.post(LIST, joint, format="json").status_code == 403
    assert not Activity.objects.exists()


@pytest.mark.parametrize(
    "change, field",
    [
        ({"title": ""}, "title"),
        ({"title": "x" * 1000}, "title"),
        ({"start_date": "10/05/2026"}, "start_date"),
        ({"start_date": "2026-05-10", "end_date": "2026-05-01"}, "end_date"),
        ({"participants": [999_999]}, "participants"),
        ({"lead_party": 999_999}, "lead_party"),
        ({"area": "cooking"}, "area"),
        ({"description": "x" * 100_000}, "description"),
    ],
)
def test_bad_input_is_400_per_field_and_stores_nothing(api_as, cas_official, joint, change, field):
    response = api_as(cas_official).post(LIST, joint | change | {"log": True}, format="json")
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    assert not Activity.objects.exists() and not StatusChange.objects.exists() and not OutboxMessage.objects.exists()


def test_the_author_edits_and_logs_a_draft(api_as, cas_official, sipo_coordinator, cas_draft, joint):
    client = api_as(cas_official)
    response = client.put(detail(cas_draft), joint | {"title": "专利检索高级培训"}, format="json")
    assert (response.status_code, response.json()["title"], response.json()["status"]) == (
        200,
        "专利检索高级培训",
        "draft",
    )
    logged = client.post(f"{detail(cas_draft)}log/", format="json")
    assert logged.json()["status"] == "logged"
    cas_draft.refresh_from_db()
    assert (cas_draft.title, cas_draft.status) == ("专利检索高级培训", Status.LOGGED)


def test_the_other_party_may_not_edit(api_as, sipo_coordinator, cas_logged, joint):
    response = api_as(sipo_coordinator).put(detail(cas_logged), joint | {"title": "Changed"}, format="json")
    assert response.status_code == 403
    cas_logged.refresh_from_db()
    assert cas_logged.title != "Changed"


def test_an_edit_with_bad_input_changes_nothing(api_as, cas_official, cas_draft, joint):
    before = cas_draft.title
    response = api_as(cas_official).put(detail(cas_draft), joint | {"title": ""}, format="json")
    assert response.json()["error"]["fields"] == {"title": ["This field may not be blank."]}
    cas_draft.refresh_from_db()
    assert cas_draft.title == before


def test_an_edit_with_a_stale_if_match_is_409_and_changes_nothing(
    api_as, cas_official, cas_coordinator, cas_draft, joint
):
    author = api_as(cas_official)
    etag = author.get(detail(cas_draft))["ETag"]
    api_as(cas_coordinator).put(detail(cas_draft), joint | {"title": "Coordinator's title"}, format="json")
    response = author.put(detail(cas_draft), joint | {"title": "Author's title"}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 409
    cas_draft.refresh_from_db()
    assert cas_draft.title == "Coordinator's title"
    fresh = author.get(detail(cas_draft))["ETag"]
    again = author.put(detail(cas_draft), joint | {"title": "Author's title"}, format="json", HTTP_IF_MATCH=fresh)
    assert again.status_code == 200 and again.json()["title"] == "Author's title"


def test_the_other_partys_coordinator_confirms(api_as, sipo_coordinator, cas_official, cas_logged):
    response = api_as(sipo_coordinator).post(f"{detail(cas_logged)}confirm/", {"comment": "Agreed."}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "confirmed"
    assert body["history"][-1]["status"] == "confirmed" and body["history"][-1]["comment"] == "Agreed."
    assert body["history"][-1]["by"]["id"] == sipo_coordinator.pk
    cas_logged.refresh_from_db()
    assert cas_logged.status == Status.CONFIRMED
    assert OutboxMessage.objects.filter(kind="activity.confirmed", recipient=cas_official).exists()


def test_the_author_cannot_confirm_their_own(api_as, cas_coordinator, sipo_official):
    own = ActivityFactory(author=cas_coordinator, participants=[cas_coordinator, sipo_official])
    response = api_as(cas_coordinator).post(f"{detail(own)}confirm/", {}, format="json")
    assert response.status_code == 403
    own.refresh_from_db()
    assert own.status == Status.LOGGED


@pytest.mark.parametrize("persona", ["cas_coordinator", "sipo_official", "cas_official"])
def test_only_the_other_partys_coordinator_confirms(api_as, request, cas_logged, persona):
    response = api_as(request.getfixturevalue(persona)).post(f"{detail(cas_logged)}confirm/", {}, format="json")
    assert response.status_code == 403
    cas_logged.refresh_from_db()
    assert cas_logged.status == Status.LOGGED


def test_a_return_says_what_should_change(api_as, sipo_coordinator, cas_official, cas_logged):
    client = api_as(sipo_coordinator)
    refused = client.post(f"{detail(cas_logged)}return/", {"comment": "  "}, format="json")
    assert refused.status_code == 400
    assert refused.json()["error"]["fields"] == {"comment": ["Say what should change before returning the activity."]}
    cas_logged.refresh_from_db()
    assert cas_logged.status == Status.LOGGED
    returned = client.post(f"{detail(cas_logged)}return/", {"comment": "Add the SIPO trainers."}, format="json")
    assert returned.json()["status"] == "returned"
    message = OutboxMessage.objects.get(kind="activity.returned")
    assert (message.recipient, message.params["comment"]) == (cas_official, "Add the SIPO trainers.")


def test_a_confirm_with_a_stale_if_match_is_409(api_as, sipo_coordinator, cas_official, cas_logged, joint):
    reviewer = api_as(sipo_coordinator)
    etag = reviewer.get(detail(cas_logged))["ETag"]
    api_as(cas_official).put(detail(cas_logged), joint | {"title": "Changed after it was read"}, format="json")
    response = reviewer.post(f"{detail(cas_logged)}confirm/", {}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 409
    cas_logged.refresh_from_db()
    assert cas_logged.status == Status.LOGGED


def test_a_draft_is_deleted_by_its_author_only(api_as, cas_official, cas_coordinator, sipo_coordinator, cas_logged):
    draft = ActivityFactory(author=cas_official, status=Status.DRAFT)
    assert api_as(sipo_coordinator).delete(detail(draft)).status_code == 404
    assert api_as(cas_official).delete(detail(cas_logged)).status_code == 403
    assert api_as(cas_official).delete(detail(draft)).status_code == 204
    assert list(Activity.objects.all()) == [cas_logged]


# The audit trail: the same entries as the pages' writes.


def trail() -> Counter:
    """The ledger's entries: what was written to which model, by whom."""
    return Counter(
        (entry.action, entry.content_type.model, entry.actor.username if entry.actor else None)
        for entry in Entry.objects.filter(
            action__in=[Action.CREATE, Action.UPDATE, Action.DELETE], content_type__app_label="activities"
        )
    )


def test_api_writes_are_audited_as_page_writes_are(client, api_as, cas, cas_official, sipo_official, sipo_coordinator):
    data = activity_form_data(lead_party=cas, participants=[cas_official, sipo_official])
    Entry.objects.all().delete()
    client.force_login(cas_official)
    client.post(reverse("activities:create"), once(data | {"action": "log"}))
    by_page = Activity.objects.get()
    client.force_login(sipo_coordinator)
    client.post(reverse("activities:confirm", args=[by_page.pk]), {"comment": "", "lock": "on"})
    by_page.refresh_from_db()
    assert by_page.status == Status.CONFIRMED
    page_trail = trail()
    Entry.objects.all().delete()

    api_data = {
        "area": data["area"],
        "kind": data["kind"],
        "title": data["title"],
        "description": data["description"],
        "start_date": data["start_date"],
        "lead_party": cas.pk,
        "participants": [cas_official.pk, sipo_official.pk],
        "log": True,
    }
    created = api_as(cas_official).post(LIST, api_data, format="json", REMOTE_ADDR="192.0.2.7")
    assert created.status_code == 201
    pk = created.json()["id"]
    api_as(sipo_coordinator).post(f"{LIST}{pk}/confirm/", {}, format="json")
    assert Activity.objects.get(pk=pk).status == Status.CONFIRMED

    assert trail() == page_trail
    assert page_trail[(Action.UPDATE, "activity", "sipo_coordinator")] == 1  # the confirmation, by its reviewer
    (entry,) = Entry.objects.filter(action=Action.CREATE, content_type__model="activity")
    assert (entry.actor, entry.remote_addr, entry.object_id) == (cas_official, "192.0.2.7", pk)
    assert entry.changes["title"] == ["None", data["title"]]


def test_a_refused_api_write_is_not_audited(api_as, cas_official, joint):
    api_as(cas_official).post(LIST, joint | {"title": ""}, format="json")
    assert not Entry.objects.filter(content_type__model="activity").exists()


# Linked library documents: only what the writer may see, as on the page.


def test_an_activity_links_the_documents_its_writer_may_see(api_as, sipo_official, cas_official, cas_shared, joint):
    response = api_as(sipo_official).post(
        LIST, joint | {"participants": [sipo_official.pk, cas_official.pk], "documents": [cas_shared.pk]}, format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["documents"] == [{"id": cas_shared.pk, "title": "共享的专利文献"}]


def test_a_document_the_writer_may_not_see_is_refused_without_its_title(
    api_as, sipo_official, cas_official, cas_internal, joint
):
    response = api_as(sipo_official).post(
        LIST,
        joint | {"participants": [sipo_official.pk, cas_official.pk], "documents": [cas_internal.pk]},
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["documents"]
    assert "内部资料".encode() not in response.content
    assert not Activity.objects.exists()


def test_a_reader_sees_only_the_linked_documents_they_may(
    api_as, cas_official, sipo_official, cas_shared, cas_internal, joint
):
    created = api_as(cas_official).post(
        LIST, joint | {"documents": [cas_shared.pk, cas_internal.pk], "log": True}, format="json"
    )
    assert {d["id"] for d in created.json()["documents"]} == {cas_shared.pk, cas_internal.pk}
    seen = api_as(sipo_official).get(detail(Activity.objects.get())).json()["documents"]
    assert seen == [{"id": cas_shared.pk, "title": "共享的专利文献"}]


def test_a_search_walks_its_ranked_rows_each_once(client, settings, api_as, cas_official, make_activities):
    settings.PAGE_SIZE = 4
    found = make_activities(11, title="专利信息资源共享") + make_activities(2, title="专利导航")
    make_activities(3, title="Training on drafting")
    walked = walk(api_as(cas_official), {"q": "资源共享"})
    assert sorted(walked) == sorted(a.pk for a in found[:11]) and len(walked) == 11
    client.force_login(cas_official)
    first = client.get(reverse("activities:list"), {"q": "资源共享"}).context["page"].object_list
    assert walked[:4] == [a.pk for a in first]
