"""Activities, meetings and documents carry a title in each language; the reader's comes first."""

import pytest
from django.urls import reverse
from django.utils import translation

from cooperation.meetings.models import Meeting
from protocol.activities.models import Activity
from protocol.language import Titles, titles_for_reader
from protocol.parties.models import Language
from tests.factories import ActivityFactory
from tests.meetings.data import form_data
from tests.once import once

ZH, EN = "专利信息资源共享研讨会", "Workshop on sharing patent information"


@pytest.mark.parametrize(
    ("reader", "title", "other", "title_language", "expected"),
    [
        ("zh-hans", ZH, EN, "", Titles(ZH, EN)),
        ("en", ZH, EN, "", Titles(EN, ZH)),
        ("zh-hans", EN, ZH, "", Titles(ZH, EN)),
        ("en", EN, ZH, "", Titles(EN, ZH)),
        ("en", ZH, "", "", Titles(ZH, "")),
        # The record's own word on its language wins over the script of its title.
        ("en", "WIPO 报告", "WIPO report", "en", Titles("WIPO 报告", "WIPO report")),
        ("en", "Bericht", "报告", "other", Titles("Bericht", "报告")),
    ],
)
def test_the_readers_language_comes_first_and_the_other_title_follows(reader, title, other, title_language, expected):
    with translation.override(reader):
        assert titles_for_reader(title, other, title_language=title_language) == expected


def reads(person, language):
    person.preferred_language = language
    person.save()
    return person


@pytest.mark.parametrize(("language", "first", "second"), [(Language.CHINESE, ZH, EN), (Language.ENGLISH, EN, ZH)])
def test_an_activitys_page_and_list_lead_with_the_readers_title(client, cas_official, language, first, second):
    activity = ActivityFactory(author=cas_official, title=ZH, title_other=EN, status="logged")
    client.force_login(reads(cas_official, language))
    detail = client.get(activity.get_absolute_url()).text
    assert f'<h1 class="h2 mb-1">{first}</h1>' in detail and second in detail
    listed = client.get(reverse("activities:list"), {"year": activity.start_date.year}).text
    assert f">{first}</a>" in listed and second in listed


@pytest.mark.parametrize(("language", "first", "second"), [(Language.CHINESE, ZH, EN), (Language.ENGLISH, EN, ZH)])
def test_a_meetings_page_and_list_lead_with_the_readers_title(
    client, make_meeting, cas_official, language, first, second
):
    meeting = make_meeting(title=EN, title_other=ZH)
    client.force_login(reads(cas_official, language))
    detail = client.get(meeting.get_absolute_url()).text
    assert f'<h1 class="h2 mb-1">{first}</h1>' in detail and second in detail
    listed = client.get(reverse("meetings:list")).text
    assert f">{first}</a>" in listed and second in listed


def test_an_activity_is_logged_with_its_title_in_the_other_language(client, cas, cas_official, sipo_official):
    client.force_login(cas_official)
    data = {
        "area": "training",
        "kind": "training_session",
        "title": ZH,
        "title_other": EN,
        "start_date": "2026-05-10",
        "lead_party": cas.pk,
        "participants": [cas_official.pk, sipo_official.pk],
        "action": "log",
    }
    response = client.post(reverse("activities:create"), once(data))
    assert response.status_code == 302
    assert Activity.objects.values_list("title", "title_other").get() == (ZH, EN)


def test_a_too_long_other_title_is_refused_and_nothing_stored(client, cas, cas_official, sipo_official):
    client.force_login(cas_official)
    response = client.post(
        reverse("meetings:create"), form_data(attendees=[cas_official, sipo_official], title_other="长" * 201)
    )
    assert response.status_code == 200
    assert "at most 200 characters" in " ".join(response.context["form"].errors["title_other"])
    assert not Meeting.objects.exists()


def test_a_meeting_is_scheduled_with_its_title_in_the_other_language(client, cas_official, sipo_official):
    client.force_login(cas_official)
    response = client.post(
        reverse("meetings:create"), form_data(attendees=[cas_official, sipo_official], title_other=ZH)
    )
    assert response.status_code == 302
    assert Meeting.objects.values_list("title_other", flat=True).get() == ZH
