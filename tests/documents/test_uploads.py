"""Hostile and awkward uploads through the real pages: a clear message and nothing stored, or accepted safely.

The file checks themselves are unit-tested in test_files.py; here each case goes through the view, the form
and the service, and the test looks at what is left behind: rows in the database and files under MEDIA_ROOT
(a fresh folder per test, see tests/conftest.py).
"""

import html
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cooperation.documents import files, services
from cooperation.documents.models import Document, DocumentVersion, Tag
from protocol.notifications.models import OutboxMessage
from tests.once import once

from . import samples

CREATE_URL = reverse("documents:create")
TITLE = "专利信息资源共享年度报告 & annex"
SUMMARY = "Annual report on sharing patent information."
CHANGE_NOTE = "Corrected the figures in chapter 2"
MB = 1024 * 1024


def document_data(**overrides) -> dict[str, str]:
    """What a document admin types into the form at /documents/new/, besides the file."""
    return (
        once()
        | {
            "title": TITLE,
            "title_other": "Annual report on patent information sharing",
            "summary": SUMMARY,
            "doc_type": "strategic_report",
            "area": "documents",
            "language": "zh",
            "confidentiality": "shared",
            "tags": "专利导航, patent navigation",
            "patent_numbers": "CN 101234567 A",
            "ipc_classes": "G06F 16/33",
        }
        | overrides
    )


def post_document(client, name: str, content: bytes, **overrides):
    return client.post(CREATE_URL, document_data(**overrides) | {"file": SimpleUploadedFile(name, content)})


def post_document_raw(client, filename: str, content: bytes):
    """Post the file name exactly as given: the test client (and SimpleUploadedFile) would basename it first,
    so the server would never see "../../etc/passwd.pdf" or a name of 300 characters."""
    boundary = "upload-test-boundary-7d1f"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
        for key, value in document_data().items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return client.post(CREATE_URL, b"".join(parts), content_type=f"multipart/form-data; boundary={boundary}")


def post_version(client, document, name: str, content: bytes):
    return client.post(
        reverse("documents:version_create", args=[document.pk]),
        once(file=SimpleUploadedFile(name, content), change_note=CHANGE_NOTE),
    )


def stored_files() -> list[Path]:
    """Every file the library stored under MEDIA_ROOT, relative to it. (A good file on a form refused for
    another field is kept under staged/ for the next submit: tests/uploads.)"""
    root = Path(settings.MEDIA_ROOT)
    return sorted(
        path.relative_to(root)
        for path in root.rglob("*")
        if path.is_file() and path.relative_to(root).parts[0] != "staged"
    )


def fake_pdf(size: int) -> bytes:
    return b"%PDF-1.4\n" + b"0" * (size - 9)


def assert_nothing_stored() -> None:
    assert not Document.objects.exists()
    assert not DocumentVersion.objects.exists()
    assert not Tag.objects.exists()
    assert not OutboxMessage.objects.exists()
    assert stored_files() == []


def assert_refused(response, code: str, message: str) -> None:
    """Re-rendered form, the problem named next to the file field, and what the user typed still there."""
    assert response.status_code == 200
    upload_form = response.context["upload_form"]
    assert upload_form.has_error("file", code), upload_form.errors
    assert message in response.text
    assert "nothing has been saved yet" in response.text
    assert f'value="{html.escape(TITLE)}"' in response.text
    assert SUMMARY in response.text


@pytest.fixture
def small_limit(settings):
    settings.DOCUMENT_MAX_UPLOAD_MB = 1


@pytest.fixture
def docadmin_client(client, cas_docadmin, sipo_docadmin):
    """Signed in as the CAS document admin; SIPO's admin is there so a shared document has someone to notify."""
    client.force_login(cas_docadmin)
    return client


# Refused at /documents/new/: a message naming the problem, no row, no file.

ACCEPTED = ", ".join(sorted(files.ALLOWED_EXTENSIONS))
PDF_UNREADABLE = "The PDF cannot be read: it is damaged, incomplete or not a PDF at all."


@pytest.mark.parametrize(
    ("name", "content", "code", "message"),
    [
        pytest.param("report.pdf", b"", "empty", "The file is empty.", id="empty"),
        *(
            pytest.param(
                f"tool{extension}",
                content,
                "extension",
                f"Files of type “{extension}” are not accepted. Accepted types: {ACCEPTED}.",
                id=f"extension{extension}",
            )
            for extension, content in [
                (".exe", samples.windows_executable()),
                (".sh", samples.shell_script()),
                (".html", samples.html_as_text()),
                (".svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
                (".js", b"alert(document.cookie)"),
            ]
        ),
        pytest.param(
            "report.pdf.exe",
            samples.windows_executable(),
            "extension",
            "Files of type “.exe” are not accepted.",
            id="double-extension",
        ),
        pytest.param(
            "report.pdf",
            samples.windows_executable(),
            "content_mismatch",
            "The file is a program, not a .pdf file.",
            id="executable-named-pdf",
        ),
        pytest.param(
            "report.docx",
            samples.not_a_zip_docx(),
            "content_mismatch",
            "The file’s content does not match its name: it is not a valid .docx file.",
            id="docx-not-a-zip",
        ),
        pytest.param("report", samples.english_pdf(), "extension", "The file name has no extension.", id="no-ext"),
        *(
            pytest.param("report.pdf", content, "pdf_unreadable", PDF_UNREADABLE, id=case)
            for case, content in [
                # Passed the old check, which looked only for the header.
                ("html-with-pdf-header", samples.html_with_pdf_header()),
                ("pdf-header-then-garbage", samples.garbage_pdf()),
                ("truncated-pdf", samples.truncated_pdf()),
            ]
        ),
        pytest.param(
            "report.pdf",
            samples.javascript_open_action_pdf(),
            "pdf_javascript",
            "The PDF contains JavaScript, which the library does not accept.",
            id="pdf-javascript-open-action",
        ),
        pytest.param(
            "report.pdf",
            samples.document_javascript_pdf(),
            "pdf_javascript",
            "The PDF contains JavaScript",
            id="pdf-document-javascript",
        ),
        pytest.param(
            "report.pdf",
            samples.launch_action_pdf(),
            "pdf_launch",
            "The PDF contains an action that starts a program or opens another file",
            id="pdf-launch-action",
        ),
        pytest.param(
            "report.pdf",
            samples.embedded_file_pdf(),
            "pdf_embedded_file",
            "The PDF contains embedded files (attachments), which the library does not accept",
            id="pdf-embedded-program",
        ),
        pytest.param(
            "report.pdf",
            samples.password_pdf("secret"),
            "pdf_password",
            "The PDF needs a password to open, so it cannot be checked",
            id="pdf-password-to-open",
        ),
    ],
)
def test_a_bad_upload_is_refused_with_a_message_and_nothing_stored(docadmin_client, name, content, code, message):
    response = post_document(docadmin_client, name, content)

    assert_refused(response, code, message)
    assert_nothing_stored()


@pytest.mark.parametrize("size", [int(1.1 * MB), 3 * MB], ids=["in-memory", "temporary-file"])
def test_a_file_over_the_limit_is_refused(docadmin_client, small_limit, size):
    response = post_document(docadmin_client, "big.pdf", fake_pdf(size))

    assert_refused(response, "too_large", "The file is too large: the limit is 1 MB.")
    assert_nothing_stored()


def test_the_form_states_the_limit(docadmin_client, small_limit):
    response = docadmin_client.get(CREATE_URL)

    assert "at most 1 MB" in response.text


def test_a_zip_bomb_docx_is_refused_by_its_unpacked_size(docadmin_client, small_limit):
    bomb = samples.zip_bomb_docx(5 * MB)
    assert len(bomb) < MB  # small enough to pass the size check: only the unpacked size gives it away

    response = post_document(docadmin_client, "bomb.docx", bomb)

    assert_refused(
        response, "zip_bomb", "The .docx file was refused as a possible zip bomb: it would unpack to more than 1 MB."
    )
    assert_nothing_stored()


def test_a_zip_bomb_docx_under_the_limit_is_refused_by_its_compression_ratio(docadmin_client):
    response = post_document(docadmin_client, "bomb.docx", samples.zip_bomb_docx(20 * MB))

    assert_refused(
        response, "zip_bomb", "The .docx file was refused as a possible zip bomb: it is compressed more than 100 to 1."
    )
    assert_nothing_stored()


def test_a_name_of_300_characters_is_refused(docadmin_client):
    # Django cuts the name to 255 characters (keeping ".pdf") before the view sees it; the library refuses
    # 255 and over, because such a name was almost certainly longer.
    response = post_document_raw(docadmin_client, "长" * 296 + ".pdf", samples.english_pdf())

    assert_refused(response, "name_too_long", "The file name is too long: it must be shorter than 255 characters.")
    assert_nothing_stored()


def test_a_name_that_is_only_a_path_is_refused(docadmin_client):
    # Django drops the name altogether, so the file is never received: the form asks for one.
    response = post_document_raw(docadmin_client, "../..", samples.english_pdf())

    assert response.status_code == 200
    assert response.context["upload_form"].has_error("file", "required")
    assert f'value="{html.escape(TITLE)}"' in response.text
    assert_nothing_stored()


# Accepted, safely.


@pytest.mark.parametrize(
    ("sent", "kept"),
    [("../../etc/passwd.pdf", "passwd.pdf"), ("..\\..\\x.pdf", "x.pdf"), ("C:\\Users\\li\\x.pdf", "x.pdf")],
)
def test_a_path_in_the_name_is_kept_as_metadata_only(docadmin_client, tmp_path, sent, kept):
    response = post_document_raw(docadmin_client, sent, samples.english_pdf())

    assert response.status_code == 302
    version = DocumentVersion.objects.get()
    assert version.original_name == kept
    stored = Path(version.file.path).resolve()
    documents_root = (Path(settings.MEDIA_ROOT) / "documents").resolve()
    assert stored.is_relative_to(documents_root)
    assert ".." not in version.file.name
    assert "\\" not in version.file.name
    assert kept not in version.file.name
    assert stored.read_bytes() == samples.english_pdf()
    # Nothing was written anywhere else in this test's folder (MEDIA_ROOT is tmp_path / "media").
    everything = [path for path in tmp_path.rglob("*") if path.is_file()]
    assert [path.resolve() for path in everything] == [stored]


def test_a_chinese_file_name_is_kept_and_downloads_with_that_name(docadmin_client):
    response = post_document(docadmin_client, "合作协议.pdf", samples.chinese_pdf())

    assert response.status_code == 302
    version = DocumentVersion.objects.get()
    assert version.original_name == "合作协议.pdf"
    assert "合作协议" not in version.file.name
    download = docadmin_client.get(version.get_download_url())
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''%E5%90%88%E4%BD%9C%E5%8D%8F%E8%AE%AE.pdf" in download["Content-Disposition"]
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == samples.chinese_pdf()
    download.close()


@pytest.mark.parametrize(
    "sent",
    ["re\x00port.pdf", "re\x01po\x1frt.pdf", "report\x7f.pdf", "re\tport.pdf", "gpj\u202e.pdf"],
    ids=["nul", "c0-controls", "del", "tab", "bidi-override"],
)
def test_control_characters_never_reach_the_stored_name(docadmin_client, sent):
    # Django's multipart parser drops every non-printable character from the name, so the upload is accepted
    # under the name without them (files.py would refuse them if they ever got through).
    response = post_document_raw(docadmin_client, sent, samples.english_pdf())

    assert response.status_code == 302
    version = DocumentVersion.objects.get()
    assert version.original_name.isprintable()
    assert version.original_name == "".join(char for char in sent if char.isprintable())
    assert stored_files() == [Path(version.file.name)]


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(samples.blank_pdf(), id="written-by-pypdf"),
        # Restricted by an owner password only (no printing, say): it opens for everyone, and is checked.
        pytest.param(samples.password_pdf(""), id="owner-password-only"),
        pytest.param(samples.object_stream_pdf(b"<< /S /URI /URI (https://example.org/) >>"), id="object-streams"),
    ],
)
def test_a_sound_pdf_is_accepted_and_stored_as_uploaded(docadmin_client, content):
    response = post_document(docadmin_client, "report.pdf", content)

    assert response.status_code == 302
    version = DocumentVersion.objects.get()
    assert version.kind == "pdf"
    assert stored_files() == [Path(version.file.name)]
    with version.file.open("rb") as stored:
        assert stored.read() == content  # refused or kept whole, never rewritten


def test_html_renamed_txt_is_accepted_and_shown_escaped(docadmin_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_document(docadmin_client, "page.txt", samples.html_as_text())

    assert response.status_code == 302
    version = DocumentVersion.objects.get()
    assert version.kind == "text"
    assert version.content_type == "text/plain; charset=utf-8"
    detail = docadmin_client.get(response.url)
    assert detail.status_code == 200
    assert "&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;" in detail.text
    assert '<script>alert("xss")' not in detail.text
    # Never rendered inline, and downloaded as plain text the browser may not sniff.
    assert docadmin_client.get(reverse("documents:preview", args=[version.document_id, 1])).status_code == 404
    download = docadmin_client.get(version.get_download_url())
    assert download["Content-Type"] == "text/plain; charset=utf-8"
    assert download["X-Content-Type-Options"] == "nosniff"
    download.close()


def test_a_forged_owner_party_is_ignored(docadmin_client, cas, sipo):
    response = post_document(docadmin_client, "report.pdf", samples.english_pdf(), owner_party=str(sipo.pk))

    assert response.status_code == 302
    assert Document.objects.get().owner_party == cas


def test_an_unknown_confidentiality_is_refused_and_nothing_stored(docadmin_client):
    response = post_document(docadmin_client, "report.pdf", samples.english_pdf(), confidentiality="everyone")

    assert response.status_code == 200
    assert response.context["form"].has_error("confidentiality", "invalid_choice")
    assert_nothing_stored()


# A new version: refused the same way, and the current version stays.


@pytest.mark.parametrize(
    ("name", "content", "code", "message"),
    [
        pytest.param("v2.pdf", b"", "empty", "The file is empty.", id="empty"),
        pytest.param("v2.exe", samples.windows_executable(), "extension", "Files of type “.exe” are not", id="exe"),
        pytest.param(
            "v2.pdf",
            samples.windows_executable(),
            "content_mismatch",
            "The file is a program, not a .pdf file.",
            id="executable-named-pdf",
        ),
        pytest.param(
            "v2.docx",
            samples.not_a_zip_docx(),
            "content_mismatch",
            "The file’s content does not match its name: it is not a valid .docx file.",
            id="docx-not-a-zip",
        ),
        pytest.param("v2.pdf", samples.html_with_pdf_header(), "pdf_unreadable", PDF_UNREADABLE, id="html-as-pdf"),
        pytest.param(
            "v2.pdf", samples.launch_action_pdf(), "pdf_launch", "an action that starts a program", id="pdf-launch"
        ),
    ],
)
def test_a_bad_new_version_is_refused_and_the_first_stays_current(
    docadmin_client, cas_shared, name, content, code, message
):
    first = cas_shared.current_version
    files_before = stored_files()

    response = post_version(docadmin_client, cas_shared, name, content)

    assert response.status_code == 200
    upload_form = response.context["upload_form"]
    assert upload_form.has_error("file", code), upload_form.errors
    assert message in response.text
    assert f'value="{CHANGE_NOTE}"' in response.text
    cas_shared.refresh_from_db()
    assert cas_shared.current_version == first
    assert list(cas_shared.versions.values_list("number", flat=True)) == [1]
    assert stored_files() == files_before


def test_a_new_version_over_the_limit_is_refused(docadmin_client, cas_shared, small_limit):
    files_before = stored_files()

    response = post_version(docadmin_client, cas_shared, "v2.pdf", fake_pdf(int(1.1 * MB)))

    assert response.context["upload_form"].has_error("file", "too_large")
    assert "The file is too large: the limit is 1 MB." in response.text
    assert cas_shared.versions.count() == 1
    assert stored_files() == files_before


def test_a_good_new_version_is_stored_under_a_new_name(docadmin_client, cas_shared):
    files_before = stored_files()

    response = post_version(docadmin_client, cas_shared, "v2.pdf", samples.english_pdf())

    assert response.status_code == 302
    cas_shared.refresh_from_db()
    second = cas_shared.current_version
    assert (second.number, second.original_name, second.change_note) == (2, "v2.pdf", CHANGE_NOTE)
    assert stored_files() == sorted([*files_before, Path(second.file.name)])


# Who may upload.


@pytest.mark.parametrize(
    "persona", ["cas_official", "cas_coordinator", "sipo_official", "sipo_coordinator", "outsider"]
)
def test_without_the_document_admin_role_an_upload_is_forbidden(client, personas, persona):
    client.force_login(personas[persona])

    assert client.get(CREATE_URL).status_code == 403
    assert post_document(client, "report.pdf", samples.english_pdf()).status_code == 403
    assert_nothing_stored()


@pytest.mark.parametrize("persona", ["cas_official", "cas_coordinator", "sipo_coordinator", "sipo_docadmin"])
def test_only_the_owning_partys_document_admin_may_add_a_version(client, personas, cas_shared, persona):
    files_before = stored_files()
    client.force_login(personas[persona])

    response = post_version(client, cas_shared, "v2.pdf", samples.english_pdf())

    assert response.status_code == 403
    assert cas_shared.versions.count() == 1
    assert stored_files() == files_before


def test_an_anonymous_upload_is_sent_to_sign_in(client, cas_shared):
    files_before = stored_files()
    urls = [CREATE_URL, reverse("documents:version_create", args=[cas_shared.pk])]

    for url in urls:
        response = client.post(url, document_data() | {"file": SimpleUploadedFile("report.pdf", samples.english_pdf())})
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))

    assert Document.objects.count() == 1
    assert DocumentVersion.objects.count() == 1
    assert stored_files() == files_before


# A failure after the file was written: the transaction rolls back and the file goes with it.


class Boom(Exception):
    pass


def fail_after(original):
    def wrapper(*args, **kwargs):
        original(*args, **kwargs)
        raise Boom

    return wrapper


def test_a_failure_after_the_file_was_saved_leaves_no_file_and_no_row(docadmin_client, monkeypatch):
    monkeypatch.setattr(DocumentVersion, "save", fail_after(DocumentVersion.save))

    with pytest.raises(Boom):
        post_document(docadmin_client, "report.pdf", samples.english_pdf())

    assert_nothing_stored()


def test_a_failure_while_announcing_leaves_no_file_and_no_row(docadmin_client, monkeypatch):
    def announce(document):
        assert stored_files(), "the file should be on disk by now"
        raise Boom

    monkeypatch.setattr(services, "_announce", announce)

    with pytest.raises(Boom):
        post_document(docadmin_client, "report.pdf", samples.english_pdf())

    assert_nothing_stored()


def test_a_failure_after_a_new_version_was_saved_leaves_the_first_current(
    docadmin_client, cas_docadmin, cas_shared, monkeypatch
):
    first = cas_shared.current_version
    files_before = stored_files()
    monkeypatch.setattr(DocumentVersion, "save", fail_after(DocumentVersion.save))

    with pytest.raises(Boom):
        services.document_add_version(
            document=cas_shared,
            by=cas_docadmin,
            upload=SimpleUploadedFile("v2.pdf", samples.english_pdf()),
            change_note="",
        )

    cas_shared.refresh_from_db()
    assert cas_shared.current_version == first
    assert cas_shared.versions.count() == 1
    assert stored_files() == files_before


# The limit and the allowed types are documented.


def test_the_readme_documents_the_upload_limit_and_allowed_types():
    readme = (Path(settings.BASE_DIR) / "README.md").read_text()

    assert "DOCUMENT_MAX_UPLOAD_MB" in readme
    missing = [extension for extension in files.ALLOWED_EXTENSIONS if extension not in readme]
    assert not missing, f"README.md does not name these allowed types: {missing}"
