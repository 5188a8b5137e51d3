"""Every error of the API in one shape, {"error": {"status", "code", "message"[, "fields"]}}, in the request's
language: 400 per field, 401, 403, 404 (the invisible, and ids that are no record's), 409 (moved on since read)."""

from datetime import UTC, datetime

import pytest
import time_machine

from protocol.activities.models import Activity, Status
from protocol.activities.services import activity_confirm

LIST = "/api/v1/activities/"


def error_of(response, status: int) -> dict:
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"error"}
    error = body["error"]
    assert error["status"] == status
    assert set(error) <= {"status", "code", "message", "fields"}
    assert isinstance(error["message"], str) and error["message"]
    return error


@pytest.fixture
def joint(joint) -> dict:
    return joint | {"log": True}


@pytest.mark.parametrize(
    "language, message, title, participants",
    [
        (
            "en",
            "Some of what was sent is not valid: see the fields.",
            "This field may not be blank.",
            "A joint activity needs at least one participant from the other party.",
        ),
        (
            "zh-hans",
            "提交的部分内容无效：请查看各字段。",
            "该字段不能为空。",
            "联合活动须至少有一名对方单位的参与人员。",
        ),
    ],
)
def test_400_names_each_field_in_the_requests_language(
    api_as, cas_official, joint, language, message, title, participants
):
    client = api_as(cas_official, language=language)
    # The serializer's own check (title) and the ledger's rule (participants), reported alike.
    blank = client.post(LIST, joint | {"title": ""}, format="json")
    error = error_of(blank, 400)
    assert error["code"] == "invalid"
    assert error["fields"] == {"title": [title]}
    assert error["message"] == message
    own_party_only = client.post(LIST, joint | {"participants": [cas_official.pk]}, format="json")
    assert error_of(own_party_only, 400)["fields"] == {"participants": [participants]}
    assert not Activity.objects.exists()


def test_400_for_several_fields_at_once(api_as, cas_official, joint):
    response = api_as(cas_official).post(
        LIST, joint | {"start_date": "1999-12-31", "end_date": "1999-01-01", "area": "cooking"}, format="json"
    )
    fields = error_of(response, 400)["fields"]
    assert set(fields) == {"area"}  # the serializer refuses first; the ledger's rules see only valid fields
    response = api_as(cas_official).post(LIST, joint | {"start_date": "1999-12-31"}, format="json")
    (message,) = error_of(response, 400)["fields"]["start_date"]
    assert message.startswith("Give a date between")
    assert not Activity.objects.exists()


def test_400_for_what_is_not_json(api_as, cas_official):
    response = api_as(cas_official).post(LIST, "{not json", content_type="application/json")
    error = error_of(response, 400)
    assert error["code"] == "parse_error"


def test_415_for_a_form_post(api_as, cas_official, joint):
    response = api_as(cas_official).post(LIST, {"title": "x"})  # multipart
    assert error_of(response, 415)["code"] == "unsupported_media_type"
    assert not Activity.objects.exists()


def test_400_for_an_unknown_filter_value(api_as, cas_official):
    response = api_as(cas_official).get(LIST, {"area": "cooking"})
    error = error_of(response, 400)
    assert list(error["fields"]) == ["area"]


def test_401_has_the_shape(client):
    error = error_of(client.get(LIST), 401)
    assert error["code"] == "not_authenticated"


def test_403_has_the_shape_and_the_language(api_as, sipo_official, cas_logged):
    client = api_as(sipo_official)
    error = error_of(client.post(f"{LIST}{cas_logged.pk}/confirm/", {}, format="json"), 403)
    assert (error["code"], error["message"]) == (
        "permission_denied",
        "You do not have permission to perform this action.",
    )
    chinese = api_as(sipo_official, language="zh-hans").post(f"{LIST}{cas_logged.pk}/confirm/", {}, format="json")
    assert error_of(chinese, 403)["message"] == "您没有执行该操作的权限。"


@pytest.mark.parametrize(
    "pk",
    [
        "abc",
        "1e3",
        "-1",
        "0",
        "１",  # a full-width digit: isdigit() says yes, no id is it
        "٣",  # an Arabic-Indic digit
        str(2**63),  # past the database's integer
        "9" * 40,
        "999999",
    ],
)
def test_404_for_ids_that_are_no_records(api_as, cas_official, cas_logged, pk):
    client = api_as(cas_official)
    for response in (
        client.get(f"{LIST}{pk}/"),
        client.put(f"{LIST}{pk}/", {}, format="json"),
        client.post(f"{LIST}{pk}/confirm/", {}, format="json"),
        client.get(f"/api/v1/notifications/{pk}/"),
    ):
        assert error_of(response, 404)["code"] == "not_found"


def test_404_for_what_one_may_not_see_says_no_more_than_for_nothing(api_as, sipo_official, cas_draft):
    client = api_as(sipo_official)
    hidden = client.get(f"{LIST}{cas_draft.pk}/")
    missing = client.get(f"{LIST}{cas_draft.pk + 1000}/")
    assert error_of(hidden, 404) == error_of(missing, 404)
    assert cas_draft.title.encode() not in hidden.content
    for response in (
        client.put(f"{LIST}{cas_draft.pk}/", {}, format="json"),
        client.delete(f"{LIST}{cas_draft.pk}/"),
        client.post(f"{LIST}{cas_draft.pk}/log/", {}, format="json"),
        client.post(f"{LIST}{cas_draft.pk}/confirm/", {}, format="json"),
    ):
        assert error_of(response, 404) == error_of(missing, 404)
    assert Activity.objects.get().status == Status.DRAFT


def test_404_for_an_unknown_route_is_not_the_apis_business(api_as, cas_official):
    assert api_as(cas_official).get("/api/v1/nothing-here/").status_code == 404


def test_409_when_the_record_moved_on(api_as, sipo_coordinator, sipo_coordinator_2, cas_logged):
    activity_confirm(activity=cas_logged, by=sipo_coordinator_2)
    response = api_as(sipo_coordinator).post(f"{LIST}{cas_logged.pk}/confirm/", {}, format="json")
    error = error_of(response, 409)
    assert (error["code"], error["message"]) == ("conflict", "This activity is no longer awaiting confirmation.")
    chinese = api_as(sipo_coordinator, language="zh-hans").post(
        f"{LIST}{cas_logged.pk}/return/", {"comment": "?"}, format="json"
    )
    assert error_of(chinese, 409)["message"] == "该活动已不再处于待确认状态。"


def test_409_when_if_match_names_a_copy_that_is_no_longer_current(api_as, sipo_coordinator, cas_logged):
    client = api_as(sipo_coordinator)
    etag = client.get(f"{LIST}{cas_logged.pk}/")["ETag"]
    Activity.objects.filter(pk=cas_logged.pk).update(title="Renamed since")
    response = client.post(f"{LIST}{cas_logged.pk}/confirm/", {}, format="json", HTTP_IF_MATCH=etag)
    error = error_of(response, 409)
    assert error["message"] == "This record changed since you read it: read it again before changing it."
    cas_logged.refresh_from_db()
    assert cas_logged.status == Status.LOGGED


def test_a_405_has_the_shape_too(api_as, cas_official, cas_logged):
    response = api_as(cas_official).patch(f"{LIST}{cas_logged.pk}/", {}, format="json")
    assert error_of(response, 405)["code"] == "method_not_allowed"
    assert "PUT" in response["Allow"]


def test_dates_in_errors_are_the_readers(api_as, cas_official, joint):
    # The latest date a plan may have is two years on (Beijing's today), written as a Chinese reader writes it.
    with time_machine.travel(datetime(2026, 12, 31, 16, 30, tzinfo=UTC), tick=False):  # 1 January 2027 in Beijing
        response = api_as(cas_official, language="zh-hans").post(
            LIST, joint | {"start_date": "2099-01-01"}, format="json"
        )
    assert error_of(response, 400)["fields"]["start_date"] == ["请填写 2000年1月1日 至 2029年1月1日 之间的日期。"]
