"""The milestone chart: one row per milestone on a time axis over the project, baseline, plan and actual dates."""

import itertools
import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest
from django.template.loader import render_to_string
from django.utils.translation import override

from cooperation.research.chart import milestone_chart
from cooperation.research.plan import MilestoneAgainstBaseline

# The chart's words are checked in English.
pytestmark = pytest.mark.usefixtures("english")

# Fixed dates: the chart is a pure function of its rows and of the `today` it is given.
START, END = date(2026, 3, 10), date(2027, 2, 20)
TODAY = date(2026, 9, 15)


def milestone(pk, title, *, baseline, current=None, actual=None, today=TODAY):
    return MilestoneAgainstBaseline(
        id=pk, title=title, baseline=baseline, current=current or baseline, actual=actual, today=today
    )


def rows():
    return [
        # Done on time.
        milestone(1, "Search strategy agreed", baseline=date(2026, 4, 20), actual=date(2026, 4, 20)),
        # Moved 30 days later by an amendment, still ahead.
        milestone(2, "Data set complete", baseline=date(2026, 10, 1), current=date(2026, 10, 31)),
        # On plan.
        milestone(3, "Draft report", baseline=date(2027, 1, 5)),
    ]


def svg(chart) -> ET.Element:
    figure = ET.fromstring(render_to_string("research/_chart.html", {"chart": chart}))
    return figure.find("svg")


def by_class(root: ET.Element, tag: str, css_class: str) -> list[ET.Element]:
    return [e for e in root.iter(tag) if css_class in (e.get("class") or "").split()]


def test_no_milestones_no_chart():
    assert milestone_chart([], start=START, end=END, today=TODAY) is None
    assert render_to_string("research/_chart.html", {"chart": None}).strip() == ""


def test_one_row_per_milestone_with_its_title():
    root = svg(milestone_chart(rows(), start=START, end=END, today=TODAY))
    groups = by_class(root, "g", "milestone")
    assert [g.find("text").text for g in groups] == ["Search strategy agreed", "Data set complete", "Draft report"]
    assert all(len(by_class(g, "circle", "current")) == 1 for g in groups)


def test_marks_stand_in_date_order_along_the_axis():
    chart = milestone_chart(rows(), start=START, end=END, today=TODAY)
    currents = [row.current.x for row in chart.rows]
    assert currents == sorted(currents) and len(set(currents)) == 3
    assert chart.plot_left < chart.period_x < currents[0] and currents[-1] < chart.period_x + chart.period_width
    # The rows go down the picture in the order given.
    assert [row.y for row in chart.rows] == sorted(row.y for row in chart.rows)
    ticks = [tick.x for tick in chart.ticks]
    assert ticks == sorted(ticks) and chart.ticks[0].on == date(2026, 3, 1) and chart.ticks[-1].on == date(2027, 3, 1)


def test_a_late_milestone_has_a_slip_line_from_its_baseline_to_when_it_is_expected():
    chart = milestone_chart(rows(), start=START, end=END, today=TODAY)
    done, moved, on_plan = chart.rows
    assert moved.slip_days == 30 and moved.late
    assert (moved.slip_from, moved.slip_to) == (moved.baseline.x, moved.current.x) and moved.slip_from < moved.slip_to
    assert done.slip_from is None and on_plan.slip_from is None
    groups = by_class(svg(chart), "g", "milestone")
    (line,) = by_class(groups[1], "line", "slip")
    assert "late" in line.get("class") and line.find("title").text == "30 days late against the baseline"
    assert not by_class(groups[0], "line", "slip") and not by_class(groups[2], "line", "slip")
    # The baseline is hollow, the plan filled, the actual date a check mark.
    assert len(by_class(groups[1], "circle", "baseline")) == 1
    assert len(by_class(groups[0], "path", "done")) == 1 and not by_class(groups[1], "path", "done")


def test_an_overdue_milestone_slips_to_today():
    late = milestone(1, "Data set complete", baseline=date(2026, 8, 1))
    chart = milestone_chart([late], start=START, end=END, today=TODAY)
    (row,) = chart.rows
    assert row.overdue and row.slip_days == (TODAY - date(2026, 8, 1)).days
    assert row.slip_to == chart.today_x
    (group,) = by_class(svg(chart), "g", "milestone")
    assert len(by_class(group, "circle", "overdue")) == 1


def test_today_is_a_vertical_line_at_its_date():
    chart = milestone_chart(rows(), start=START, end=END, today=TODAY)
    (line,) = [e for e in svg(chart).findall("line") if e.get("class") == "today"]  # not the legend's swatch
    assert int(line.get("x1")) == int(line.get("x2")) == chart.today_x
    assert chart.rows[0].current.x < chart.today_x < chart.rows[1].current.x


def test_today_off_the_axis_is_not_drawn():
    later = date(2028, 1, 1)
    done = [milestone(1, "Final report", baseline=date(2026, 12, 1), actual=date(2026, 12, 1), today=later)]
    chart = milestone_chart(done, start=START, end=END, today=later)
    assert chart.today_x is None
    assert not [e for e in svg(chart).findall("line") if e.get("class") == "today"]
    assert len(by_class(svg(chart), "line", "today")) == 1  # the legend's swatch


def test_a_date_past_the_end_extends_the_axis_and_stays_in_the_picture():
    past_end = milestone(1, "Final report", baseline=END - timedelta(days=10), current=END + timedelta(days=75))
    chart = milestone_chart([past_end], start=START, end=END, today=TODAY)
    assert chart.axis_end > END + timedelta(days=75)
    (row,) = chart.rows
    assert chart.period_x + chart.period_width < row.current.x <= chart.plot_right < chart.width
    assert chart.ticks[-1].on == date(2027, 6, 1)
    done_early = milestone(1, "Kick-off", baseline=START, actual=START - timedelta(days=40))
    chart = milestone_chart([done_early], start=START, end=END, today=TODAY)
    assert chart.axis_start == date(2026, 1, 1) and chart.plot_left <= chart.rows[0].actual.x < chart.period_x


def test_a_milestone_new_in_an_amendment_has_no_baseline_mark():
    new = milestone(1, "Extra workshop", baseline=None, current=date(2026, 11, 1))
    chart = milestone_chart([new], start=START, end=END, today=TODAY)
    (group,) = by_class(svg(chart), "g", "milestone")
    assert not by_class(group, "circle", "baseline") and not by_class(group, "line", "slip")


def test_a_long_title_is_shortened_and_kept_whole_in_its_tooltip():
    title = "面向量子计算关键技术的全球专利布局与技术演进路线综合分析"
    chart = milestone_chart([milestone(1, title, baseline=date(2026, 6, 1))], start=START, end=END, today=TODAY)
    (group,) = by_class(svg(chart), "g", "milestone")
    label = group.find("text")
    assert label.find("title").text == title
    assert label.find("title").tail.endswith("…") and title.startswith(label.find("title").tail[:-1])


def test_the_svg_is_an_image_with_a_summary_that_points_to_the_table():
    chart = milestone_chart(rows(), start=START, end=END, today=TODAY)
    html = render_to_string("research/_chart.html", {"chart": chart})
    root = ET.fromstring(html).find("svg")
    assert root.get("role") == "img"
    title, desc = (root.find(tag) for tag in ("title", "desc"))
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert "Milestones: 3; done: 1; late against the baseline: 1; overdue: 0." in desc.text
    assert "baseline table" in desc.text
    assert "style=" not in html and "<script" not in html  # the CSP: classes of static/css, nothing inline


@pytest.mark.parametrize(
    ("language", "tick", "words"),
    [("zh-hans", r"^\d{4}年\d{1,2}月$", ["已完成", "已逾期"]), ("en", r"^[A-Z][a-z]{2} \d{4}$", ["Done", "Overdue"])],
)
def test_labels_read_in_the_readers_language(language, tick, words):
    with override(language):
        chart = milestone_chart(rows(), start=START, end=END, today=TODAY)
        html = render_to_string("research/_chart.html", {"chart": chart})
    labels = [t.label for t in chart.ticks if t.label]
    assert len(labels) >= 3 and all(re.match(tick, label) for label in labels)
    legend = [item.label for item in chart.legend]
    assert all(word in legend for word in words)
    assert all(f">{label}<" in html for label in labels + legend)


def test_tick_labels_never_crowd_over_a_long_project():
    chart = milestone_chart(
        [milestone(1, "Report", baseline=date(2030, 6, 1))], start=date(2026, 1, 1), end=date(2035, 12, 31), today=TODAY
    )
    labelled = [tick.x for tick in chart.ticks if tick.label]
    assert 3 <= len(labelled) <= 10
    assert min(b - a for a, b in itertools.pairwise(labelled)) >= 80
