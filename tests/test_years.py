"""One year filter for every list: the year as Beijing counts it, as a range the index serves."""

from datetime import UTC, date, datetime

import time_machine

from protocol.activities.models import Activity
from protocol.years import YearFilter, years_to_date, years_with_next


def test_a_date_time_belongs_to_the_year_beijing_time_says(cas_logged, cas_confirmed):
    # 23:30 on 31 December in Beijing is still 2026 there; 00:30 on 1 January is 2027, though both are 2026 in UTC.
    Activity.objects.filter(pk=cas_logged.pk).update(created_at=datetime(2026, 12, 31, 15, 30, tzinfo=UTC))
    Activity.objects.filter(pk=cas_confirmed.pk).update(created_at=datetime(2026, 12, 31, 16, 30, tzinfo=UTC))
    by_creation = YearFilter(field_name="created_at")
    assert list(by_creation.filter(Activity.objects.all(), "2026")) == [cas_logged]
    assert list(by_creation.filter(Activity.objects.all(), "2027")) == [cas_confirmed]


def test_a_date_filters_by_its_calendar_year(cas_logged, cas_confirmed):
    Activity.objects.filter(pk=cas_logged.pk).update(start_date=date(2028, 2, 29))
    Activity.objects.filter(pk=cas_confirmed.pk).update(start_date=date(2029, 1, 1))
    by_start = YearFilter(field_name="start_date", with_next=True)
    assert list(by_start.filter(Activity.objects.all(), "2028")) == [cas_logged]
    assert set(by_start.filter(Activity.objects.all(), "")) == {cas_logged, cas_confirmed}


@time_machine.travel(datetime(2026, 12, 31, 16, 30, tzinfo=UTC), tick=False)  # 00:30 on 1 January in Beijing
def test_the_menus_start_from_the_year_beijing_is_in():
    assert years_to_date()[0] == (2027, "2027") and years_to_date()[-1] == (2020, "2020")
    assert years_with_next()[0] == (2028, "2028")
