"""The new-activity form: what it refuses, with a message per field, and what it stores."""

import pytest
from django.urls import reverse

from protocol.activities.models import Activity, Status
from tests.factories import activity_form_data
from tests.once import once


@pytest.fixture
def valid_post(cas, cas_official, sipo_official):
    return activity_form_data(
        lead_party=cas, participants=[cas_official, sipo_official], external_participants="Prof. Alice Example\n"
    )


def post(client, data):
    return client.post(reverse("activities:create"), once(data))


def test_an_official_logs_a_joint_activity(client, cas_official, sipo_official, valid_post, sipo_coordinator):
    client.force_login(cas_official)
    response = post(client, valid_post)
    activity = Activity.objects.get()
    assert response.status_code == 302 and response["Location"] == activity.get_absolute_url()
    assert activity.status == Status.LOGGED
    assert (activity.author, activity.party.code, activity.title) == (cas_official, "CAS", "专利检索实务培训")
    assert set(activity.participants.all()) == {cas_official, sipo_official}
    assert activity.external_participant_list == ["Prof. Alice Example"]


def test_save_as_draft_keeps_it_a_draft(client, cas_official, valid_post):
    client.force_login(cas_official)
    post(client, valid_post | {"action": "draft"})
    assert Activity.objects.get().status == Status.DRAFT


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"title": ""}, "title", "Give the activity a title."),
        ({"title": "长" * 201}, "title", "at most 200 characters"),
        ({"end_date": "2026-05-09"}, "end_date", "The end date cannot be before the start date."),
        ({"start_date": "not a date"}, "start_date", "Enter a valid date."),
        ({"area": "space"}, "area", "Select a valid choice."),
        ({"participants": []}, "participants", "This field is required."),
    ],
)
def test_bad_input_is_refused_per_field_and_nothing_stored(client, cas_official, valid_post, change, field, message):
    client.force_login(cas_official)
    response = post(client, valid_post | change)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert message in response.text or message.replace("'", "&#x27;") in response.text
    assert not Activity.objects.exists()


def test_an_activity_without_the_other_party_is_refused(client, cas_official, cas_coordinator, valid_post):
    client.force_login(cas_official)
    response = post(client, valid_post | {"participants": [cas_official.pk, cas_coordinator.pk]})
    assert response.status_code == 200
    assert "at least one participant from the other party" in " ".join(response.context["form"].errors["participants"])
    assert not Activity.objects.exists()


def test_bad_input_keeps_what_was_typed(client, cas_official, valid_post):
    client.force_login(cas_official)
    response = post(client, valid_post | {"end_date": "2026-05-01"})
    assert "For examiners and researchers." in response.text
    assert 'value="专利检索实务培训"' in response.text


def test_editing_a_returned_activity_and_logging_it_again(
    client, cas_official, cas_logged, sipo_coordinator, valid_post
):
    cas_logged.status = Status.RETURNED
    cas_logged.save()
    client.force_login(cas_official)
    response = client.post(reverse("activities:edit", args=[cas_logged.pk]), valid_post | {"title": "Revised"})
    assert response.status_code == 302
    cas_logged.refresh_from_db()
    assert (cas_logged.title, cas_logged.status) == ("Revised", Status.LOGGED)


def test_a_date_error_and_the_other_party_rule_are_reported_on_the_same_submit(
    client, cas_official, cas_coordinator, valid_post
):
    client.force_login(cas_official)
    response = post(
        client, valid_post | {"start_date": "not a date", "participants": [cas_official.pk, cas_coordinator.pk]}
    )
    errors = response.context["form"].errors
    assert response.status_code == 200 and not Activity.objects.exists()
    assert errors["start_date"] == ["Enter a valid date."]
    assert "at least one participant from the other party" in " ".join(errors["participants"])
    assert "at least one participant from the other party" in response.text


def test_a_form_wide_error_is_shown_once(client, cas_official, valid_post):
    client.force_login(cas_official)
    response = client.post(reverse("activities:create"), valid_post | {"once_token": "forged"})
    assert response.status_code == 200 and not Activity.objects.exists()
    assert response.text.count("This form had expired.") == 1
