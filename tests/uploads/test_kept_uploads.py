"""A chosen file survives its form being shown again (the library's create and version forms): kept under
a token of the user's own, spent when the form goes through, swept when abandoned."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError
from django.urls import reverse

from cooperation.documents.forms import UploadForm
from cooperation.documents.models import Document
from protocol.uploads import selectors, services
from protocol.uploads.forms import KEPT_FIELD
from protocol.uploads.kept import keep_for_reshow, kept_spent
from protocol.uploads.models import StagedUpload
from tests.documents import samples
from tests.once import once

CREATE = reverse("documents:create")


def document_data(**overrides) -> dict:
    return (
        once(
            title="合作协议",
            summary="",
            doc_type="policy",
            area="documents",
            language="zh",
            confidentiality="shared",
            tags="",
            patent_numbers="",
            ipc_classes="",
        )
        | overrides
    )


def pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile("合作协议.pdf", samples.chinese_pdf())


def kept_token(response) -> str:
    match = re.search(rf'name="{KEPT_FIELD}" value="([^"]+)"', response.content.decode())
    assert match, "the re-shown form carries no kept upload"
    return match.group(1)


def staged_files(settings) -> list:
    folder = settings.MEDIA_ROOT / "staged"
    return list(folder.iterdir()) if folder.exists() else []


def test_a_file_chosen_on_a_form_with_an_error_is_kept_and_used_on_the_next_submit(
    client, cas_docadmin, settings, django_capture_on_commit_callbacks
):
    client.force_login(cas_docadmin)
    response = client.post(CREATE, document_data(doc_type="", file=pdf()))
    assert response.status_code == 200 and not Document.objects.exists()
    assert "Kept: 合作协议.pdf" in response.content.decode()
    token = kept_token(response)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(CREATE, document_data(**{KEPT_FIELD: token}))

    document = Document.objects.get()
    assert response.status_code == 302 and response["Location"] == document.get_absolute_url()
    version = document.current_version
    assert version.original_name == "合作协议.pdf"
    with version.file.open("rb") as handle:
        assert handle.read() == samples.chinese_pdf()
    # Spent: the kept copy is gone, row and file.
    assert not StagedUpload.objects.exists()
    assert staged_files(settings) == []


def test_another_users_kept_upload_does_not_work(client, cas_docadmin, sipo_docadmin):
    client.force_login(cas_docadmin)
    token = kept_token(client.post(CREATE, document_data(doc_type="", file=pdf())))

    client.force_login(sipo_docadmin)
    response = client.post(CREATE, document_data(**{KEPT_FIELD: token}))

    assert response.status_code == 200 and not Document.objects.exists()
    assert "Choose the file to upload." in response.content.decode()
    assert StagedUpload.objects.get().user == cas_docadmin


def test_a_missing_file_is_marked_like_any_other_field(client, cas_docadmin):
    client.force_login(cas_docadmin)
    response = client.post(CREATE, document_data())
    page = response.content.decode()
    assert response.status_code == 200 and not Document.objects.exists()
    file_input = re.search(r'<input[^>]*name="file"[^>]*>', page).group(0)
    assert "is-invalid" in file_input
    assert "Choose the file to upload." in page


def test_a_refused_file_is_not_kept(client, cas_docadmin, settings):
    client.force_login(cas_docadmin)
    response = client.post(CREATE, document_data(file=SimpleUploadedFile("run.exe", b"MZ...")))
    assert response.status_code == 200
    assert f'name="{KEPT_FIELD}" value=' not in response.content.decode()
    assert not StagedUpload.objects.exists() and staged_files(settings) == []


def test_a_new_version_keeps_its_file_across_an_error(client, cas_docadmin, cas_shared):
    client.force_login(cas_docadmin)
    url = reverse("documents:version_create", args=[cas_shared.pk])
    too_long = "x" * 501
    response = client.post(url, once(file=SimpleUploadedFile("v2.pdf", samples.chinese_pdf()), change_note=too_long))
    assert response.status_code == 200
    token = kept_token(response)

    response = client.post(url, once(change_note="Corrected", **{KEPT_FIELD: token}))

    assert response.status_code == 302
    cas_shared.refresh_from_db()
    assert (cas_shared.current_version.number, cas_shared.current_version.original_name) == (2, "v2.pdf")
    assert not StagedUpload.objects.exists()


def test_abandoned_kept_uploads_are_swept_when_another_is_kept(
    cas_docadmin, sipo_docadmin, settings, django_capture_on_commit_callbacks
):
    start = datetime(2026, 3, 1, 9, tzinfo=UTC)
    with time_machine.travel(start, tick=False):
        old = services.upload_stage(user=cas_docadmin, upload=pdf())
    with time_machine.travel(start + services.KEPT_FOR - timedelta(minutes=1), tick=False):
        younger = services.upload_stage(user=sipo_docadmin, upload=pdf())
    assert StagedUpload.objects.filter(pk=old.pk).exists()

    later = start + services.KEPT_FOR + timedelta(minutes=1)
    with time_machine.travel(later, tick=False), django_capture_on_commit_callbacks(execute=True):
        fresh = services.upload_stage(user=sipo_docadmin, upload=pdf())

    assert set(StagedUpload.objects.all()) == {younger, fresh}
    assert sorted(path.name for path in staged_files(settings)) == sorted(
        staged.file.name.rsplit("/", 1)[1] for staged in (younger, fresh)
    )


def test_a_new_version_of_another_type_is_asked_about_and_then_accepted_without_choosing_it_again(
    client, cas_docadmin, cas_shared
):
    client.force_login(cas_docadmin)
    url = reverse("documents:version_create", args=[cas_shared.pk])
    assert 'name="other_kind"' not in client.get(url).text

    response = client.post(url, once(file=SimpleUploadedFile("报告.docx", samples.chinese_docx()), change_note=""))
    assert response.status_code == 200
    assert response.context["upload_form"].errors["other_kind"] == [
        "This file is of another type (Word document) than the current version (PDF). If it really is the "
        "new version, tick the box and upload it again."
    ]
    assert 'name="other_kind"' in response.text
    cas_shared.refresh_from_db()
    assert cas_shared.current_version.number == 1

    response = client.post(url, once(change_note="", other_kind="on", **{KEPT_FIELD: kept_token(response)}))
    assert response.status_code == 302
    cas_shared.refresh_from_db()
    assert (cas_shared.current_version.number, cas_shared.current_version.kind) == (2, "docx")


def test_a_new_version_of_the_same_type_asks_nothing(client, cas_docadmin, cas_shared):
    client.force_login(cas_docadmin)
    url = reverse("documents:version_create", args=[cas_shared.pk])
    response = client.post(url, once(file=SimpleUploadedFile("v2.pdf", samples.english_pdf()), change_note=""))
    assert response.status_code == 302
    cas_shared.refresh_from_db()
    assert cas_shared.current_version.number == 2


def test_a_newly_chosen_file_replaces_the_kept_one(client, cas_docadmin, django_capture_on_commit_callbacks):
    client.force_login(cas_docadmin)
    first = kept_token(client.post(CREATE, document_data(doc_type="", file=pdf())))
    replacement = SimpleUploadedFile("新的.pdf", samples.english_pdf())

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(CREATE, document_data(**{KEPT_FIELD: first, "file": replacement}))

    assert response.status_code == 302
    assert Document.objects.get().current_version.original_name == "新的.pdf"
    assert not StagedUpload.objects.exists()


def test_each_token_names_its_own_kept_file_of_the_same_user(cas_docadmin):
    first = services.upload_stage(user=cas_docadmin, upload=pdf())
    second = services.upload_stage(user=cas_docadmin, upload=pdf())
    assert selectors.staged_for(cas_docadmin, first.token) == first
    assert selectors.staged_for(cas_docadmin, second.token) == second
    assert selectors.staged_for(cas_docadmin, None) is None
    # Signed out, a well-formed token of someone's kept file finds nothing either.
    assert selectors.staged_for(AnonymousUser(), first.token) is None


def test_a_form_shown_again_twice_keeps_its_one_file_under_one_token_and_says_which_and_how_large(
    client, cas_docadmin, settings
):
    from django.template.defaultfilters import filesizeformat

    client.force_login(cas_docadmin)
    first = client.post(CREATE, document_data(doc_type="", file=pdf()))
    token = kept_token(first)
    second = client.post(CREATE, document_data(doc_type="", **{KEPT_FIELD: token}))
    assert second.status_code == 200 and not Document.objects.exists()
    # The kept file is used again as it is, not kept a second time.
    assert kept_token(second) == token
    assert list(StagedUpload.objects.values_list("token", flat=True)) == [token]
    assert len(staged_files(settings)) == 1
    size = filesizeformat(len(samples.chinese_pdf()))
    for response in (first, second):
        # The help text alone, not within a longer one.
        page = response.content.decode()
        assert f">Kept: 合作协议.pdf, {size} — choose another file to replace it.<" in page


def test_the_kept_file_is_the_forms_upload_with_its_name_and_size(cas_docadmin):
    staged = services.upload_stage(user=cas_docadmin, upload=pdf())
    upload = selectors.as_upload(staged)
    assert (upload.name, upload.size) == ("合作协议.pdf", len(samples.chinese_pdf()))
    with upload:
        assert upload.read() == samples.chinese_pdf()


def test_a_kept_file_whose_row_cannot_be_saved_leaves_no_file_behind(cas_docadmin, settings, monkeypatch):
    def refuse(*args, **kwargs):
        raise DatabaseError("the database refused the row")

    monkeypatch.setattr(StagedUpload, "save", refuse)
    with pytest.raises(DatabaseError):
        services.upload_stage(user=cas_docadmin, upload=pdf())
    assert staged_files(settings) == []


def test_a_form_given_its_data_by_keyword_finds_its_kept_file(cas_docadmin):
    staged = services.upload_stage(user=cas_docadmin, upload=pdf())
    form = UploadForm(data={KEPT_FIELD: staged.token}, files={}, first=True, user=cas_docadmin)
    assert form.is_bound
    assert form.kept == staged
    assert form.files["file"].name == "合作协议.pdf"


def test_a_kept_file_refused_on_the_next_submit_is_released_and_the_form_keeps_nothing(cas_docadmin, settings):
    staged = services.upload_stage(user=cas_docadmin, upload=pdf())
    form = UploadForm(data={KEPT_FIELD: staged.token}, files={}, first=True, user=cas_docadmin)
    form.add_error("file", "Refused.")
    keep_for_reshow(form, user=cas_docadmin)
    assert form.kept is None
    assert not StagedUpload.objects.exists()
    # Nothing left to release: spending the form now releases nothing more.
    kept_spent(form)
    assert form.kept is None


def test_a_spent_form_releases_its_kept_and_replaced_files_once(cas_docadmin, django_capture_on_commit_callbacks):
    kept = services.upload_stage(user=cas_docadmin, upload=pdf())
    form = UploadForm(data={KEPT_FIELD: kept.token}, files={}, first=True, user=cas_docadmin)
    replaced = services.upload_stage(user=cas_docadmin, upload=pdf())
    form.replaced = replaced
    with django_capture_on_commit_callbacks(execute=True):
        kept_spent(form)
        kept_spent(form)
    assert (form.kept, form.replaced) == (None, None)
    assert not StagedUpload.objects.exists()
