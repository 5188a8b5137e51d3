"""Meetings and their minutes for tests, made through the services as users make them: one way, for every
test module that needs a meeting (the make_meeting fixture of tests/meetings/conftest.py builds on it)."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from cooperation.meetings import services
from cooperation.meetings.models import Meeting, MeetingKind, Minutes
from cooperation.meetings.services import AgendaRow, MeetingFields
from tests.once import once

TITLE = "第五次联合工作组会议"
FIRST_TEXT = "# 第五次联合工作组会议\n\n## 1. Opening\n\nThe chair opened the meeting.\n"


def schedule(
    by, attendees, *, title=TITLE, starts_at=None, starts_in=timedelta(hours=-3), hours: float = 2, **overrides
) -> Meeting:
    """A meeting through the service; by default it started three hours ago, so it can be marked held."""
    starts_at = starts_at or timezone.now().replace(microsecond=0) + starts_in
    fields = {
        "title": title,
        "kind": MeetingKind.WORKING_GROUP,
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(hours=hours),
        "attendees": attendees,
        "location": "中关村, Beijing",
        "agenda": [AgendaRow(title="Opening", planned_minutes=10), AgendaRow(title="专利信息资源共享")],
    }
    # A meeting that has started is recorded as past (no invitations): minutes come after the start.
    return services.meeting_schedule(
        by=by, fields=MeetingFields(**(fields | overrides)), record_past=starts_at < timezone.now()
    )


def write(meeting: Meeting, text: str = FIRST_TEXT, *, submit: bool = False) -> Minutes:
    minutes = services.minutes_start(meeting=meeting, by=meeting.minute_taker)
    minutes = services.minutes_save(minutes=minutes, by=meeting.minute_taker, text=text)
    if submit:
        minutes = services.minutes_submit(minutes=minutes, by=meeting.minute_taker)
    return minutes


def approve_by_both(minutes: Minutes, *coordinators) -> Minutes:
    for coordinator in coordinators:
        minutes = services.minutes_approve(minutes=minutes, revision=minutes.current_revision.number, by=coordinator)
    return minutes


def reloaded(minutes: Minutes) -> Minutes:
    return Minutes.objects.select_related("current_revision", "approved_revision").get(pk=minutes.pk)


def url(name: str, meeting: Meeting, *args) -> str:
    return reverse(f"meetings:{name}", args=[meeting.pk, *args])


def form_data(*, attendees, agenda=(), **overrides) -> dict:
    """What the browser posts from the meeting form: fields plus the agenda formset's rows."""
    data = {
        "title": "Liaison meeting on patent data",
        "kind": "liaison",
        "starts_at": "2031-05-12T10:00",
        "ends_at": "2031-05-12T11:30",
        "location": "Beijing",
        "attendees": [person.pk for person in attendees],
        "agenda-TOTAL_FORMS": str(max(len(agenda), 1)),
        "agenda-INITIAL_FORMS": "0",
        "agenda-MIN_NUM_FORMS": "0",
        "agenda-MAX_NUM_FORMS": "20",
    }
    for index, row in enumerate(agenda):
        data |= {f"agenda-{index}-{name}": value for name, value in row.items()}
    return once(data) | overrides
