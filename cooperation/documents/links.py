"""The library's public face for linking documents from any record (protocol.library.LibraryFace).

Records of other apps (the ledger) link through LibraryLink rows; an area with its own many-to-many field
(a meeting's materials) still keeps its links through `links_kept`. One rule for both: an editor replaces
the links they can see and keeps those they cannot (a document its party has since made internal).
"""

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet
from django.urls import reverse

from protocol.library import FileRef

from .forms import LinkedDocumentsField
from .models import Document, LibraryLink
from .permissions import can_download
from .selectors import documents_visible_to


class Library:
    picker_template = "documents/_picker.html"

    def field(self, **kwargs) -> LinkedDocumentsField:
        return LinkedDocumentsField(queryset=Document.objects.none(), **kwargs)

    def prepare(self, form, name: str, *, user) -> None:
        form.fields[name].queryset = documents_visible_to(user)
        form.fields[name].offer_ticked(form, name)

    def visible_to(self, user) -> QuerySet[Document]:
        return documents_visible_to(user)

    def links_kept(self, *, current: Iterable[Document], chosen: Iterable[Document], by) -> list[Document]:
        current = list(current)
        visible = set(documents_visible_to(by).filter(pk__in=[d.pk for d in current]).values_list("pk", flat=True))
        chosen = list(chosen)
        chosen_pks = {document.pk for document in chosen}
        hidden = [document for document in current if document.pk not in visible and document.pk not in chosen_pks]
        return [*chosen, *hidden]

    def links_set(self, *, record: Model, documents: Iterable[Document], by=None) -> None:
        documents = list(documents)
        if by is not None:
            documents = self.links_kept(current=self.linked(record), chosen=documents, by=by)
        links = LibraryLink.objects.filter(**_of(record))
        links.exclude(document__in=[d.pk for d in documents]).delete()
        present = set(links.values_list("document_id", flat=True))
        LibraryLink.objects.bulk_create(
            LibraryLink(document_id=d.pk, **_of(record)) for d in documents if d.pk not in present
        )

    def linked(self, record: Model) -> QuerySet[Document]:
        return Document.objects.filter(links__record_type=_of(record)["record_type"], links__record_id=record.pk)

    def linked_visible_to(self, user, record: Model) -> list[Document]:
        of = _of(record)
        return list(
            documents_visible_to(user)
            .filter(links__record_type=of["record_type"], links__record_id=record.pk)
            .order_by("links__created_at", "links__pk")
        )

    def current_file(self, document: Document) -> FileRef | None:
        version = document.current_version
        if version is None:
            return None
        return self.file_of(document.pk, version.number, version.sha256)

    def file_of(self, document_id: int, number: int, sha256: str) -> FileRef:
        url = reverse("documents:download", args=[document_id, number])
        return FileRef(document_id=document_id, number=number, sha256=sha256, download_url=url)

    def file_readable_by(self, user, document: Document) -> bool:
        readable = documents_visible_to(user).filter(pk=document.pk).first()
        return readable is not None and can_download(user, readable)


def _of(record: Model) -> dict:
    return {"record_type": ContentType.objects.get_for_model(record), "record_id": record.pk}


library = Library()
