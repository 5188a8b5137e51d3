"""The library's pages: who may change what, the access-request flow, versions, downloads, previews,
processing, search and filters, and what each page costs in queries."""

import hashlib
import html
import re
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from cooperation.documents import services
from cooperation.documents.models import (
    AccessRequest,
    AccessStatus,
    Confidentiality,
    Document,
    DocumentVersion,
    DownloadEvent,
    ProcessingStatus,
)
from protocol import search
from protocol.notifications.models import OutboxMessage
from protocol.parties.models import Party, User
from protocol.parties.roles import Role
from protocol.uploads import pdf_safety
from tests.factories import UserFactory
from tests.library import fields, upload
from tests.once import once
from tests.pages import messages_of

from . import samples

LIST = reverse("documents:list")
CREATE = reverse("documents:create")
SHARED, ON_REQUEST, INTERNAL = Confidentiality.SHARED, Confidentiality.ON_REQUEST, Confidentiality.INTERNAL


def url(name, document, *args):
    return reverse(f"documents:{name}", args=[document.pk, *args])


def form_data(**overrides) -> dict:
    return (
        once()
        | {
            "title": "合作协议",
            "title_other": "Cooperation agreement",
            "summary": "The agreement between the parties.",
            "doc_type": "policy",
            "area": "documents",
            "language": "zh",
            "confidentiality": SHARED,
            "tags": "协议, agreement",
            "patent_numbers": "",
            "ipc_classes": "",
            "file": SimpleUploadedFile("合作协议.pdf", samples.chinese_pdf()),
        }
        | overrides
    )


def stored_files(settings) -> list:
    """What the library stored; a good file on a form refused for another field is kept under staged/
    for the next submit (tests/uploads)."""
    media = settings.MEDIA_ROOT
    files = [path for path in media.rglob("*") if path.is_file()] if media.exists() else []
    return [path for path in files if path.relative_to(media).parts[0] != "staged"]


def fetch(client, path, params=None):
    """GET a page; a file is read to the end as a WSGI server would, which closes it, into `response.body`.
    (Calling close() directly would also fire request_finished and close the test's PostgreSQL connection.)"""
    response = client.get(path, params or {})
    response.body = b"".join(response.streaming_content) if response.streaming else response.content
    return response


def text_document(make_document, text: str = "一份说明。", **overrides):
    """A document whose file is a small text: quick to make when the file itself does not matter."""
    return make_document(content=text.encode(), name="note.txt", **overrides)


# Who may add documents


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("cas_docadmin", 200),
        ("sipo_docadmin", 200),
        ("cas_official", 403),
        ("sipo_official", 403),
        ("cas_coordinator", 403),
        ("sipo_coordinator", 403),
        ("outsider", 403),
    ],
)
def test_only_document_admins_may_open_the_upload_form(client, personas, persona, expected):
    client.force_login(personas[persona])
    assert client.get(CREATE).status_code == expected


@pytest.mark.parametrize("persona", ["cas_official", "cas_coordinator", "outsider"])
def test_an_upload_by_someone_without_the_document_admin_role_is_refused_and_nothing_stored(
    client, personas, settings, persona
):
    client.force_login(personas[persona])
    assert client.post(CREATE, form_data()).status_code == 403
    assert not Document.objects.exists()
    assert stored_files(settings) == []


@pytest.mark.parametrize("path", [LIST, CREATE, "/documents/1/", "/documents/1/versions/1/download/"])
def test_anonymous_visitors_are_sent_to_sign_in(client, db, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={path}"


def test_a_document_admin_uploads_a_document(client, cas_docadmin, cas, django_capture_on_commit_callbacks):
    client.force_login(cas_docadmin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(CREATE, form_data(patent_numbers="CN 101234567 A", ipc_classes="G06F 16/33"))

    document = Document.objects.get()
    assert response.status_code == 302 and response["Location"] == document.get_absolute_url()
    assert (document.owner_party, document.created_by, document.confidentiality) == (cas, cas_docadmin, SHARED)
    assert document.current_version.original_name == "合作协议.pdf"
    assert document.patent_number_list == ["CN101234567A"]
    assert document.ipc_class_list == ["G06F16/33"]
    assert sorted(tag.name for tag in document.tags.all()) == ["agreement", "协议"]
    assert messages_of(response) == ["Document added."]


# Forged fields


def test_a_forged_owner_party_is_ignored(client, cas_docadmin, cas, sipo, django_capture_on_commit_callbacks):
    client.force_login(cas_docadmin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(CREATE, form_data(owner_party=sipo.pk, created_by=0))
    assert Document.objects.get().owner_party == cas


def test_a_forged_owner_party_in_an_edit_is_ignored(client, cas_docadmin, cas, sipo, cas_shared):
    client.force_login(cas_docadmin)
    data = form_data(title="改过的标题", owner_party=sipo.pk)
    del data["file"]
    response = client.post(url("edit", cas_shared), data)
    assert response.status_code == 302
    cas_shared.refresh_from_db()
    assert (cas_shared.title, cas_shared.owner_party) == ("改过的标题", cas)


@pytest.mark.parametrize("confidentiality", ["secret", "", "SHARED"])
def test_an_unknown_confidentiality_is_a_form_error_and_nothing_is_stored(
    client, cas_docadmin, settings, confidentiality
):
    client.force_login(cas_docadmin)
    response = client.post(CREATE, form_data(confidentiality=confidentiality))
    assert response.status_code == 200
    assert "confidentiality" in response.context["form"].errors
    assert not Document.objects.exists()
    assert not DocumentVersion.objects.exists()
    assert stored_files(settings) == []


def test_an_edit_to_an_unknown_confidentiality_changes_nothing(client, cas_docadmin, cas_internal):
    client.force_login(cas_docadmin)
    data = form_data(confidentiality="secret")
    del data["file"]
    response = client.post(url("edit", cas_internal), data)
    assert response.status_code == 200
    assert "confidentiality" in response.context["form"].errors
    cas_internal.refresh_from_db()
    assert cas_internal.confidentiality == INTERNAL


# Who may change a document: the owning party's document admins only

MANAGE_VIEWS = ["edit", "version_create", "archive"]


@pytest.mark.parametrize(
    ("persona", "level", "expected"),
    [
        ("cas_docadmin", SHARED, 200),
        ("cas_docadmin", INTERNAL, 200),
        ("cas_official", SHARED, 403),
        ("cas_official", INTERNAL, 403),
        ("cas_coordinator", SHARED, 403),
        ("cas_coordinator", INTERNAL, 403),
        ("sipo_docadmin", SHARED, 403),  # sees it, may not change it
        ("sipo_docadmin", INTERNAL, 404),  # does not know it exists
        ("sipo_official", SHARED, 403),
        ("sipo_official", INTERNAL, 404),
        ("sipo_coordinator", SHARED, 403),
        ("sipo_coordinator", INTERNAL, 404),
        ("outsider", SHARED, 404),
        ("outsider", INTERNAL, 404),
    ],
)
def test_only_the_owning_partys_document_admins_may_edit_add_versions_or_archive(
    client, personas, make_document, persona, level, expected
):
    document = text_document(make_document, confidentiality=level)
    client.force_login(personas[persona])

    pages = {name: client.get(url(name, document)).status_code for name in MANAGE_VIEWS}

    assert pages == dict.fromkeys(MANAGE_VIEWS, expected)


@pytest.mark.parametrize("persona", ["sipo_docadmin", "cas_official"])
def test_a_refused_post_changes_nothing(client, personas, make_document, persona):
    document = text_document(make_document, title="原标题", confidentiality=SHARED)
    client.force_login(personas[persona])
    data = form_data(title="被篡改")

    assert client.post(url("edit", document), data).status_code == 403
    assert client.post(url("version_create", document), form_data()).status_code == 403
    assert client.post(url("archive", document)).status_code == 403

    document.refresh_from_db()
    assert (document.title, document.versions.count(), document.archived_at) == ("原标题", 1, None)


def confirmation_form(client, path) -> dict:
    """What the confirmation page's form posts: its hidden inputs and its submit button."""
    page = client.get(path)
    assert page.status_code == 200
    # The page's own form: it posts back to the page (no action, or this path); the layout's forms post elsewhere.
    form = next(
        body
        for attributes, body in re.findall(r"<form([^>]*)>(.*?)</form>", page.text, re.S)
        if 'method="post"' in attributes and ("action=" not in attributes or f'action="{path}"' in attributes)
    )
    data = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))
    button = re.search(r'<button[^>]*name="([^"]+)"[^>]*value="([^"]*)"', form)
    return data | ({button[1]: button[2]} if button else {})


def test_archiving_asks_first_then_archives_and_restoring_brings_it_back(client, cas_docadmin, cas_shared):
    client.force_login(cas_docadmin)
    path = url("archive", cas_shared)
    archive_form = confirmation_form(client, path)
    cas_shared.refresh_from_db()
    assert cas_shared.archived_at is None  # asking changed nothing

    response = client.post(path, archive_form)
    assert response.status_code == 302 and messages_of(response) == ["Document archived."]
    cas_shared.refresh_from_db()
    assert cas_shared.is_archived

    client.post(path, confirmation_form(client, path))
    cas_shared.refresh_from_db()
    assert not cas_shared.is_archived


def test_an_archive_form_sent_twice_leaves_the_document_archived(client, cas_docadmin, cas_shared):
    # A double click, or a second tab opened on the same confirmation page.
    client.force_login(cas_docadmin)
    path = url("archive", cas_shared)
    archive_form = confirmation_form(client, path)

    client.post(path, archive_form)
    client.post(path, archive_form)

    cas_shared.refresh_from_db()
    assert cas_shared.is_archived


# Access requests, through the pages


def test_the_access_request_flow_from_request_to_download_log(
    client, sipo_official, cas_docadmin, cas_official, cas_on_request
):
    download_url = cas_on_request.current_version.get_download_url()
    client.force_login(sipo_official)
    assert client.get(download_url).status_code == 404
    assert client.get(url("request_access", cas_on_request)).status_code == 200
    response = client.post(url("request_access", cas_on_request), once({"reason": "用于联合专利分析"}))
    assert response.status_code == 302
    assert messages_of(response) == ["Request sent to the owning party's document admins."]
    access = AccessRequest.objects.get()
    assert (access.requester, access.status, access.reason) == (sipo_official, AccessStatus.PENDING, "用于联合专利分析")

    client.force_login(cas_docadmin)
    page = client.get(cas_on_request.get_absolute_url())
    assert [a.pk for a in page.context["requests"]] == [access.pk]
    assert "Wang Fang" in page.text and "用于联合专利分析" in page.text
    response = client.post(reverse("documents:decide", args=[access.pk]), {"action": "grant", "comment": "同意"})
    assert response.status_code == 302
    access.refresh_from_db()
    assert (access.status, access.decided_by, access.decision_comment) == (AccessStatus.GRANTED, cas_docadmin, "同意")

    client.force_login(sipo_official)
    assert fetch(client, download_url).status_code == 200
    client.force_login(cas_official)
    fetch(client, download_url)  # the owning party's own download: no read receipt

    client.force_login(cas_docadmin)
    detail = client.get(cas_on_request.get_absolute_url())
    assert [(e.user, e.version.number) for e in detail.context["downloads"]] == [(sipo_official, 1)]
    assert "Wang Fang (CNIPA)" in detail.text
    log = client.get(url("download_log", cas_on_request))
    assert [e.user for e in log.context["page"].object_list] == [sipo_official]
    assert "Wang Fang (CNIPA)" in log.text and "Li Ming" not in log.text
    assert DownloadEvent.objects.filter(user=cas_official).count() == 1  # recorded, just not a receipt


@pytest.mark.parametrize("persona", ["cas_official", "cas_coordinator", "sipo_docadmin", "sipo_official", "outsider"])
def test_only_the_owning_partys_document_admins_read_the_download_log(client, personas, cas_shared, persona):
    client.force_login(personas[persona])
    assert client.get(url("download_log", cas_shared)).status_code == 404


def test_asking_twice_is_refused_without_a_second_request(client, sipo_official, cas_on_request):
    client.force_login(sipo_official)
    client.post(url("request_access", cas_on_request), once({"reason": "first"}))

    again = client.post(url("request_access", cas_on_request), once({"reason": "second"}))

    assert again.status_code == 403
    assert list(AccessRequest.objects.values_list("reason", flat=True)) == ["first"]
    assert "Request access" not in client.get(cas_on_request.get_absolute_url()).text


def test_the_service_refuses_a_second_open_request_with_a_message(sipo_official, cas_on_request):
    services.access_request_create(document=cas_on_request, by=sipo_official, reason="first")
    with pytest.raises(services.DocumentError):
        services.access_request_create(document=cas_on_request, by=sipo_official, reason="second")
    assert AccessRequest.objects.count() == 1


@pytest.fixture
def pending_request(sipo_official, cas_on_request):
    return services.access_request_create(document=cas_on_request, by=sipo_official, reason="For the joint report.")


def decide(client, access, **data):
    return client.post(reverse("documents:decide", args=[access.pk]), data)


def test_refusing_without_a_comment_is_refused_with_a_message(client, cas_docadmin, pending_request):
    client.force_login(cas_docadmin)
    response = decide(client, pending_request, action="refuse", comment="  ")
    assert response.status_code == 302
    assert messages_of(response) == ["Say why the request is refused."]
    pending_request.refresh_from_db()
    assert pending_request.status == AccessStatus.PENDING


def test_refusing_with_a_comment_is_shown_to_the_requester(client, cas_docadmin, sipo_official, pending_request):
    client.force_login(cas_docadmin)
    decide(client, pending_request, action="refuse", comment="尚未公开")
    pending_request.refresh_from_db()
    assert pending_request.status == AccessStatus.REFUSED

    client.force_login(sipo_official)
    page = client.get(pending_request.document.get_absolute_url()).text
    assert "Your request was refused." in page and "尚未公开" in page


@pytest.mark.parametrize("action", ["", "bogus", "GRANT"])
def test_an_unknown_action_decides_nothing(client, cas_docadmin, pending_request, action):
    client.force_login(cas_docadmin)
    response = decide(client, pending_request, action=action, comment="a comment")
    assert response.status_code in (302, 400)
    pending_request.refresh_from_db()
    assert pending_request.status == AccessStatus.PENDING


@pytest.mark.parametrize("persona", ["sipo_official", "sipo_docadmin", "sipo_coordinator", "cas_official", "outsider"])
def test_only_the_owning_partys_document_admins_decide(client, personas, pending_request, persona):
    client.force_login(personas[persona])
    for action in ("grant", "refuse", "revoke"):
        assert decide(client, pending_request, action=action, comment="x").status_code == 404
    pending_request.refresh_from_db()
    assert pending_request.status == AccessStatus.PENDING


def test_deciding_is_post_only(client, cas_docadmin, pending_request):
    client.force_login(cas_docadmin)
    assert client.get(reverse("documents:decide", args=[pending_request.pk])).status_code == 405


def test_a_decided_request_cannot_be_decided_again(client, cas_docadmin, pending_request):
    client.force_login(cas_docadmin)
    decide(client, pending_request, action="grant", comment="")
    response = decide(client, pending_request, action="refuse", comment="changed my mind")
    assert messages_of(response)[-1] == "This request has already been decided."
    pending_request.refresh_from_db()
    assert pending_request.status == AccessStatus.GRANTED


def test_revoking_through_the_page_ends_the_downloads(client, cas_docadmin, sipo_official, pending_request):
    client.force_login(cas_docadmin)
    decide(client, pending_request, action="grant", comment="")
    download_url = pending_request.document.current_version.get_download_url()
    client.force_login(sipo_official)
    fetch(client, download_url)

    client.force_login(cas_docadmin)
    response = decide(client, pending_request, action="revoke", comment="项目结束")

    assert messages_of(response)[-1] == "Access revoked."
    client.force_login(sipo_official)
    assert client.get(download_url).status_code == 404
    # Asking again is possible once the grant is gone.
    assert client.get(url("request_access", pending_request.document)).status_code == 200


# Versions


def test_a_new_version_becomes_current_and_the_old_one_stays_downloadable(
    client, cas_docadmin, sipo_official, cas_shared, django_capture_on_commit_callbacks
):
    first = cas_shared.current_version
    new_content = samples.english_pdf()
    client.force_login(cas_docadmin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("version_create", cas_shared),
            once()
            | {"file": SimpleUploadedFile("agreement-en.pdf", new_content), "change_note": "English translation"},
        )
    assert messages_of(response) == ["Version 2 uploaded."]

    cas_shared.refresh_from_db()
    second = cas_shared.current_version
    assert (second.number, second.change_note, second.uploaded_by) == (2, "English translation", cas_docadmin)
    assert second.sha256 == hashlib.sha256(new_content).hexdigest()

    client.force_login(sipo_official)
    old = client.get(first.get_download_url())
    assert b"".join(old.streaming_content) == samples.chinese_pdf()
    page = client.get(cas_shared.get_absolute_url())
    assert page.context["current"] == second
    assert [v.number for v in page.context["versions"]] == [2, 1]
    for version in (first, second):
        assert version.sha256 in page.text
        assert version.get_download_url() in page.text
    assert "English translation" in page.text
    with translation.override("en"):
        assert filesizeformat(second.size) in page.text


def test_a_version_upload_is_refused_with_the_reason_and_nothing_stored(client, cas_docadmin, cas_shared, settings):
    before = sorted(stored_files(settings))
    client.force_login(cas_docadmin)
    response = client.post(
        url("version_create", cas_shared), once() | {"file": SimpleUploadedFile("x.exe", b"MZ" + b"\0" * 64)}
    )
    assert response.status_code == 200
    assert response.context["upload_form"].errors["file"]
    assert cas_shared.versions.count() == 1
    assert sorted(stored_files(settings)) == before


def test_an_identical_file_warns_and_links_to_the_other_document(
    client, cas_docadmin, cas_shared, django_capture_on_commit_callbacks
):
    client.force_login(cas_docadmin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(CREATE, form_data(title="重复上传"), follow=True)
    warnings = [m for m in response.context["messages"] if m.level_tag == "warning"]
    assert len(warnings) == 1
    assert f"twin-{cas_shared.pk}" in warnings[0].tags
    assert f'<a href="{cas_shared.get_absolute_url()}">{cas_shared.title}</a>' in response.text


def test_an_identical_new_version_warns_too(client, cas_docadmin, cas_shared, make_document):
    other = text_document(make_document, title="另一份文件")
    client.force_login(cas_docadmin)
    response = client.post(
        url("version_create", other),
        # A PDF after a text: of another type, confirmed.
        once() | {"file": SimpleUploadedFile("copy.pdf", samples.chinese_pdf()), "other_kind": "on"},
    )
    assert any(cas_shared.title in message for message in messages_of(response))


def test_an_identical_file_does_not_reveal_the_other_partys_internal_document(
    client, cas_docadmin, sipo_docadmin, make_document
):
    make_document(by=sipo_docadmin, title="国家知识产权局内部文件", confidentiality=INTERNAL)
    client.force_login(cas_docadmin)
    response = client.post(CREATE, form_data(title="我方的文件"))
    assert response.status_code == 302
    assert not any("国家知识产权局内部文件" in message for message in messages_of(response))


# Downloads


def test_a_download_streams_the_file_as_an_attachment_with_its_chinese_name(client, sipo_official, cas_shared):
    client.force_login(sipo_official)
    response = client.get(cas_shared.current_version.get_download_url())

    assert response.status_code == 200
    assert isinstance(response, FileResponse) and response.streaming is True
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''%E5%90%88%E4%BD%9C%E5%8D%8F%E8%AE%AE.pdf"
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == samples.chinese_pdf()
    event = DownloadEvent.objects.get()
    assert (event.user, event.party, event.version) == (sipo_official, sipo_official.party, cas_shared.current_version)


def test_html_uploaded_as_text_downloads_as_plain_text(client, sipo_official, make_document):
    document = make_document(content=samples.html_as_text(), name="page.txt")
    client.force_login(sipo_official)
    response = fetch(client, document.current_version.get_download_url())
    assert response["Content-Type"].startswith("text/plain")
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_missing_version_is_404(client, cas_official, cas_shared):
    client.force_login(cas_official)
    assert client.get(url("download", cas_shared, 2)).status_code == 404
    assert client.get(url("preview", cas_shared, 2)).status_code == 404


# Previews


def test_a_pdf_page_is_previewed_as_a_sandboxed_png(client, sipo_official, cas_shared):
    client.force_login(sipo_official)
    response = client.get(url("preview", cas_shared, 1), {"page": 1})

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response.content.startswith(b"\x89PNG")
    assert response["Content-Security-Policy"].split(";")[0] == "sandbox"
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("page", [2, 99])
def test_a_page_beyond_the_pdfs_last_is_404(client, sipo_official, cas_shared, page):
    client.force_login(sipo_official)
    assert client.get(url("preview", cas_shared, 1), {"page": page}).status_code == 404


def test_an_image_is_previewed_sandboxed(client, sipo_official, make_document):
    document = make_document(content=samples.png(), name="chart.png")
    client.force_login(sipo_official)
    response = fetch(client, url("preview", document, 1))
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == "inline"
    assert response["Content-Security-Policy"].startswith("sandbox")
    assert response.body == samples.png()


def test_html_uploaded_as_text_is_shown_escaped_and_never_inline(client, sipo_official, make_document):
    document = make_document(content=samples.html_as_text(), name="page.txt")
    client.force_login(sipo_official)

    page = client.get(document.get_absolute_url()).text

    assert "&lt;script&gt;alert" in page
    assert "<script>alert" not in page
    assert client.get(url("preview", document, 1)).status_code == 404


def test_a_docx_has_no_preview(client, sipo_official, make_document):
    document = make_document(content=samples.chinese_docx(), name="合作协议.docx")
    client.force_login(sipo_official)
    assert client.get(url("preview", document, 1)).status_code == 404
    assert url("preview", document, 1) not in client.get(document.get_absolute_url()).text


# Processing


def test_the_page_says_processing_until_text_and_thumbnail_are_ready(client, cas_docadmin, sipo_official):
    # No on-commit callbacks here: the processing task is never started.
    document = services.document_create(by=cas_docadmin, fields=fields(), upload=upload())
    client.force_login(sipo_official)
    assert "Processing" in client.get(document.get_absolute_url()).text
    assert client.get(url("thumbnail", document, 1)).status_code == 404

    services.version_process(version_id=document.current_version_id)

    assert "Processing" not in client.get(document.get_absolute_url()).text
    thumbnail = fetch(client, url("thumbnail", document, 1))
    assert thumbnail["Content-Type"] == "image/png"
    assert thumbnail.body.startswith(b"\x89PNG")


def test_a_stored_pdf_that_does_not_parse_is_marked_failed_and_shown_without_error(
    client, sipo_official, make_document, monkeypatch
):
    # Uploads are refused unless they parse (tests/documents/test_uploads.py); a file stored before that
    # check, or one pypdf reads and the text or page renderers do not, still shows as failed, not as an error.
    monkeypatch.setattr(pdf_safety, "check_pdf", lambda file: None)
    document = make_document(content=samples.garbage_pdf(), name="broken.pdf", title="损坏的文件")
    version = DocumentVersion.objects.get(pk=document.current_version_id)
    assert version.extraction_status == ProcessingStatus.FAILED
    assert version.thumbnail_status == ProcessingStatus.FAILED

    client.force_login(sipo_official)
    page = client.get(document.get_absolute_url())
    assert page.status_code == 200
    assert "could not be extracted" in page.text
    assert "Processing" not in page.text
    assert client.get(url("preview", document, 1)).status_code == 404
    assert client.get(url("thumbnail", document, 1)).status_code == 404
    assert [d.pk for d in client.get(LIST, {"q": "损坏"}).context["page"].object_list] == [document.pk]


# Search


def found(client, query, **params) -> list[str]:
    response = client.get(LIST, {"q": query, **params})
    assert response.status_code == 200
    return [document.title for document in response.context["page"].object_list]


@pytest.fixture
def chinese_and_english(make_document):
    """Two documents whose bodies alone hold the words searched for."""
    chinese = make_document(title="年度报告", summary="", tags=[], patent_numbers=[], ipc_classes=[])
    english = make_document(
        title="Annual overview",
        summary="",
        tags=[],
        patent_numbers=[],
        ipc_classes=[],
        language="en",
        content=samples.english_pdf(),
        name="overview.pdf",
    )
    return chinese, english


def test_a_chinese_word_inside_a_sentence_of_the_body_is_found(client, sipo_official, chinese_and_english):
    client.force_login(sipo_official)
    response = client.get(LIST, {"q": "专利信息"})
    assert [d.title for d in response.context["page"].object_list] == ["年度报告"]
    assert "<mark>专利</mark>" in response.text or "<mark>专利信息</mark>" in response.text


def test_english_words_find_the_english_document_only(client, sipo_official, chinese_and_english):
    client.force_login(sipo_official)
    assert found(client, "patent information") == ["Annual overview"]


@pytest.mark.parametrize("query", ["CN 101234567 A", "cn101234567a", "CN101234567A", "CN101234567"])
def test_patent_numbers_are_found_however_they_are_written(client, sipo_official, make_document, query):
    text_document(make_document, title="有专利号", patent_numbers=["CN101234567A"])
    text_document(make_document, title="没有专利号", patent_numbers=["CN107654321B"])
    client.force_login(sipo_official)
    assert found(client, query) == ["有专利号"]


def test_search_never_finds_what_the_user_may_not_see(client, sipo_official, make_document):
    make_document(title="内部的专利信息", confidentiality=INTERNAL)
    client.force_login(sipo_official)
    assert found(client, "专利信息") == []


# Filters

THIS_YEAR = str(timezone.localdate().year)
# fmt: off
#  filter         matches A1 and A2    matches B only
FILTERS = [
    ("doc_type",    "patent",          "paper"),
    ("area",        "documents",       "research"),
    ("owner_party", "CAS",             "SIPO"),
    ("language",    "zh",              "en"),
    ("year",        THIS_YEAR,         "2021"),
    ("tag",         "专利导航",         "machine learning"),
    ("ipc",         "G06F",            "H04L"),
]
# fmt: on


@pytest.fixture
def filtered_library(make_document, sipo_docadmin):
    common = {"doc_type": "patent", "area": "documents", "language": "zh", "tags": ["专利导航"]}
    for title in ("A1", "A2"):
        text_document(make_document, title=title, ipc_classes=["G06F16/33"], **common)
    b = text_document(
        make_document,
        by=sipo_docadmin,
        title="B",
        doc_type="paper",
        area="research",
        language="en",
        tags=["machine learning"],
        ipc_classes=["H04L"],
    )
    Document.objects.filter(pk=b.pk).update(created_at=datetime(2021, 6, 1, tzinfo=UTC))


def filter_value(name, value):
    return str(Party.objects.get(code=value).pk) if name == "owner_party" else value


@pytest.mark.parametrize(("name", "a_value", "b_value"), FILTERS)
def test_each_filter_narrows_the_list_and_stays_in_the_page_links(
    client, settings, cas_official, filtered_library, name, a_value, b_value
):
    settings.PAGE_SIZE = 1
    client.force_login(cas_official)
    params = {name: filter_value(name, a_value)}

    first = client.get(LIST, params)
    assert first.context["page"].count == 2
    next_link = html.unescape(re.search(r'href="([^"]*)" rel="next"', first.text)[1])
    assert parse_qs(urlsplit(next_link).query).keys() == {name, "page"}
    assert parse_qs(urlsplit(next_link).query)[name] == [params[name]]
    second = client.get(LIST + next_link)
    titles = [d.title for page in (first, second) for d in page.context["page"].object_list]
    assert sorted(titles) == ["A1", "A2"]

    assert [d.title for d in client.get(LIST, {name: filter_value(name, b_value)}).context["page"].object_list] == ["B"]


def test_filters_apply_to_search_results_too(client, cas_official, filtered_library):
    client.force_login(cas_official)
    assert found(client, "一份说明", language="en") == ["B"]
    assert sorted(found(client, "一份说明", language="zh")) == ["A1", "A2"]


# What a page costs


def queries_for(client, path, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, params or {})
    assert response.status_code == 200
    return len(queries)


def page_costs(client, detail_path):
    return {
        "list": queries_for(client, LIST),
        "search": queries_for(client, LIST, {"q": "专利信息"}),
        "filtered search": queries_for(client, LIST, {"q": "专利信息", "tag": "专利导航", "language": "zh"}),
        "detail": queries_for(client, detail_path),
    }


def copies_of(document, count: int, *, owners: list, levels: list) -> None:
    """`count` rows like `document` (processed, indexed, tagged), owned and classified in turn by
    `owners` and `levels`: written directly, as making each through the service takes too long."""
    version = DocumentVersion.objects.get(pk=document.current_version_id)
    copies = Document.objects.bulk_create(
        Document(
            title=f"{document.title} {n}",
            summary=document.summary,
            doc_type=document.doc_type,
            area=document.area,
            language=document.language,
            owner_party_id=owners[n % len(owners)].party_id,
            created_by=owners[n % len(owners)],
            confidentiality=levels[n % len(levels)],
            search_text=Document.objects.get(pk=document.pk).search_text,
        )
        for n in range(count)
    )
    versions = DocumentVersion.objects.bulk_create(
        DocumentVersion(
            document=copy,
            number=1,
            file=version.file.name,
            original_name=version.original_name,
            kind=version.kind,
            content_type=version.content_type,
            size=version.size,
            sha256=version.sha256,
            uploaded_by=copy.created_by,
            extracted_text=version.extracted_text,
            extraction_status=ProcessingStatus.DONE,
            thumbnail_status=ProcessingStatus.NOT_APPLICABLE,
        )
        for copy in copies
    )
    for copy, copy_version in zip(copies, versions, strict=True):
        copy.current_version = copy_version
    Document.objects.bulk_update(copies, ["current_version"])
    tags = list(document.tags.all())
    Document.tags.through.objects.bulk_create(
        Document.tags.through(document_id=copy.pk, tag_id=tag.pk) for copy in copies for tag in tags
    )
    search.refresh_search_vector(Document.objects.filter(pk__in=[copy.pk for copy in copies]))


def test_the_list_and_search_pages_cost_the_same_for_1_and_50_documents(
    client, sipo_official, cas_docadmin, sipo_docadmin, make_document
):
    first = text_document(make_document, samples.CHINESE_BODY, confidentiality=SHARED, tags=["专利导航", "年度"])
    client.force_login(sipo_official)
    page_costs(client, first.get_absolute_url())  # warm the per-process caches (content types, jieba)
    with_one = page_costs(client, first.get_absolute_url())

    copies_of(first, 49, owners=[cas_docadmin, sipo_docadmin], levels=[SHARED, ON_REQUEST])
    assert client.get(LIST, {"q": "专利信息"}).context["page"].count == 50
    with_fifty = page_costs(client, first.get_absolute_url())

    assert with_fifty == with_one


@pytest.fixture
def busy_document(make_document, cas_docadmin, sipo, sipo_official):
    """An on-request document with one version, one request and one download; `grow` adds 49 of each."""
    document = make_document(confidentiality=ON_REQUEST)
    request = services.access_request_create(document=document, by=sipo_official, reason="1")
    services.access_request_decide(request=request, by=cas_docadmin, grant=True, comment="")
    DownloadEvent.objects.create(version=document.current_version, user=sipo_official, party=sipo)

    def grow():
        readers = User.objects.bulk_create(
            User(username=f"reader{n}", full_name=f"Reader {n}", party=sipo) for n in range(49)
        )
        uploaders = [
            UserFactory(username=f"uploader{n}", party=cas_docadmin.party, roles=[Role.DOCUMENT_ADMIN])
            for n in range(3)
        ]
        current = document.current_version
        versions = DocumentVersion.objects.bulk_create(
            DocumentVersion(
                document=document,
                number=number,
                file=current.file.name,
                original_name=f"v{number}.pdf",
                kind=current.kind,
                content_type=current.content_type,
                size=current.size,
                sha256=current.sha256,
                change_note=f"change {number}",
                uploaded_by=uploaders[number % 3],
                extraction_status=ProcessingStatus.DONE,
                thumbnail_status=ProcessingStatus.DONE,
            )
            for number in range(2, 51)
        )
        AccessRequest.objects.bulk_create(
            AccessRequest(
                document=document,
                requester=reader,
                reason=f"reason {n}",
                status=[AccessStatus.PENDING, AccessStatus.REFUSED][n % 2],
                decided_by=cas_docadmin if n % 2 else None,
                decided_at=timezone.now() if n % 2 else None,
                decision_comment="no" if n % 2 else "",
            )
            for n, reader in enumerate(readers)
        )
        DownloadEvent.objects.bulk_create(
            DownloadEvent(version=versions[n], user=reader, party=sipo) for n, reader in enumerate(readers)
        )

    document.grow = grow
    return document


@pytest.mark.parametrize("persona", ["cas_docadmin", "sipo_official"])
def test_the_detail_page_costs_the_same_for_1_and_50_versions_requests_and_downloads(
    client, personas, busy_document, persona
):
    client.force_login(personas[persona])
    path = busy_document.get_absolute_url()
    queries_for(client, path)  # warm the per-process caches
    with_one = queries_for(client, path)

    busy_document.grow()
    response = client.get(path)
    assert len(response.context["versions"]) == 50
    if persona == "cas_docadmin":
        assert len(response.context["requests"]) == 50
        assert len(response.context["downloads"]) == 10

    assert queries_for(client, path) == with_one


def test_the_download_log_costs_the_same_for_1_and_50_downloads(client, cas_docadmin, busy_document):
    client.force_login(cas_docadmin)
    path = url("download_log", busy_document)
    queries_for(client, path)
    with_one = queries_for(client, path)
    busy_document.grow()
    assert queries_for(client, path) == with_one


@pytest.mark.parametrize("reason", ["", "   "])
def test_an_access_request_needs_a_reason(client, sipo_official, cas_on_request, reason):
    client.force_login(sipo_official)
    response = client.post(url("request_access", cas_on_request), once({"reason": reason}))
    assert response.status_code == 200
    assert response.context["form"].errors["reason"] == [
        "Say why you need the document: the owning party's document admins decide on it."
    ]
    assert not AccessRequest.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_the_service_refuses_an_access_request_without_a_reason(sipo_official, cas_on_request):
    with pytest.raises(ValidationError) as error:
        services.access_request_create(document=cas_on_request, by=sipo_official, reason=" \n")
    assert "reason" in error.value.message_dict
    assert not AccessRequest.objects.exists()
