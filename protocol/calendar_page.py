"""The calendar page: a month or a week of what the reader's calendar holds (every area's `calendar` hook, the same
items as the personal feed), server-rendered, in Beijing time."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from . import calendar
from .calendar import CalendarEvent

# Dates asked for outside these are read as today (a hand-typed ?day=0001-01-01 must not overflow).
EARLIEST, LATEST = date(1900, 1, 1), date(2999, 12, 1)


@dataclass
class Day:
    day: date
    is_today: bool
    in_range: bool = True  # false for the days of the neighbouring months that fill a month's first and last week
    events: list[CalendarEvent] = field(default_factory=list)


def days_with_events(
    events: Iterable[CalendarEvent], *, first: date, last: date, within: tuple[date, date] | None = None
) -> list[Day]:
    """Every day from `first` to `last`, each with the events on it (an event of several days on each of them),
    soonest first; `within` marks the days of the month shown."""
    on: dict[date, list[CalendarEvent]] = defaultdict(list)
    for event in events:
        starts = timezone.localdate(event.start)
        # An event ends before its end moment: an all-day event's end is the next day's midnight.
        ends = timezone.localdate(event.end - timedelta(microseconds=1)) if event.end > event.start else starts
        day = max(starts, first)
        while day <= min(ends, last):
            on[day].append(event)
            day += timedelta(days=1)
    today = timezone.localdate()
    days = []
    day = first
    while day <= last:
        in_range = within is None or within[0] <= day <= within[1]
        days.append(Day(day=day, is_today=day == today, in_range=in_range, events=on[day]))
        day += timedelta(days=1)
    return days


def _asked_day(request) -> date:
    try:
        asked = date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        return timezone.localdate()
    return asked if EARLIEST <= asked <= LATEST else timezone.localdate()


def _next_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


@login_required
def calendar_page(request):
    view = "week" if request.GET.get("view") == "week" else "month"
    asked = _asked_day(request)
    if view == "month":
        month_first = asked.replace(day=1)
        month_last = _next_month(month_first) - timedelta(days=1)
        first = month_first - timedelta(days=month_first.weekday())
        last = month_last + timedelta(days=6 - month_last.weekday())
        previous, following, within = (
            (month_first - timedelta(days=1)).replace(day=1),
            _next_month(month_first),
            (
                month_first,
                month_last,
            ),
        )
    else:
        first = asked - timedelta(days=asked.weekday())
        last = first + timedelta(days=6)
        previous, following, within = first - timedelta(days=7), first + timedelta(days=7), None
    events = calendar.events_for(
        request.user, start=calendar.day_start(first), end=calendar.day_start(last + timedelta(days=1))
    )
    days = days_with_events(events, first=first, last=last, within=within)
    return render(
        request,
        "calendar.html",
        {
            "view": view,
            "asked": asked,
            "first": first,
            "last": last,
            "days": days,
            "weeks": [days[i : i + 7] for i in range(0, len(days), 7)],
            "previous": previous,
            "following": following,
            "today": timezone.localdate(),
            "events_count": len(events),
        },
    )
