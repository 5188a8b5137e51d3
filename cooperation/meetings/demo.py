"""Demo meetings for `seed_demo`: one in every state, with minutes and action items, made through the
services like real ones, so that the inboxes hold what those steps notify."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from . import services
from .models import ActionItem, Meeting, MeetingKind, Rsvp, Series
from .services import AgendaRow, MeetingFields

UPCOMING = "联合工作组第三次会议"
HELD = "Liaison meeting on the annual work plan"
IN_REVIEW = "知识产权工作季度交流会"
CANCELLED = "Site visit to the Wuhan patent information centre"
TITLES = [UPCOMING, HELD, IN_REVIEW, CANCELLED]
SERIES = "联合工作组 Joint Working Group"

HELD_MINUTES = """# Liaison meeting on the annual work plan

## 1. Work plan for next year

Both parties agreed the **annual work plan** and its five areas of cooperation.

## 2. Document exchange

SIPO shares the patent documentation for the joint analysis; CAS shares its institutional repository data.
"""

REVIEW_DRAFT = """# 知识产权工作季度交流会

## 1. 上季度工作回顾

双方回顾了专利信息资源共享工作。
"""

REVIEW_TEXT = """# 知识产权工作季度交流会

## 1. 上季度工作回顾

双方回顾了专利信息资源共享工作，确认第一批专利文献数据交换已经完成。

## 2. 下季度安排

- 举办**专利检索与分析实务培训班**；
- 启动人工智能领域专利态势联合分析。
"""


def seed_meetings(*, personas: dict) -> int:
    """Create the demo meetings that do not exist yet; returns how many were created."""
    existing = set(Meeting.objects.filter(title__in=TITLES).values_list("title", flat=True))
    if not Series.objects.filter(name=SERIES).exists():
        services.series_create(
            by=personas["cas_coordinator"], name=SERIES, description="双方每季度召开一次工作组会议。"
        )
    personas = personas | {"series": Series.objects.get(name=SERIES)}
    makers = {UPCOMING: _upcoming, HELD: _held, IN_REVIEW: _in_review, CANCELLED: _cancelled}
    for title, make in makers.items():
        if title not in existing:
            make(personas)
    return len(set(TITLES) - existing)


def _upcoming(p: dict) -> None:
    """Ahead, organised by CAS; the invited have answered each way (one has not answered yet)."""
    meeting = _schedule(
        p["cas_coordinator"],
        title=UPCOMING,
        days=10,
        series=p["series"],
        attendees=[
            p["cas_coordinator"],
            p["cas_official"],
            p["sipo_official"],
            p["sipo_coordinator"],
            p["sipo_docadmin"],
        ],
        chair=p["cas_coordinator"],
        minute_taker=p["cas_official"],
        location="北京 中关村",
        agenda=[
            AgendaRow(title="上次会议行动项进展", planned_minutes=15),
            AgendaRow(title="专利信息资源共享年度计划", presenter="王芳", planned_minutes=30),
            AgendaRow(title="其他事项"),
        ],
    )
    services.attendance_answer(meeting=meeting, by=p["sipo_official"], rsvp=Rsvp.ATTENDING)
    services.attendance_answer(meeting=meeting, by=p["sipo_coordinator"], rsvp=Rsvp.MAYBE)
    services.attendance_answer(meeting=meeting, by=p["cas_official"], rsvp=Rsvp.NOT_ATTENDING)


def _held(p: dict) -> None:
    """Held a month ago, organised by SIPO; both parties approved the minutes, so its ledger entry is
    confirmed; its action items are open, overdue and done."""
    organiser, taker = p["sipo_coordinator"], p["sipo_official"]
    meeting = _schedule(
        organiser,
        title=HELD,
        days=-30,
        attendees=[organiser, taker, p["cas_official"], p["cas_coordinator"]],
        chair=organiser,
        minute_taker=taker,
        location="Beijing, CNIPA",
        kind=MeetingKind.LIAISON,
        agenda=[AgendaRow(title="Work plan for next year"), AgendaRow(title="Document exchange")],
    )
    minutes = services.minutes_start(meeting=meeting, by=taker)
    minutes = services.minutes_save(minutes=minutes, by=taker, text=HELD_MINUTES)
    minutes = services.minutes_submit(minutes=minutes, by=taker)
    revision = minutes.current_revision.number
    services.minutes_approve(minutes=minutes, revision=revision, by=p["sipo_coordinator"])
    services.minutes_approve(minutes=minutes, revision=revision, by=p["cas_coordinator"])
    services.meeting_mark_held(meeting=meeting, by=organiser)
    today = timezone.localdate()
    services.action_item_create(
        meeting=meeting,
        by=taker,
        description="Send the list of patent documents for the joint analysis",
        owner=p["sipo_official"],
        due_date=today + timedelta(days=14),
    )
    overdue = services.action_item_create(
        meeting=meeting,
        by=taker,
        description="提交机构知识库专利数据对接方案",
        owner=p["cas_official"],
        due_date=today,
    )
    _backdate(overdue, due_date=today - timedelta(days=5))
    done = services.action_item_create(
        meeting=meeting,
        by=taker,
        description="Circulate the approved annual work plan",
        owner=p["sipo_coordinator"],
        due_date=today,
    )
    _backdate(done, due_date=today - timedelta(days=20))
    services.action_item_complete(item=done, by=p["sipo_coordinator"], note="Sent to both parties' staff.")


def _in_review(p: dict) -> None:
    """Held last week, organised by CAS; the second revision waits for review and SIPO has approved it."""
    organiser, taker = p["cas_coordinator"], p["cas_official"]
    meeting = _schedule(
        organiser,
        title=IN_REVIEW,
        days=-7,
        series=p["series"],
        attendees=[organiser, taker, p["sipo_official"], p["sipo_coordinator"]],
        chair=organiser,
        minute_taker=taker,
        location="线上",
        kind=MeetingKind.VIDEO_CALL,
        agenda=[AgendaRow(title="上季度工作回顾"), AgendaRow(title="下季度安排")],
    )
    services.meeting_mark_held(meeting=meeting, by=organiser)
    minutes = services.minutes_start(meeting=meeting, by=taker)
    minutes = services.minutes_save(minutes=minutes, by=taker, text=REVIEW_DRAFT)
    minutes = services.minutes_save(minutes=minutes, by=taker, text=REVIEW_TEXT)
    minutes = services.minutes_submit(minutes=minutes, by=taker)
    services.minutes_approve(minutes=minutes, revision=minutes.current_revision.number, by=p["sipo_coordinator"])
    services.action_item_create(
        meeting=meeting,
        by=taker,
        description="拟定专利检索与分析实务培训班方案",
        owner=p["sipo_official"],
        due_date=timezone.localdate() + timedelta(days=21),
    )


def _cancelled(p: dict) -> None:
    meeting = _schedule(
        p["sipo_official"],
        title=CANCELLED,
        days=20,
        attendees=[p["sipo_official"], p["cas_official"], p["cas_coordinator"]],
        location="Wuhan",
        kind=MeetingKind.OTHER,
    )
    services.meeting_cancel(meeting=meeting, by=p["sipo_official"])


def _backdate(item: ActionItem, *, due_date) -> None:
    # The items were assigned when the meeting ended, weeks ago; the service, rightly, refuses a due date
    # already past on the day it is called, so the demo moves the date back afterwards.
    ActionItem.objects.filter(pk=item.pk).update(due_date=due_date)
    item.due_date = due_date


def _schedule(by, *, title: str, days: int, agenda=(), kind=MeetingKind.WORKING_GROUP, **fields) -> Meeting:
    # 09:30 Beijing time, `days` from today: a plausible office hour whatever the clock says now.
    day = timezone.localdate() + timedelta(days=days)
    starts_at = timezone.make_aware(datetime.combine(day, time(9, 30)))
    return services.meeting_schedule(
        by=by,
        fields=MeetingFields(
            title=title,
            kind=kind,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=2),
            agenda=list(agenda),
            **fields,
        ),
        # The demo's held meetings are recorded as past ones (nobody is invited to what is over).
        record_past=days < 0,
    )
