"""A record that moved on since the page was loaded: one message and a way back, from one place."""

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import RequestFactory

from cooperation.meetings.services import MinutesError
from protocol.activities.services import ActivityStateError
from protocol.errors import MovedOnMiddleware, RecordMovedOn


def request_for(path="/activities/1/confirm/", **headers):
    request = RequestFactory().post(path, headers=headers)
    request._messages = CookieStorage(request)
    request.htmx = bool(headers.get("HX-Request"))
    return request


def handle(request, exception):
    return MovedOnMiddleware(lambda request: None).process_exception(request, exception)


@pytest.mark.django_db
def test_the_user_is_told_and_taken_to_the_record_as_it_is_now(cas_confirmed):
    request = request_for()
    response = handle(
        request, ActivityStateError("This activity is no longer awaiting confirmation.", record=cas_confirmed)
    )
    assert response.status_code == 303 and response["Location"] == cas_confirmed.get_absolute_url()
    assert [str(m) for m in get_messages(request)] == ["This activity is no longer awaiting confirmation."]


def test_an_htmx_request_gets_409_and_the_message():
    request = request_for(**{"HX-Request": "true"})
    response = handle(request, MinutesError("These minutes are not waiting for review."))
    assert response.status_code == 409
    assert response.content.decode() == "These minutes are not waiting for review."
    assert list(get_messages(request)) == []


def test_without_a_record_it_goes_back_to_the_page_it_came_from_on_this_site_only():
    response = handle(request_for(referer="http://testserver/meetings/4/"), RecordMovedOn("Gone."))
    assert response["Location"] == "http://testserver/meetings/4/"
    response = handle(request_for(referer="https://evil.example/"), RecordMovedOn("Gone."))
    assert response["Location"] == "/"


def test_other_errors_are_left_alone():
    assert handle(request_for(), ValueError("not ours")) is None


def test_every_areas_state_error_is_a_record_moved_on():
    from cooperation.documents.services import DocumentError
    from cooperation.meetings.services import MeetingError
    from protocol.signoff.services import SignOffError

    for error in (ActivityStateError, MeetingError, MinutesError, DocumentError, SignOffError):
        assert issubclass(error, RecordMovedOn)
