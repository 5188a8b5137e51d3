"""The agreement's dates in the personal calendar: the end of the term, reviews and renewals, for staff of the
parties, within the window asked for."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from protocol import calendar
from protocol.agreement.calendar import events_for
from protocol.agreement.models import KeyDate

BEIJING = ZoneInfo("Asia/Shanghai")


def test_the_agreements_dates_are_whole_days_in_beijing_in_the_feed(agreement, sipo_official, english):
    events = [event for event in calendar.events_for(sipo_official) if event.uid.startswith("agreement-")]
    assert [(event.start.astimezone(BEIJING).date(), event.summary) for event in events] == [
        (date(2026, 12, 1), "Review of the cooperation agreement"),
        (date(2027, 1, 15), "Decision on renewing the cooperation agreement"),
        (date(2027, 4, 22), "The cooperation agreement's term ends"),
    ]
    review = events[0]
    assert review.start.astimezone(BEIJING).hour == 0 and (review.end - review.start).days == 1
    assert review.url.endswith("/about/") and review.description == "Annual review"
    assert b"SUMMARY:Review of the cooperation agreement" in calendar.feed(events)


def test_nobody_of_no_party_gets_them(agreement, outsider):
    assert events_for(outsider, domain="x.example.org") == []


@pytest.mark.parametrize(
    ("window", "expected"),
    [
        ({"start": date(2026, 12, 2)}, [date(2027, 1, 15), date(2027, 4, 22)]),
        ({"end": date(2026, 12, 31)}, [date(2026, 12, 1)]),
        ({"start": date(2027, 1, 1), "end": date(2027, 1, 31)}, [date(2027, 1, 15)]),
        (
            {"start": datetime(2026, 12, 1, 12, tzinfo=BEIJING), "end": datetime(2027, 1, 15, 8, tzinfo=BEIJING)},
            [date(2026, 12, 1), date(2027, 1, 15)],
        ),
    ],
)
def test_a_window_narrows_them(agreement, cas_official, window, expected):
    events = events_for(cas_official, domain="x.example.org", **window)
    assert [event.start.astimezone(BEIJING).date() for event in events] == expected


def test_a_moved_date_keeps_its_uid_and_is_a_later_sequence(agreement, cas_official):
    before = {e.uid: e for e in events_for(cas_official, domain="x.example.org")}
    review = KeyDate.objects.get(on=date(2026, 12, 1))
    review.on = date(2026, 12, 8)
    review.save()
    after = {e.uid: e for e in events_for(cas_official, domain="x.example.org")}
    assert before.keys() == after.keys()
    uid = f"agreement-date-{review.pk}@x.example.org"
    assert after[uid].sequence >= before[uid].sequence and after[uid].start.astimezone(BEIJING).day == 8
