import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from protocol import outages, search
from protocol.audit import services as audit_services
from protocol.audit.models import Action as AuditAction
from protocol.counts import counts_changed
from protocol.errors import RecordMovedOn
from protocol.locking import locked
from protocol.notifications import outbox
from protocol.notifications.services import notifications_resolve, notifications_withdraw_unseen
from protocol.parties.models import User

from . import files, permissions, selectors
from .models import (
    VISIBLE_TO_OTHER_PARTY,
    AccessRequest,
    AccessStatus,
    Confidentiality,
    Document,
    DocumentVersion,
    DownloadEvent,
    ProcessingStatus,
    Tag,
)
from .notifications import ACCESS_GRANTED, ACCESS_REFUSED, ACCESS_REQUESTED, DOCUMENT_SHARED

logger = logging.getLogger(__name__)

INDEXED_TEXT_LIMIT = 200_000
REASON_REQUIRED = gettext_lazy("Say why you need the document: the owning party's document admins decide on it.")
# The version form's box for "yes, the new version is of another kind".
OTHER_KIND = "other_kind"


class DocumentError(RecordMovedOn):
    """The document or request moved on since the page was loaded."""


@dataclass(frozen=True)
class DocumentFields:
    title: str
    doc_type: str
    area: str
    language: str
    confidentiality: str
    title_other: str = ""
    summary: str = ""
    tags: list[str] = field(default_factory=list)
    patent_numbers: list[str] = field(default_factory=list)
    ipc_classes: list[str] = field(default_factory=list)


def max_upload_bytes() -> int:
    return settings.DOCUMENT_MAX_UPLOAD_MB * 1024 * 1024


def document_create(*, by: User, fields: DocumentFields, upload: UploadedFile) -> Document:
    """Add a document owned by the uploader's party, with its first version."""
    if not permissions.can_upload(by):
        raise PermissionDenied
    inspected = files.inspect_upload(upload, max_bytes=max_upload_bytes())
    with _atomic_removing_files_on_failure() as stored:
        document = Document(owner_party_id=by.party_id, created_by=by)
        _apply(document, fields)
        _add_version(document=document, by=by, upload=upload, inspected=inspected, change_note="", stored=stored)
        if document.confidentiality in VISIBLE_TO_OTHER_PARTY:
            _announce(document)
    return document


def document_update(*, document: Document, by: User, fields: DocumentFields) -> Document:
    with transaction.atomic():
        document = _lock(document)
        if not permissions.can_manage(by, document):
            raise PermissionDenied
        was_visible = document.confidentiality in VISIBLE_TO_OTHER_PARTY
        _apply(document, fields)
        if not was_visible and document.confidentiality in VISIBLE_TO_OTHER_PARTY:
            _announce(document)
        if was_visible and document.confidentiality not in VISIBLE_TO_OTHER_PARTY:
            notifications_withdraw_unseen(target=document)
    return document


def document_add_version(
    *, document: Document, by: User, upload: UploadedFile, change_note: str, other_kind: bool = False
) -> DocumentVersion:
    """A new current version; every earlier one stays downloadable. A file of another kind than the current
    version (a DOCX for a PDF report) is more often the wrong file than a new form: it needs `other_kind`."""
    if not permissions.can_manage(by, document):
        raise PermissionDenied
    inspected = files.inspect_upload(upload, max_bytes=max_upload_bytes())
    with _atomic_removing_files_on_failure() as stored:
        document = _lock(document)
        current = document.current_version
        if current is not None and current.kind != inspected.kind and not other_kind:
            raise ValidationError(
                {
                    OTHER_KIND: _(
                        "This file is of another type (%(new)s) than the current version (%(current)s). If it "
                        "really is the new version, tick the box and upload it again."
                    )
                    % {"current": files.FileKind(current.kind).label, "new": files.FileKind(inspected.kind).label}
                }
            )
        return _add_version(
            document=document, by=by, upload=upload, inspected=inspected, change_note=change_note, stored=stored
        )


def document_archive(*, document: Document, by: User, archived: bool) -> Document:
    with transaction.atomic():
        document = _lock(document)
        if not permissions.can_manage(by, document):
            raise PermissionDenied
        document.archived_at = timezone.now() if archived else None
        document.save(update_fields=["archived_at", "updated_at"])
        counts_changed(selectors.COUNTS)
    return document


def access_request_create(*, document: Document, by: User, reason: str) -> AccessRequest:
    # The owning party's admins decide on the reason; a request without one cannot be judged.
    if not reason.strip():
        raise ValidationError({"reason": REASON_REQUIRED})
    with transaction.atomic():
        document = _lock(document)
        document.asked = AccessRequest.objects.filter(
            document=document, requester=by, status__in=[AccessStatus.PENDING, AccessStatus.GRANTED]
        ).exists()
        if not permissions.can_request_access(by, document):
            raise DocumentError(_("You cannot request access to this document (or you already have)."), record=document)
        request = AccessRequest.objects.create(document=document, requester=by, reason=reason)
        outbox.enqueue(
            kind=ACCESS_REQUESTED,
            recipients=selectors.document_admins_of(document.owner_party_id),
            target=document,
            # "request" tells this request's notifications from another's about the same document.
            params={"title": document.title, "actor": by.full_name, "reason": reason, "request": request.pk},
        )
    return request


def access_request_decide(*, request: AccessRequest, by: User, grant: bool, comment: str) -> AccessRequest:
    with transaction.atomic():
        request = _lock_request(request)
        if not permissions.can_manage(by, request.document):
            raise PermissionDenied
        if request.status != AccessStatus.PENDING:
            raise DocumentError(_("This request has already been decided."), record=request.document)
        if not grant and not comment.strip():
            raise ValidationError({"comment": _("Say why the request is refused.")})
        _decide(request, by=by, status=AccessStatus.GRANTED if grant else AccessStatus.REFUSED, comment=comment)
        notifications_resolve(target=request.document, kinds=[ACCESS_REQUESTED], params={"request": request.pk})
        outbox.enqueue(
            kind=ACCESS_GRANTED if grant else ACCESS_REFUSED,
            recipients=[request.requester],
            target=request.document,
            params={"title": request.document.title, "actor": by.full_name, "comment": comment},
        )
    return request


def access_request_revoke(*, request: AccessRequest, by: User, comment: str = "") -> AccessRequest:
    with transaction.atomic():
        request = _lock_request(request)
        if not permissions.can_manage(by, request.document):
            raise PermissionDenied
        if request.status != AccessStatus.GRANTED:
            raise DocumentError(_("Only granted access can be revoked."), record=request.document)
        _decide(request, by=by, status=AccessStatus.REVOKED, comment=comment)
    return request


def download_record(*, version: DocumentVersion, by: User) -> DownloadEvent:
    """The library's download log; a document not shared with both parties also enters the audit trail."""
    with transaction.atomic():
        event = DownloadEvent.objects.create(version=version, user=by, party_id=by.party_id)
        _audit_file_access(version, by=by, action=AuditAction.DOWNLOAD)
    return event


def preview_record(*, version: DocumentVersion, page: int | None, by: User) -> None:
    """A preview shows the content as a download does: audited on the same terms (a shared one is not)."""
    _audit_file_access(version, by=by, action=AuditAction.PREVIEW, page=page)


def _audit_file_access(version: DocumentVersion, *, by: User, action, page: int | None = None) -> None:
    document = version.document
    if document.confidentiality == Confidentiality.SHARED:
        return
    detail = {"version": version.number, "confidentiality": document.confidentiality, "file": version.original_name}
    if page is not None:
        detail["page"] = page
    audit_services.file_access_record(action=action, target=document, by=by, detail=detail)


def version_process(*, version_id: int) -> None:
    """Extract the text for search and draw the thumbnail; idempotent, safe to run twice."""
    version = DocumentVersion.objects.select_related("document").filter(pk=version_id).first()
    if version is None:
        return
    if version.extraction_status == ProcessingStatus.PENDING:
        try:
            with version.file.open("rb") as handle:
                text = files.extract_text(handle, version.kind)
            status = ProcessingStatus.DONE
        except files.ExtractionFailed as exc:
            logger.info("Text extraction failed for version %s: %s", version.pk, exc)
            text, status = "", ProcessingStatus.FAILED
        DocumentVersion.objects.filter(pk=version.pk, extraction_status=ProcessingStatus.PENDING).update(
            extracted_text=text, extraction_status=status
        )
        if version.document.current_version_id == version.pk:
            _reindex(version.document_id)
    if version.thumbnail_status == ProcessingStatus.PENDING:
        _make_thumbnail(version)


def versions_process_pending(*, older_than_seconds: int = 120, limit: int = 100) -> int:
    """The sweep for versions whose processing was never published (broker down) or died."""
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    pending = DocumentVersion.objects.filter(
        Q(extraction_status=ProcessingStatus.PENDING) | Q(thumbnail_status=ProcessingStatus.PENDING),
        uploaded_at__lt=cutoff,
    )
    ids = list(pending.order_by("pk").values_list("pk", flat=True)[:limit])
    for version_id in ids:
        version_process(version_id=version_id)
    return len(ids)


def _make_thumbnail(version: DocumentVersion) -> None:
    page_count = None
    try:
        with version.file.open("rb") as handle:
            png = files.render_thumbnail(handle, version.kind)
        if version.kind == "pdf":
            with version.file.open("rb") as handle:
                page_count = files.pdf_page_count(handle)
    except files.ThumbnailFailed as exc:
        logger.info("Thumbnail failed for version %s: %s", version.pk, exc)
        png, status = None, ProcessingStatus.FAILED
    else:
        status = ProcessingStatus.DONE if png else ProcessingStatus.NOT_APPLICABLE
    with transaction.atomic():
        locked_version = locked(version)
        if locked_version.thumbnail_status != ProcessingStatus.PENDING:
            return
        if png:
            locked_version.thumbnail.save(f"{version.document_id}-{version.number}.png", ContentFile(png), save=False)
        locked_version.thumbnail_status = status
        locked_version.page_count = page_count
        locked_version.save(update_fields=["thumbnail", "thumbnail_status", "page_count"])


def _apply(document: Document, fields: DocumentFields) -> None:
    for name in ("title", "title_other", "summary", "doc_type", "area", "language", "confidentiality"):
        setattr(document, name, getattr(fields, name))
    if document.confidentiality not in Confidentiality.values:
        raise ValidationError({"confidentiality": _("Choose a confidentiality level.")})
    document.patent_numbers = spaced_codes(fields.patent_numbers)
    document.ipc_classes = spaced_codes(fields.ipc_classes)
    document.save()
    counts_changed(selectors.COUNTS)
    tags = [Tag.objects.get_or_create(name=name)[0] for name in dict.fromkeys(fields.tags)]
    document.tags.set(tags)
    _reindex(document.pk)


@contextmanager
def _atomic_removing_files_on_failure() -> Iterator[list]:
    """A transaction that also deletes the files saved inside it if it does not commit."""
    stored: list = []
    try:
        with transaction.atomic():
            yield stored
    except BaseException:
        for storage, name in stored:
            storage.delete(name)
        raise


def _add_version(
    *,
    document: Document,
    by: User,
    upload: UploadedFile,
    inspected: "files.InspectedUpload",
    change_note: str,
    stored: list,
) -> DocumentVersion:
    number = (document.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    version = DocumentVersion(
        document=document,
        number=number,
        original_name=inspected.original_name,
        kind=inspected.kind,
        content_type=inspected.content_type,
        size=inspected.size,
        sha256=inspected.sha256,
        change_note=change_note,
        uploaded_by=by,
    )
    upload.seek(0)
    version.file.save("upload", upload, save=False)
    stored.append((version.file.storage, version.file.name))
    version.save()
    document.current_version = version
    document.save(update_fields=["current_version", "updated_at"])
    transaction.on_commit(lambda: _publish_processing(version.pk))
    return version


def _publish_processing(version_id: int) -> None:
    from .tasks import process_version_task

    try:
        process_version_task.delay(version_id)
    except Exception as exc:
        # Broker unreachable: the beat sweep processes the version later; the upload itself succeeded.
        outages.broker.failed(exc, "processing of version %s not published; the sweep will do it", version_id)
        return
    outages.broker.succeeded()


def _announce(document: Document) -> None:
    outbox.enqueue(
        kind=DOCUMENT_SHARED,
        recipients=selectors.staff_to_tell_about_new_document(document),
        target=document,
        params={"title": document.title, "party": document.owner_party.code, "level": document.confidentiality},
    )


def _decide(request: AccessRequest, *, by: User, status: str, comment: str) -> None:
    request.status = status
    request.decided_by = by
    request.decided_at = timezone.now()
    request.decision_comment = comment
    request.save(update_fields=["status", "decided_by", "decided_at", "decision_comment"])


def _reindex(document_id: int) -> None:
    document = Document.objects.select_related("current_version").prefetch_related("tags").get(pk=document_id)
    source = search_source(
        title=document.title,
        title_other=document.title_other,
        summary=document.summary,
        tags=[tag.name for tag in document.tags.all()],
        patent_numbers=document.patent_numbers,
        ipc_classes=document.ipc_classes,
        text=document.current_version.extracted_text if document.current_version else "",
    )
    queryset = Document.objects.filter(pk=document_id)
    queryset.update(search_text=search.segment(source))
    search.refresh_search_vector(queryset)


def search_source(
    *, title: str, title_other: str, summary: str, tags: list[str], patent_numbers: str, ipc_classes: str, text: str
) -> str:
    """What a document's index is made from (before segmentation); the benchmark seeds with it too."""
    # PostgreSQL refuses a tsvector over 1 MB; the opening of a long text is what search needs most.
    parts = [title, title_other, summary, " ".join(tags), patent_numbers, ipc_classes, text[:INDEXED_TEXT_LIMIT]]
    return "\n".join(parts)


def spaced_codes(values: list[str]) -> str:
    """Codes (patent numbers, IPC classes) as stored: space-separated with a space at each end, so a
    filter on " CODE" matches whole codes."""
    unique = list(dict.fromkeys(value for value in values if value))
    return f" {' '.join(unique)} " if unique else ""


def _lock(document: Document) -> Document:
    return locked(document, related=("owner_party",))


def _lock_request(request: AccessRequest) -> AccessRequest:
    return locked(request, related=("document", "document__owner_party", "requester"))
