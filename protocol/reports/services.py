"""Writes of the annual report: ask for a generation, build it (the Celery task's work), approve it or ask for
changes through the two-party sign-off, and the coordinators' highlights."""

import hashlib
import json
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from protocol.activities.models import Activity, Status
from protocol.areas import Area
from protocol.errors import RecordMovedOn
from protocol.locking import locked
from protocol.notifications import outbox
from protocol.notifications.services import notifications_resolve
from protocol.parties.models import User
from protocol.parties.selectors import coordinators_of
from protocol.signoff import services as signoff
from protocol.signoff.content import canonical_sha256
from protocol.signoff.selectors import parties_required

from . import permissions
from .content import report_data
from .editions import report_pdf, report_xlsx
from .models import AnnualReport, Edition, Highlight, ReportStatus
from .notifications import REPORT_AWAITS_APPROVAL, REPORT_CHANGES_REQUESTED, REPORT_LOCKED
from .selectors import is_stalled, latest_version, report_years, signoff_version

logger = logging.getLogger(__name__)


class ReportError(RecordMovedOn):
    """The report moved on since the page was loaded (generated again, approved, locked)."""


def report_request(*, year: int, by: User) -> AnnualReport:
    """A new version of the year's report, queued for the task that builds it. A locked record stays the year's
    record until both parties approve the new version."""
    if not permissions.can_generate(by):
        raise PermissionDenied
    if year not in report_years():
        raise ValidationError({"year": _("Choose a year from the protocol's first to this one.")})
    with transaction.atomic():
        latest = AnnualReport.objects.select_for_update().filter(year=year).order_by("-version").first()
        if latest is not None and latest.is_under_way:
            if not is_stalled(latest):
                raise ReportError(_("This year's report is already being generated."), record=latest)
            # Its build died: it fails for good (a late worker cannot finish it), and a new version starts.
            AnnualReport.objects.filter(pk=latest.pk).update(
                status=ReportStatus.FAILED,
                error=f"interrupted: no progress since {latest.progressed_at or latest.requested_at}",
            )
        number = (AnnualReport.objects.filter(year=year).aggregate(n=Max("version"))["n"] or 0) + 1
        report = AnnualReport.objects.create(year=year, version=number, requested_by=by)
        transaction.on_commit(lambda: _start_building(report.pk))
    return report


def _start_building(report_id: int) -> None:
    from .tasks import build_report_task  # the task calls this module: imported when used

    build_report_task.delay(report_id)


def report_build(*, report_id: int) -> AnnualReport | None:
    """Build a queued version: data, the two PDFs, the workbook, each file's SHA-256. Claims the row first, so
    a second run of the task (a retry, a redelivery) does nothing. Progress is committed as it goes, for the
    page that polls it."""
    claimed = AnnualReport.objects.filter(pk=report_id, status=ReportStatus.QUEUED).update(
        status=ReportStatus.GENERATING, progress=5, progressed_at=timezone.now()
    )
    if not claimed:
        return None
    report = AnnualReport.objects.get(pk=report_id)
    try:
        data = report_data(year=report.year, written_on=timezone.localdate())
        _progress(report, 20)
        files = {}
        for step, (edition, make) in enumerate(
            (
                (Edition.PDF_ZH, lambda: report_pdf(data, "zh")),
                (Edition.PDF_EN, lambda: report_pdf(data, "en")),
                (Edition.XLSX, lambda: report_xlsx(data)),
            ),
            start=1,
        ):
            files[edition] = make()
            _progress(report, 20 + step * 25)
        _finish(report, data=data, files=files)
    except Exception as exc:
        logger.exception("annual report %s failed", report_id)
        AnnualReport.objects.filter(pk=report_id).update(status=ReportStatus.FAILED, error=str(exc)[:2000])
        return AnnualReport.objects.get(pk=report_id)
    return AnnualReport.objects.get(pk=report_id)


def _progress(report: AnnualReport, percent: int) -> None:
    AnnualReport.objects.filter(pk=report.pk).update(progress=percent, progressed_at=timezone.now())


def _finish(report: AnnualReport, *, data: dict, files: dict[str, bytes]) -> None:
    names = {
        Edition.PDF_ZH: f"report-{report.year}-v{report.version}-zh.pdf",
        Edition.PDF_EN: f"report-{report.year}-v{report.version}-en.pdf",
        Edition.XLSX: f"report-{report.year}-v{report.version}.xlsx",
    }
    with transaction.atomic():
        report = locked(report)
        if report.status != ReportStatus.GENERATING:
            return  # given up as stalled meanwhile: a newer version has been asked for
        report.data = _canonical_json(data)
        report.data_sha256 = canonical_sha256(data)
        hashes = {}
        for edition, content in files.items():
            field = edition.replace("-", "_")
            getattr(report, field).save(names[edition], ContentFile(content), save=False)
            hashes[field] = hashlib.sha256(content).hexdigest()
            setattr(report, f"{field}_sha256", hashes[field])
        report.sha256 = canonical_sha256({"data": report.data_sha256, **hashes})
        report.status = ReportStatus.READY
        report.progress = 100
        report.generated_at = timezone.now()
        report.save()
        outbox.enqueue(
            kind=REPORT_AWAITS_APPROVAL,
            recipients=coordinators_of(parties_required(internal=False, owner_party_id=report.requested_by.party_id)),
            target=report,
            params=_params(report, report.requested_by),
        )


def _canonical_json(data: dict) -> str:
    # The same bytes canonical_sha256 hashes: sorted keys, no spaces, UTF-8 text.
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def report_approve(*, report: AnnualReport, by: User) -> AnnualReport:
    """One party's approval of this exact version (its SHA-256); locked as the year's record once both approved."""
    with transaction.atomic():
        report = locked(report)
        _check_reviewable(report, by=by)
        try:
            state = signoff.signoff_approve(
                target=report,
                version=signoff_version(report),
                current=signoff_version(_current(report)),
                by=by,
                required_parties=_required(report),
            )
        except signoff.AlreadyApproved:
            raise ReportError(_("Your party has already approved this version."), record=report) from None
        notifications_resolve(target=report, kinds=[REPORT_AWAITS_APPROVAL], recipients=coordinators_of([by.party_id]))
        if state.complete:
            report.locked_at = timezone.now()
            report.save(update_fields=["locked_at"])
            outbox.enqueue(
                kind=REPORT_LOCKED, recipients=coordinators_of(_required(report)), target=report,
                params=_params(report, by),
            )  # fmt: skip
    return report


def report_request_changes(*, report: AnnualReport, by: User, comment: str) -> AnnualReport:
    """The party asks for changes to this version, saying which; a new generation answers it."""
    if not comment.strip():
        raise ValidationError({"comment": _("Say what should change.")})
    with transaction.atomic():
        report = locked(report)
        _check_reviewable(report, by=by)
        signoff.signoff_request_changes(
            target=report,
            version=signoff_version(report),
            current=signoff_version(_current(report)),
            by=by,
            comment=comment,
            required_parties=_required(report),
        )
        notifications_resolve(target=report, kinds=[REPORT_AWAITS_APPROVAL], recipients=coordinators_of([by.party_id]))
        outbox.enqueue(
            kind=REPORT_CHANGES_REQUESTED,
            recipients=coordinators_of(_required(report)).exclude(pk=by.pk),
            target=report,
            params=_params(report, by) | {"comment": comment},
        )
    return report


def _check_reviewable(report: AnnualReport, *, by: User) -> None:
    if not permissions.can_review(by, report):
        if report.is_locked:
            raise ReportError(_("This version is approved by both parties and locked."), record=report)
        if not report.is_ready:
            raise ReportError(_("This version is not ready to be approved."), record=report)
        raise PermissionDenied
    if _current(report).pk != report.pk:
        raise ReportError(_("A later version of this report exists; review that one."), record=_current(report))


def _current(report: AnnualReport) -> AnnualReport:
    """The version a decision must be about: the year's latest (an older one is superseded)."""
    return latest_version(year=report.year) or report


def _required(report: AnnualReport) -> set[int]:
    return parties_required(internal=False, owner_party_id=report.requested_by.party_id)


def _params(report: AnnualReport, by: User) -> dict:
    return {"year": report.year, "version": report.version, "actor": by.full_name}


def highlight_add(
    *, year: int, area: str, by: User, text_zh: str = "", text_en: str = "", activity: Activity | None = None
) -> Highlight:
    """A coordinator's highlight for the year's report: a confirmed activity of the year and area, a short text
    in either language, or both. It enters the next generation."""
    if not permissions.can_choose_highlights(by):
        raise PermissionDenied
    errors = {}
    if area not in Area.values:
        errors["area"] = _("Choose an area.")
    if not (text_zh.strip() or text_en.strip() or activity):
        errors["text_zh"] = _("Write a highlight or pick a confirmed activity.")
    if activity is not None and (
        activity.status != Status.CONFIRMED or activity.start_date.year != year or activity.area != area
    ):
        errors["activity"] = _("Pick an activity of this year and area confirmed by both parties.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        return Highlight.objects.create(
            year=year, area=area, activity=activity, text_zh=text_zh.strip(), text_en=text_en.strip(),
            party_id=by.party_id, by=by,
        )  # fmt: skip


def highlight_remove(*, highlight: Highlight, by: User) -> None:
    if not permissions.can_choose_highlights(by):
        raise PermissionDenied
    with transaction.atomic():
        highlight.delete()
