"""The coordinators of both parties are reminded 180, 90 and 30 days before the term ends and before each review
or renewal date, each once per date and threshold, at whatever date the suite runs (the clock is set here)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation

from protocol.agreement.models import KeyDate
from protocol.notifications.kinds import get_kind
from protocol.notifications.models import OutboxMessage
from protocol.notifications.reminders import reminders_send

BEIJING = ZoneInfo("Asia/Shanghai")


def at(day: str) -> datetime:
    return datetime.fromisoformat(f"{day}T07:30").replace(tzinfo=BEIJING)


def reminded(kind: str, due: str | None = None) -> list[tuple[str, str, int]]:
    rows = OutboxMessage.objects.filter(kind=f"agreement.{kind}").order_by("pk")
    found = [(row.recipient.username, row.params["due"], row.params["days"]) for row in rows]
    return [row for row in found if due is None or row[1] == due]


def run_on(day: str) -> None:
    with time_machine.travel(at(day), tick=False):
        reminders_send()


@pytest.fixture
def people(agreement, cas_coordinator, sipo_coordinator, cas_official, sipo_official):
    return agreement


@pytest.mark.parametrize(("day", "days"), [("2026-06-04", 180), ("2026-09-02", 90), ("2026-11-01", 30)])
def test_a_review_is_reminded_to_both_coordinators_at_each_threshold(people, day, days):
    run_on(day)
    assert reminded("date_reminder", "2026-12-01") == [
        ("cas_coordinator", "2026-12-01", days),
        ("sipo_coordinator", "2026-12-01", days),
    ]


def test_nothing_is_reminded_before_the_first_threshold(people):
    run_on("2026-06-03")  # 181 days before the review
    assert not OutboxMessage.objects.filter(kind__startswith="agreement.").exists()


def test_each_threshold_is_reminded_once_and_the_next_one_again(people):
    for day in ("2026-06-04", "2026-06-05", "2026-08-01"):
        run_on(day)
    assert len(reminded("date_reminder", "2026-12-01")) == 2
    run_on("2026-09-02")
    run_on("2026-09-03")
    assert [row[2] for row in reminded("date_reminder", "2026-12-01")] == [180, 180, 90, 90]


def test_a_missed_run_reminds_of_the_threshold_reached_not_of_every_one_passed(people):
    run_on("2026-10-01")  # 61 days before the review: the 90-day threshold, never sent
    assert reminded("date_reminder", "2026-12-01") == [
        ("cas_coordinator", "2026-12-01", 61),
        ("sipo_coordinator", "2026-12-01", 61),
    ]
    run_on("2026-10-02")
    assert len(reminded("date_reminder", "2026-12-01")) == 2


def test_the_end_of_the_term_and_the_renewal_date_are_reminded_too(people):
    run_on("2026-10-24")  # 180 days before 22 April 2027; the renewal on 15 January is 83 days away
    assert reminded("term_end_reminder") == [
        ("cas_coordinator", "2027-04-22", 180),
        ("sipo_coordinator", "2027-04-22", 180),
    ]
    dues = {row[1] for row in reminded("date_reminder")}
    assert dues == {"2026-12-01", "2027-01-15"}


def test_a_date_moved_is_reminded_of_again(people):
    run_on("2026-11-01")
    KeyDate.objects.filter(on="2026-12-01").update(on="2026-12-08")
    run_on("2026-11-08")
    assert [row[1:] for row in reminded("date_reminder", "2026-12-08")] == [("2026-12-08", 30), ("2026-12-08", 30)]


def test_the_reminder_reads_in_the_readers_language(people):
    run_on("2026-11-01")
    row = OutboxMessage.objects.filter(kind="agreement.date_reminder", params__due="2026-12-01").first()
    kind = get_kind(row.kind)
    with translation.override("en"):
        assert kind.render_subject(row.params) == "Reminder: the agreement's review is due on 1 Dec 2026, in 30 days"
    with translation.override("zh-hans"):
        assert "2026年12月1日" in kind.render_subject(row.params)
