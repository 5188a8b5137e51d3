"""One date format per language (2026年12月1日 / 1 Dec 2026) on pages, in e-mails and PDFs; times say Beijing time."""

from datetime import UTC, date, datetime

import pytest
from django.utils import formats, timezone, translation

from protocol import language
from protocol.parties.models import Language
from tests.factories import ActivityFactory

DECEMBER_1 = date(2026, 12, 1)
# 1 December 2026, 09:05 in Beijing.
MOMENT = datetime(2026, 12, 1, 1, 5, tzinfo=UTC)


@pytest.mark.parametrize(
    ("language_code", "day", "moment"),
    [("zh-hans", "2026年12月1日", "2026年12月1日 09:05"), ("en", "1 Dec 2026", "1 Dec 2026, 09:05")],
)
@pytest.mark.parametrize("short", ["", "SHORT_"])
def test_every_named_format_writes_a_date_one_way_per_language(language_code, day, moment, short):
    with translation.override(language_code):
        assert formats.date_format(DECEMBER_1, f"{short}DATE_FORMAT") == day
        assert formats.date_format(timezone.localtime(MOMENT), f"{short}DATETIME_FORMAT") == moment


@pytest.mark.parametrize(
    ("preferred", "expected", "never"),
    [
        (Language.CHINESE, "2026年12月1日", ["2026年12月01日", "12/01/2026", "Dec. 1, 2026"]),
        (Language.ENGLISH, "1 Dec 2026", ["12/01/2026", "Dec. 1, 2026", "2026-12-01<"]),
    ],
)
def test_an_activity_page_writes_its_date_in_the_readers_format(client, cas_official, preferred, expected, never):
    cas_official.preferred_language = preferred
    cas_official.save()
    activity = ActivityFactory(author=cas_official, start_date=DECEMBER_1, end_date=DECEMBER_1)
    client.force_login(cas_official)
    page = client.get(activity.get_absolute_url()).text
    assert expected in page
    assert not [text for text in never if text in page]


def test_the_portals_zone_is_called_beijing_time_and_another_keeps_its_id(english, settings):
    assert language.time_zone_name() == "Beijing time"
    with timezone.override("Europe/Berlin"):
        assert language.time_zone_name() == "Europe/Berlin"


@pytest.mark.parametrize(
    ("language_code", "expected"),
    [("zh-hans", "2026年12月1日 09:05"), ("en", "1 Dec 2026, 09:05 Beijing time")],
)
def test_a_moment_stored_in_a_notification_is_read_in_the_readers_format(language_code, expected):
    with translation.override(language_code):
        # Notifications store the portal's local time as text; an ISO moment with its zone reads the same.
        # "in": the catalogue may put the zone first (北京时间 2026年12月1日 09:05).
        assert expected in language.datetime_in_words("2026-12-01 09:05")
        assert expected in language.datetime_in_words(MOMENT.isoformat())
        assert language.date_in_words("2026-12-01") == expected.split(" 09")[0].rstrip(",")
