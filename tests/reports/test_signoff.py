"""Both parties sign the report: a coordinator of each approves the same version (its SHA-256), which locks it as
the year's record; a regeneration is a new version needing both approvals again, and leaves the record alone
until then."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from protocol.notifications.models import OutboxMessage
from protocol.reports import selectors, services
from protocol.reports.models import AnnualReport, ReportStatus
from protocol.reports.notifications import REPORT_AWAITS_APPROVAL, REPORT_LOCKED
from protocol.signoff.models import SignOff

from .conftest import YEAR

pytestmark = pytest.mark.usefixtures("english")


def test_a_ready_version_asks_the_coordinators_of_both_parties(ready, cas_coordinator, sipo_coordinator):
    rows = OutboxMessage.objects.filter(kind=REPORT_AWAITS_APPROVAL.key)
    assert {row.recipient_id for row in rows} == {cas_coordinator.pk, sipo_coordinator.pk}


def test_approval_by_both_parties_locks_the_version_as_the_years_record(ready, cas_coordinator, sipo_coordinator):
    report = services.report_approve(report=ready, by=cas_coordinator)
    assert not report.is_locked
    report = services.report_approve(report=report, by=sipo_coordinator)
    assert report.is_locked
    assert set(SignOff.objects.of(report).values_list("sha256", flat=True)) == {report.sha256}
    assert selectors.year_record(year=YEAR) == report
    assert OutboxMessage.objects.filter(kind=REPORT_LOCKED.key).count() == 2
    with pytest.raises(services.ReportError):
        services.report_approve(report=report, by=cas_coordinator)


def test_a_party_approves_once(ready, cas_coordinator, cas):
    services.report_approve(report=ready, by=cas_coordinator)
    from tests.factories import UserFactory

    colleague = UserFactory(party=cas, roles=["coordinator"])
    with pytest.raises(services.ReportError):
        services.report_approve(report=ready, by=colleague)


def test_officials_cannot_approve_or_generate(ready, cas_official):
    with pytest.raises(PermissionDenied):
        services.report_approve(report=ready, by=cas_official)
    with pytest.raises(PermissionDenied):
        services.report_request(year=YEAR, by=cas_official)


def test_regeneration_makes_version_2_needing_both_approvals_and_keeps_the_record(
    ready, make_ready, cas_coordinator, sipo_coordinator
):
    services.report_approve(report=ready, by=cas_coordinator)
    first = services.report_approve(report=ready, by=sipo_coordinator)
    second = make_ready(by=sipo_coordinator)
    assert second.version == 2 and not second.is_locked
    assert selectors.year_record(year=YEAR) == first  # the locked record is not replaced silently
    services.report_approve(report=second, by=sipo_coordinator)
    assert selectors.year_record(year=YEAR) == first
    services.report_approve(report=second, by=cas_coordinator)
    assert selectors.year_record(year=YEAR) == AnnualReport.objects.get(pk=second.pk)
    assert AnnualReport.objects.get(pk=first.pk).is_locked  # the earlier version stays readable and locked


def test_an_earlier_version_cannot_be_approved_once_superseded(ready, make_ready, cas_coordinator):
    make_ready()
    with pytest.raises(services.ReportError):
        services.report_approve(report=ready, by=cas_coordinator)


def test_request_changes_needs_a_comment_and_records_nothing_without(ready, sipo_coordinator):
    with pytest.raises(ValidationError):
        services.report_request_changes(report=ready, by=sipo_coordinator, comment="  ")
    assert not SignOff.objects.exists()
    services.report_request_changes(report=ready, by=sipo_coordinator, comment="Add the March workshop.")
    assert SignOff.objects.get().comment == "Add the March workshop."


def test_a_second_generation_while_one_is_under_way_is_refused(year_activities, cas_coordinator):
    services.report_request(year=YEAR, by=cas_coordinator)  # on_commit never runs here: it stays queued
    with pytest.raises(services.ReportError):
        services.report_request(year=YEAR, by=cas_coordinator)
    assert AnnualReport.objects.count() == 1


def test_the_task_twice_builds_once(ready):
    assert services.report_build(report_id=ready.pk) is None


def test_a_failing_build_is_marked_failed(
    quick_files, monkeypatch, cas_coordinator, django_capture_on_commit_callbacks
):
    def broken(data, language):
        raise RuntimeError("no font")

    monkeypatch.setattr(services, "report_pdf", broken)
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_request(year=YEAR, by=cas_coordinator)
    report.refresh_from_db()
    assert report.status == "failed" and "no font" in report.error


def test_a_build_silent_for_a_quarter_of_an_hour_gives_way_to_a_new_version(
    year_activities, cas_coordinator, quick_files, django_capture_on_commit_callbacks
):
    stuck = services.report_request(year=YEAR, by=cas_coordinator)  # its task never runs: the worker died
    AnnualReport.objects.filter(pk=stuck.pk).update(status=ReportStatus.GENERATING, progressed_at=timezone.now())
    soon, late = (timezone.now() + selectors.STALLED_AFTER + timedelta(seconds=s) for s in (-1, 1))
    with time_machine.travel(soon), pytest.raises(services.ReportError):
        services.report_request(year=YEAR, by=cas_coordinator)
    with time_machine.travel(late), django_capture_on_commit_callbacks(execute=True):
        fresh = services.report_request(year=YEAR, by=cas_coordinator)
    stuck.refresh_from_db()
    assert stuck.status == ReportStatus.FAILED and stuck.error.startswith("interrupted")
    fresh.refresh_from_db()
    assert (fresh.version, fresh.status) == (2, ReportStatus.READY)


def test_a_late_worker_cannot_finish_a_version_given_up_as_stalled(year_activities, cas_coordinator, quick_files):
    report = services.report_request(year=YEAR, by=cas_coordinator)
    data = {"year": YEAR}
    AnnualReport.objects.filter(pk=report.pk).update(status=ReportStatus.FAILED)
    services._finish(report, data=data, files={})
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED and not report.sha256
