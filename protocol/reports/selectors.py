"""Reads of the annual reports, scoped to the reader: staff of a party read the locked records, coordinators
every version."""

from datetime import timedelta

from django.db.models import QuerySet
from django.utils import timezone

from protocol.signoff.content import Version
from protocol.signoff.selectors import signoffs_of
from protocol.years import FIRST_YEAR

from .models import AnnualReport, Highlight
from .permissions import can_read_drafts, can_read_reports


def reports_visible_to(user) -> QuerySet[AnnualReport]:
    rows = AnnualReport.objects.select_related("requested_by", "requested_by__party").defer("data")
    if not can_read_reports(user):
        return rows.none()
    return rows if can_read_drafts(user) else rows.filter(locked_at__isnull=False)


# A build takes seconds to a minute; one silent for this long died with its worker (or its task was lost):
# the page stops waiting for it and a coordinator may generate the year again.
STALLED_AFTER = timedelta(minutes=15)


def is_stalled(report: AnnualReport) -> bool:
    """Queued or generating, and no sign of life for STALLED_AFTER."""
    last = report.progressed_at or report.requested_at
    return report.is_under_way and last < timezone.now() - STALLED_AFTER


def report_years() -> list[int]:
    """The years a report may be made for: from the protocol's first year to this one, newest first."""
    return list(range(timezone.localdate().year, FIRST_YEAR - 1, -1))


def report_of(user, *, year: int, version: int) -> AnnualReport:
    """One visible version, with its data; raises AnnualReport.DoesNotExist otherwise."""
    return reports_visible_to(user).defer(None).get(year=year, version=version)


def versions_of_year(user, *, year: int) -> list[AnnualReport]:
    return list(reports_visible_to(user).filter(year=year).order_by("-version"))


def years_overview(user) -> list[dict]:
    """For the list page: each year, its record (the latest version both parties approved) and its latest
    version the reader may see. One query: a year holds a handful of versions."""
    rows = {}
    for report in reports_visible_to(user).filter(year__in=report_years()).order_by("year", "version"):
        year = rows.setdefault(report.year, {"record": None, "latest": None})
        year["latest"] = report
        if report.is_locked:
            year["record"] = report
    return [{"year": year, **rows.get(year, {"record": None, "latest": None})} for year in report_years()]


def year_record(*, year: int) -> AnnualReport | None:
    """The year's record: its latest version approved by both parties."""
    return AnnualReport.objects.defer("data").filter(year=year, locked_at__isnull=False).order_by("-version").first()


def latest_version(*, year: int) -> AnnualReport | None:
    return AnnualReport.objects.defer("data").filter(year=year).order_by("-version").first()


def highlights_of(*, year: int) -> QuerySet[Highlight]:
    return Highlight.objects.filter(year=year).select_related("activity", "by", "party").order_by("area", "pk")


def highlights_visible_to(user) -> QuerySet[Highlight]:
    """Every year's highlights, for who reads the versions they are built into (the year page shows them to
    them only), by year, then as `highlights_of` orders them."""
    if not can_read_drafts(user):
        return Highlight.objects.none()
    return Highlight.objects.select_related("activity", "by", "by__party", "party").order_by("-year", "area", "pk")


def signoff_version(report: AnnualReport) -> Version:
    """What a party approves: the generation's SHA-256, known by its version number."""
    return Version(sha256=report.sha256, label=str(report.version))


def decisions_on(report: AnnualReport):
    return list(signoffs_of(report, version=signoff_version(report)).order_by("at", "pk"))
