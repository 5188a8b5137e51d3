"""The portal's files on a real S3-compatible server (SeaweedFS, see conftest.py), through the real pages and
services: upload, new version, thumbnail, preview, download and its log, the annual report's PDFs, kept uploads,
deletion, the backup's files and /healthz. Every test also checks that nothing went to the local disk."""

import hashlib
import io
import tarfile
from datetime import date

import pytest
from django.core.files.storage import default_storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from pypdf import PdfReader

from cooperation.documents import services as document_services
from cooperation.documents.models import Confidentiality, Document, DocumentVersion, DownloadEvent, ProcessingStatus
from protocol import object_storage
from protocol.activities.models import Status
from protocol.backup import media
from protocol.reports import services as report_services
from protocol.reports.models import ReportStatus
from protocol.storage_url import storage_from_url
from protocol.uploads import services as upload_services
from protocol.uploads.forms import KEPT_FIELD
from protocol.uploads.models import StagedUpload
from tests.documents import samples
from tests.factories import ActivityFactory
from tests.library import fields
from tests.once import once

pytestmark = [pytest.mark.usefixtures("s3_media", "no_local_media", "english")]


def document_form(**overrides) -> dict:
    return once(
        title="专利信息资源共享年度报告", title_other="", summary="", doc_type="strategic_report", area="documents",
        language="zh", confidentiality="shared", tags="", patent_numbers="", ipc_classes="",
    ) | overrides  # fmt: skip


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Processing (text, thumbnail) is published after commit; run it as the worker would, eagerly."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def shared_pdf(cas_docadmin, on_commit):
    with on_commit():
        return document_services.document_create(
            by=cas_docadmin, fields=fields(), upload=SimpleUploadedFile("合作协议.pdf", samples.chinese_pdf())
        )


def test_the_default_storage_is_the_s3_backend_that_storage_url_names(s3_media):
    assert type(storages["default"]) is object_storage.MediaS3Storage
    assert storages["default"].location == s3_media.prefix


def test_a_document_uploaded_through_the_page_is_an_object_in_the_bucket(client, cas_docadmin, s3_media, on_commit):
    client.force_login(cas_docadmin)
    content = samples.chinese_pdf()
    with on_commit():
        response = client.post(
            reverse("documents:create"), document_form() | {"file": SimpleUploadedFile("合作协议.pdf", content)}
        )
    document = Document.objects.get()
    assert response.status_code == 302 and response.url == document.get_absolute_url()
    version = document.current_version
    assert version.file.name.startswith(f"documents/{document.pk}/")
    assert s3_media.body(version.file.name) == content
    assert version.sha256 == hashlib.sha256(content).hexdigest() and version.size == len(content)
    # Processing read the file back from the bucket: the text is searchable, the thumbnail stored beside it.
    version.refresh_from_db()
    assert "专利" in version.extracted_text
    assert s3_media.names() == sorted([version.file.name, version.thumbnail.name])


def test_a_new_version_is_a_second_object_and_each_version_downloads_its_own_bytes(
    client, cas_docadmin, sipo_official, shared_pdf, s3_media, on_commit
):
    client.force_login(cas_docadmin)
    second = samples.english_pdf()
    with on_commit():
        response = client.post(
            reverse("documents:version_create", args=[shared_pdf.pk]),
            once(file=SimpleUploadedFile("agreement-v2.pdf", second), change_note="English text"),
        )
    assert response.status_code == 302
    first, latest = shared_pdf.versions.order_by("number")
    assert first.file.name != latest.file.name
    assert {first.file.name, latest.file.name} <= set(s3_media.names())
    client.force_login(sipo_official)
    assert b"".join(client.get(first.get_download_url()).streaming_content) == samples.chinese_pdf()
    assert b"".join(client.get(latest.get_download_url()).streaming_content) == second


def test_the_thumbnail_is_drawn_from_the_bucket_and_served_from_it(client, sipo_official, shared_pdf, s3_media):
    version = DocumentVersion.objects.get(document=shared_pdf)
    assert version.thumbnail_status == ProcessingStatus.DONE and version.page_count == 1
    assert version.thumbnail.name.startswith("thumbnails/")
    client.force_login(sipo_official)
    response = client.get(reverse("documents:thumbnail", args=[shared_pdf.pk, 1]))
    body = b"".join(response.streaming_content)
    assert response["Content-Type"] == "image/png"
    assert body == s3_media.body(version.thumbnail.name)
    assert Image.open(io.BytesIO(body)).width == 320


def test_a_pdf_page_preview_is_rendered_from_the_bucket(client, sipo_official, shared_pdf):
    client.force_login(sipo_official)
    response = client.get(reverse("documents:preview", args=[shared_pdf.pk, 1]), {"page": 1})
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert Image.open(io.BytesIO(response.content)).width == 720
    assert client.get(reverse("documents:preview", args=[shared_pdf.pk, 1]), {"page": 2}).status_code == 404


def test_an_image_preview_and_a_text_preview_come_from_the_bucket(client, cas_docadmin, sipo_official, on_commit):
    with on_commit():
        image = document_services.document_create(
            by=cas_docadmin, fields=fields(title="图"), upload=SimpleUploadedFile("map.png", samples.png((64, 48)))
        )
        text = document_services.document_create(
            by=cas_docadmin, fields=fields(title="文"), upload=SimpleUploadedFile("notes.txt", samples.gb18030_text())
        )
    client.force_login(sipo_official)
    preview = client.get(reverse("documents:preview", args=[image.pk, 1]))
    assert b"".join(preview.streaming_content) == samples.png((64, 48))
    detail = client.get(text.get_absolute_url())
    assert detail.context["preview_text"] == samples.gb18030_text().decode("gb18030")


def test_a_download_streams_from_the_bucket_with_its_length_and_is_logged(client, sipo_official, shared_pdf):
    version = shared_pdf.current_version
    client.force_login(sipo_official)
    response = client.get(version.get_download_url())
    assert response.streaming
    assert int(response["Content-Length"]) == version.size
    assert "filename*=utf-8''%E5%90%88%E4%BD%9C%E5%8D%8F%E8%AE%AE.pdf" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == samples.chinese_pdf()
    event = DownloadEvent.objects.get()
    assert (event.version, event.user, event.party_id) == (version, sipo_official, sipo_official.party_id)


def test_a_large_download_is_read_from_s3_in_blocks_over_one_request(client, sipo_official, cas_docadmin, monkeypatch):
    content = "专利信息资源共享 patent information sharing\n".encode() * 60_000
    assert len(content) > 2 * object_storage.READ_BUFFER
    document = document_services.document_create(
        by=cas_docadmin, fields=fields(), upload=SimpleUploadedFile("big.txt", content)
    )
    reads, gets = [], []
    readinto = object_storage._RangeReader.readinto

    def counting_readinto(self, buffer):
        reads.append(len(buffer))
        if self._body is None:
            gets.append(self._position)
        return readinto(self, buffer)

    monkeypatch.setattr(object_storage._RangeReader, "readinto", counting_readinto)
    client.force_login(sipo_official)
    response = client.get(document.current_version.get_download_url())
    assert b"".join(response.streaming_content) == content
    assert gets == [0], "a sequential download is one GET from the start"
    assert max(reads) <= object_storage.READ_BUFFER, "never more than one buffer asked of S3 at once"


def test_the_other_party_gets_404_for_an_internal_document_and_nothing_is_logged(
    client, sipo_official, cas_docadmin, on_commit
):
    with on_commit():
        internal = document_services.document_create(
            by=cas_docadmin,
            fields=fields(confidentiality=Confidentiality.INTERNAL),
            upload=SimpleUploadedFile("内部.pdf", samples.chinese_pdf()),
        )
    client.force_login(sipo_official)
    for name in ("download", "preview", "thumbnail"):
        assert client.get(reverse(f"documents:{name}", args=[internal.pk, 1])).status_code == 404
    assert not DownloadEvent.objects.exists()


def test_the_annual_reports_pdfs_are_generated_into_the_bucket_and_download_from_it(
    client, cas_official, sipo_official, cas_coordinator, s3_media, on_commit
):
    # Last year's report, on the real clock (S3 refuses requests signed at a frozen time).
    year = timezone.localdate().year - 1
    ActivityFactory(
        author=cas_official, status=Status.CONFIRMED, participants=[cas_official, sipo_official],
        area="training", title="专利检索联合培训", start_date=date(year, 3, 2),
    )  # fmt: skip
    with on_commit():
        report = report_services.report_request(year=year, by=cas_coordinator)
    report.refresh_from_db()
    assert report.status == ReportStatus.READY
    names = [report.pdf_zh.name, report.pdf_en.name, report.xlsx.name]
    assert all(name.startswith(f"reports/{year}/v1/") for name in names)
    assert set(names) <= set(s3_media.names())
    for field in ("pdf_zh", "pdf_en", "xlsx"):
        stored = s3_media.body(getattr(report, field).name)
        assert hashlib.sha256(stored).hexdigest() == getattr(report, f"{field}_sha256")
    client.force_login(cas_coordinator)
    response = client.get(reverse("reports:download", args=[year, 1, "pdf-zh"]))
    pdf = b"".join(response.streaming_content)
    assert pdf == s3_media.body(report.pdf_zh.name)
    assert "专利检索联合培训" in "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_a_kept_upload_is_an_object_until_its_form_goes_through(cas_docadmin, s3_media, on_commit):
    staged = upload_services.upload_stage(user=cas_docadmin, upload=SimpleUploadedFile("a.pdf", samples.chinese_pdf()))
    assert s3_media.names() == [staged.file.name] and staged.file.name.startswith("staged/")
    with on_commit():
        upload_services.upload_release(staged=staged)
    assert s3_media.names() == []


def test_a_file_kept_in_the_bucket_for_a_reshown_form_becomes_the_document(client, cas_docadmin, s3_media, on_commit):
    client.force_login(cas_docadmin)
    content = samples.chinese_docx()
    response = client.post(
        reverse("documents:create"), document_form(doc_type="") | {"file": SimpleUploadedFile("协议.docx", content)}
    )
    assert response.status_code == 200 and not Document.objects.exists()
    staged = StagedUpload.objects.get()
    assert s3_media.body(staged.file.name) == content
    with on_commit():
        response = client.post(reverse("documents:create"), document_form(**{KEPT_FIELD: staged.token}))
    version = Document.objects.get().current_version
    assert response.status_code == 302 and version.original_name == "协议.docx"
    # Inspected (the Office file unpacked) and stored from the kept object; the kept object is gone.
    assert s3_media.body(version.file.name) == content
    assert not StagedUpload.objects.exists()
    assert not [name for name in s3_media.names() if name.startswith("staged/")]


def test_a_version_whose_transaction_fails_leaves_no_object(cas_docadmin, shared_pdf, s3_media, monkeypatch):
    before = s3_media.names()

    def fail(self, *args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(DocumentVersion, "save", fail)
    with pytest.raises(RuntimeError):
        document_services.document_add_version(
            document=shared_pdf, by=cas_docadmin, upload=SimpleUploadedFile("v2.pdf", samples.english_pdf()),
            change_note="",
        )  # fmt: skip
    assert s3_media.names() == before


def test_deleting_a_stored_file_removes_the_object_and_a_second_delete_is_harmless(s3_media):
    name = default_storage.save("staged/to-delete", io.BytesIO(b"gone soon"))
    assert default_storage.exists(name) and default_storage.size(name) == 9
    default_storage.delete(name)
    default_storage.delete(name)
    assert not default_storage.exists(name) and s3_media.names() == []
    with pytest.raises(FileNotFoundError):
        default_storage.open(name, "rb")


def test_a_name_already_stored_is_never_overwritten(s3_media):
    first = default_storage.save("documents/1/same", io.BytesIO(b"first"))
    second = default_storage.save("documents/1/same", io.BytesIO(b"second"))
    assert first != second
    assert (s3_media.body(first), s3_media.body(second)) == (b"first", b"second")


def test_the_reader_seeks_reads_ranges_and_reads_text(s3_media):
    content = bytes(range(256)) * (3 * object_storage.READ_BUFFER // 256 + 7)
    name = default_storage.save("documents/1/ranges", io.BytesIO(content))
    with default_storage.open(name, "rb") as file:
        assert file.size == len(content)
        file.seek(-10, io.SEEK_END)
        assert file.read() == content[-10:]
        file.seek(object_storage.READ_BUFFER - 3)
        assert file.read(6) == content[object_storage.READ_BUFFER - 3 : object_storage.READ_BUFFER + 3]
        file.seek(0)
        assert b"".join(file.chunks()) == content
        assert file.read(1) == b""
    text_name = default_storage.save("staged/notes", io.BytesIO("专利信息\nline two\n".encode()))
    with default_storage.open(text_name, "r") as text:
        assert text.read() == "专利信息\nline two\n"


def test_the_backups_files_round_trip_through_the_bucket(s3_server, s3_media, shared_pdf, settings):
    version = DocumentVersion.objects.get(document=shared_pdf)
    archive = io.BytesIO()
    with tarfile.open(fileobj=archive, mode="w") as tar:
        files = media.add_all(tar)
    assert set(files) == {version.file.name, version.thumbnail.name}
    assert files[version.file.name]["sha256"] == version.sha256
    empty = storages.create_storage(storage_from_url(s3_server.url(s3_media.prefix + "-restored")))
    archive.seek(0)
    with tarfile.open(fileobj=archive, mode="r") as tar:
        assert media.restore_all(tar, replace=False, storage=empty) == 2
    assert {name: media.digest(name, storage=empty) for name in files} == {
        name: entry["sha256"] for name, entry in files.items()
    }


def test_healthz_reports_the_bucket_and_is_down_when_its_secret_is_wrong(client, s3_server, s3_media, settings):
    response = client.get("/healthz")
    assert response.json()["storage"] == "ok"
    wrong = s3_server.url(s3_media.prefix, secret="not-the-secret")
    settings.STORAGES = {**settings.STORAGES, "default": storage_from_url(wrong)}
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["storage"].startswith("error")
