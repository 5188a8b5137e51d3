"""Serving a version's file: who may have it, and the download itself (logged once, streamed). The library's
page and the REST API both serve files through here, so the access rule and the download log are one."""

from django.http import FileResponse, Http404

from protocol.visibility import visible_or_404

from . import permissions, selectors, services
from .models import Document, DocumentVersion


def downloadable_version_or_404(user, pk: int, number: int) -> DocumentVersion:
    """A version the user may download; anything else is indistinguishable from not existing."""
    return version_for_download_or_404(user, visible_or_404(selectors.document_detail, user, pk), number)


def version_for_download_or_404(user, document: Document, number: int) -> DocumentVersion:
    """Version `number` of a document the user sees (from the selectors: `granted` is read), if they may
    download it; 404 otherwise, as for a document they do not see."""
    if not permissions.can_download(user, document):
        raise Http404
    try:
        return selectors.version_of(document, number)
    except DocumentVersion.DoesNotExist:
        raise Http404 from None


def download(user, version: DocumentVersion) -> FileResponse:
    """The file as an attachment under its original name, streamed (never read into memory), once the download
    is logged (and audited, for a document not shared with both parties). `version` comes from one of the two
    above."""
    services.download_record(version=version, by=user)
    response = FileResponse(
        version.file.open("rb"), as_attachment=True, filename=version.original_name, content_type=version.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
