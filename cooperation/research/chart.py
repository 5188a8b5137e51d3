"""PLACEHOLDER until its helper writes it: the milestone chart (baseline, current, actual) as server-side SVG."""

from datetime import date

from .plan import MilestoneAgainstBaseline


def milestone_chart(rows: list[MilestoneAgainstBaseline], *, start: date, end: date, today: date):
    return None
