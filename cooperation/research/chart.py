"""The milestone chart of a research project: each milestone's baseline, current and actual date on one time
axis, drawn as SVG on the server (no JavaScript), like protocol/activities/charts.py.

Labels are made here, in the reader's language (the view calls this inside the request), so that their width
can be reckoned: the legend wraps and titles are shortened to fit, and tick labels never run into each other.
"""

import math
import unicodedata
from dataclasses import dataclass
from datetime import date

from django.utils import formats
from django.utils.translation import gettext as _

from .plan import MilestoneAgainstBaseline

WIDTH = 780
LABEL_WIDTH = 220  # the milestone titles, left of the plot
PLOT_LEFT = LABEL_WIDTH + 12
PLOT_RIGHT = WIDTH - 24
ROW_HEIGHT = 28
LEGEND_LINE = 20
FONT_SIZE = 13  # .chart text in static/css/portal.css
TICK_FONT_SIZE = 12  # .milestone-chart .tick
# Room for "2026年12月" / "Dec 2026" between two labelled ticks.
MIN_LABEL_GAP = 80


@dataclass(frozen=True)
class Mark:
    x: int
    on: date


@dataclass(frozen=True)
class Tick:
    x: int
    on: date
    label: str  # "" for a tick drawn without a label (too close to the last labelled one)


@dataclass(frozen=True)
class LegendItem:
    kind: str  # which swatch the template draws: period, baseline, current, overdue, done, slip, today
    label: str
    x: int
    y: int


@dataclass(frozen=True)
class ChartRow:
    title: str
    short_title: str  # the title cut to fit LABEL_WIDTH; the full one is its tooltip
    y: int  # the row's centre line
    baseline: Mark | None
    current: Mark
    actual: Mark | None
    slip_from: int | None  # x of the baseline date, when the milestone slipped (or moved earlier)
    slip_to: int | None  # x of the expected date
    slip_days: int | None
    overdue: bool

    @property
    def late(self) -> bool:
        return bool(self.slip_days and self.slip_days > 0)

    @property
    def slip_size(self) -> int:
        return abs(self.slip_days or 0)

    @property
    def check_path(self) -> str:
        """A check mark centred on the actual date."""
        return "" if self.actual is None else f"M{self.actual.x - 6} {self.y - 1} l4 5 l8 -10"


@dataclass(frozen=True)
class MilestoneChart:
    rows: list[ChartRow]
    ticks: list[Tick]
    legend: list[LegendItem]
    axis_start: date
    axis_end: date
    period_x: int  # the project's own period, shaded: the axis reaches past it when a date does
    period_width: int
    today_x: int | None  # None when today is off the axis
    plot_left: int
    plot_right: int
    plot_top: int
    plot_bottom: int
    width: int
    height: int

    @property
    def plot_height(self) -> int:
        return self.plot_bottom - self.plot_top

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def done(self) -> int:
        return sum(1 for row in self.rows if row.actual is not None)

    @property
    def late(self) -> int:
        return sum(1 for row in self.rows if row.late)

    @property
    def overdue(self) -> int:
        return sum(1 for row in self.rows if row.overdue)


def milestone_chart(
    rows: list[MilestoneAgainstBaseline], *, start: date, end: date, today: date
) -> MilestoneChart | None:
    """The chart of the project's milestones over its period (start to end), or None when it has none.

    The axis runs over whole months and reaches past the period for any date outside it (a milestone that
    slipped past the end, one done before the start), so every mark is drawn inside the picture."""
    if not rows:
        return None
    dates = [start, end]
    for row in rows:
        dates += [d for d in (row.baseline, row.current, row.actual, row.expected) if d is not None]
    axis_start = _first_of_month(min(dates))
    axis_end = _add_months(_first_of_month(max(dates)), 1)
    span = (axis_end - axis_start).days

    def x(day: date) -> int:
        return PLOT_LEFT + round((PLOT_RIGHT - PLOT_LEFT) * (day - axis_start).days / span)

    legend, legend_height = _legend()
    plot_top = legend_height + 18  # room for the "today" label above the rows
    chart_rows = []
    for index, row in enumerate(rows):
        slipped = row.baseline is not None and row.slip_days != 0
        chart_rows.append(
            ChartRow(
                title=row.title,
                short_title=_shortened(row.title, LABEL_WIDTH - 8),
                y=plot_top + index * ROW_HEIGHT + ROW_HEIGHT // 2,
                baseline=Mark(x(row.baseline), row.baseline) if row.baseline is not None else None,
                current=Mark(x(row.current), row.current),
                actual=Mark(x(row.actual), row.actual) if row.actual is not None else None,
                slip_from=x(row.baseline) if slipped else None,
                slip_to=x(row.expected) if slipped else None,
                slip_days=row.slip_days,
                overdue=row.overdue,
            )
        )
    plot_bottom = plot_top + len(rows) * ROW_HEIGHT
    return MilestoneChart(
        rows=chart_rows,
        ticks=_ticks(axis_start, axis_end, x),
        legend=legend,
        axis_start=axis_start,
        axis_end=axis_end,
        period_x=x(start),
        period_width=max(x(end) - x(start), 1),
        today_x=x(today) if axis_start <= today <= axis_end else None,
        plot_left=PLOT_LEFT,
        plot_right=PLOT_RIGHT,
        plot_top=plot_top,
        plot_bottom=plot_bottom,
        width=WIDTH,
        height=plot_bottom + 28,
    )


def _ticks(axis_start: date, axis_end: date, x) -> list[Tick]:
    """A tick a month (a quarter, a year over longer projects), labelled as often as the labels fit."""
    months = _month_index(axis_end) - _month_index(axis_start)
    step = 1 if months <= 24 else 3 if months <= 72 else 12
    pixels_per_month = (PLOT_RIGHT - PLOT_LEFT) / months
    # Labels fall on whole quarters, half-years, years: the same months however long the project.
    label_step = next(
        (n for n in (1, 2, 3, 6, 12, 24, 60, 120) if n % step == 0 and n * pixels_per_month >= MIN_LABEL_GAP),
        math.ceil(MIN_LABEL_GAP / pixels_per_month / 12) * 12,
    )
    ticks = []
    day = axis_start
    while day <= axis_end:
        index = _month_index(day)
        if index % step == 0:
            label = formats.date_format(day, "YEAR_MONTH_FORMAT") if index % label_step == 0 else ""
            ticks.append(Tick(x=x(day), on=day, label=label))
        day = _add_months(day, 1)
    return ticks


def _legend() -> tuple[list[LegendItem], int]:
    """The legend's items left to right, wrapping onto a new line when the next would not fit."""
    labels = [
        ("period", _("Project period")),
        ("baseline", _("Baseline date")),
        ("current", _("Planned date")),
        ("overdue", _("Overdue")),
        ("done", _("Done")),
        ("slip", _("Slip from the baseline")),
        ("today", _("Today")),
    ]
    items, left, line = [], 0, 0
    for kind, label in labels:
        width = 18 + _text_width(label, FONT_SIZE)
        if left and left + width > WIDTH:
            left, line = 0, line + 1
        items.append(LegendItem(kind=kind, label=label, x=left, y=4 + line * LEGEND_LINE))
        left += width + 14
    return items, (line + 1) * LEGEND_LINE + 4


def _text_width(text: str, size: int) -> int:
    """About how wide the text is drawn: a Chinese character is a full em, a Latin letter about 0.55 of one."""
    return round(sum(size if unicodedata.east_asian_width(char) in "WF" else size * 0.55 for char in text))


def _shortened(text: str, width: int) -> str:
    if _text_width(text, FONT_SIZE) <= width:
        return text
    while text and _text_width(text + "…", FONT_SIZE) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def _first_of_month(day: date) -> date:
    return day.replace(day=1)


def _add_months(day: date, months: int) -> date:
    index = _month_index(day) + months
    return date(index // 12, index % 12 + 1, 1)
