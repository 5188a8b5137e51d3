"""Demo data for `make run`: last year's report, generated and approved by a coordinator of each party."""

from django.utils import timezone

from . import services
from .models import AnnualReport


def seed_reports(*, personas: dict) -> int:
    year = timezone.localdate().year - 1
    cas, sipo = personas.get("cas_coordinator"), personas.get("sipo_coordinator")
    if cas is None or sipo is None or AnnualReport.objects.filter(year=year).exists():
        return 0
    services.highlight_add(
        year=year, area="communication", by=cas, text_zh="双方建立了季度联络会议机制。",
        text_en="The parties set up quarterly liaison meetings.",
    )  # fmt: skip
    report = services.report_request(year=year, by=cas)
    report = services.report_build(report_id=report.pk) or report
    for coordinator in (cas, sipo):
        report = services.report_approve(report=report, by=coordinator)
    return 1
