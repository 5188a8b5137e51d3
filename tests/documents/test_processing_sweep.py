"""The recovery sweep beat runs for versions whose processing never ran (broker down when the file came in,
or a worker killed mid-way): `versions_process_pending` finishes what is old enough and leaves the rest."""

from datetime import UTC, datetime, timedelta

import time_machine

from cooperation.documents import services
from cooperation.documents.models import DocumentVersion, ProcessingStatus
from cooperation.documents.tasks import process_pending_versions_task
from tests.documents import samples
from tests.library import fields, upload

UPLOADED = datetime(2026, 5, 6, 2, 0, tzinfo=UTC)


def document_left_pending(by, title: str):
    """A document whose after-commit processing never ran: outside captured callbacks, a test's on_commit
    hooks are dropped, just as a publish to a broker that is down is."""
    document = services.document_create(by=by, fields=fields(title=title), upload=upload(content=samples.chinese_pdf()))
    version = document.current_version
    assert (version.extraction_status, version.thumbnail_status) == (ProcessingStatus.PENDING, ProcessingStatus.PENDING)
    return version


def statuses(version) -> tuple[str, str]:
    version = DocumentVersion.objects.get(pk=version.pk)
    return version.extraction_status, version.thumbnail_status


def test_the_sweep_processes_versions_pending_past_the_grace_period_and_no_younger_ones(cas_docadmin):
    with time_machine.travel(UPLOADED, tick=False) as clock:
        old = document_left_pending(cas_docadmin, "专利信息年度报告")
        clock.shift(timedelta(seconds=100))
        young = document_left_pending(cas_docadmin, "新近上传的报告")
        clock.shift(timedelta(seconds=30))  # old: 130 s, young: 30 s

        assert services.versions_process_pending(older_than_seconds=120) == 1

    assert statuses(old) == (ProcessingStatus.DONE, ProcessingStatus.DONE)
    old.refresh_from_db()
    assert "专利" in old.extracted_text and old.thumbnail and old.page_count == 1
    # A version that young may still be in a worker's hands: the sweep must not do the work twice.
    assert statuses(young) == (ProcessingStatus.PENDING, ProcessingStatus.PENDING)


def test_the_sweep_takes_at_most_its_limit_oldest_first_and_the_next_run_takes_the_rest(cas_docadmin):
    with time_machine.travel(UPLOADED, tick=False) as clock:
        versions = [document_left_pending(cas_docadmin, f"报告{number}") for number in range(3)]
        clock.shift(timedelta(minutes=10))

        assert services.versions_process_pending(limit=2) == 2
        assert [statuses(version)[0] for version in versions] == [
            ProcessingStatus.DONE,
            ProcessingStatus.DONE,
            ProcessingStatus.PENDING,
        ]
        # Beat's task is the same sweep; a run with nothing left pending does nothing.
        assert process_pending_versions_task() == 1
        assert process_pending_versions_task() == 0

    assert all(statuses(version) == (ProcessingStatus.DONE, ProcessingStatus.DONE) for version in versions)
