"""The document library's data for tests: upload helpers and documents made through the services,
shared by the library's tests and the apps that link documents."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cooperation.documents import services
from cooperation.documents.models import Confidentiality
from tests.documents import samples


def upload(name: str = "合作协议.pdf", content: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, samples.chinese_pdf() if content is None else content)


def fields(**overrides) -> services.DocumentFields:
    data = {
        "title": "专利信息资源共享年度报告",
        "doc_type": "strategic_report",
        "area": "documents",
        "language": "zh",
        "confidentiality": Confidentiality.SHARED,
        "summary": "Annual report on sharing patent information.",
        "tags": ["专利导航"],
        "patent_numbers": ["CN101234567A"],
        "ipc_classes": ["G06F16/33"],
    }
    return services.DocumentFields(**(data | overrides))


@pytest.fixture
def make_document(cas_docadmin, django_capture_on_commit_callbacks):
    """A document added through the service, its processing (text, thumbnail) run as after commit."""

    def make(*, by=None, content: bytes | None = None, name: str = "合作协议.pdf", **overrides):
        with django_capture_on_commit_callbacks(execute=True):
            return services.document_create(
                by=by or cas_docadmin, fields=fields(**overrides), upload=upload(name, content)
            )

    return make


@pytest.fixture
def cas_shared(make_document):
    return make_document(title="共享的专利文献", confidentiality=Confidentiality.SHARED)


@pytest.fixture
def cas_on_request(make_document):
    return make_document(title="依申请提供的分析报告", confidentiality=Confidentiality.ON_REQUEST)


@pytest.fixture
def cas_internal(make_document):
    return make_document(title="内部资料", confidentiality=Confidentiality.INTERNAL)


@pytest.fixture
def add_version(cas_docadmin, django_capture_on_commit_callbacks):
    """A new version added through the service, its processing run as after commit."""

    def add(document, *, by=None, content: bytes | None = None, name: str = "合作协议.pdf", change_note: str = ""):
        with django_capture_on_commit_callbacks(execute=True):
            return services.document_add_version(
                document=document, by=by or cas_docadmin, upload=upload(name, content), change_note=change_note
            )

    return add
