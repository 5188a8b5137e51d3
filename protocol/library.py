"""Library links: how any record, the ledger's or an area's, links documents of the shared library.

The documents area provides the face and registers it when it loads; `protocol/` names no area, so the
ledger asks `face()` and simply offers no library documents when no library is installed.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from django import forms
from django.db.models import Model, QuerySet


@dataclass(frozen=True)
class FileRef:
    """One version of a document's file, as a record pins it (a research deliverable submitted for acceptance)."""

    document_id: int
    number: int
    sha256: str
    download_url: str


class LibraryFace(Protocol):
    # The htmx search a form includes below its documents field, with `picker_field` set to the field's name.
    picker_template: str

    def field(self, **kwargs) -> forms.Field:
        """The form field for linked documents (checkboxes of the ticked ones); `prepare` it per user."""

    def prepare(self, form: forms.BaseForm, name: str, *, user) -> None:
        """Offer in `form[name]` only what the user may see, and show what is ticked."""

    def visible_to(self, user) -> QuerySet:
        """The documents the user may know exist: what a prefetch of a record's links filters by."""

    def links_kept(self, *, current: Iterable[Model], chosen: Iterable[Model], by) -> list[Model]:
        """What to link after `by` edits a record's links: their choice plus the links they cannot see."""

    def links_set(self, *, record: Model, documents: Iterable[Model], by=None) -> None:
        """Link exactly these documents to `record` (kept as `links_kept` says when `by` is given)."""

    def linked(self, record: Model) -> QuerySet:
        """Every document linked to `record`, whoever reads: for copying links to another record."""

    def linked_visible_to(self, user, record: Model) -> list[Model]:
        """The documents linked to `record` that the user may see, in one query."""

    def current_file(self, document: Model) -> FileRef | None:
        """The document's current version, or None before its first file."""

    def file_of(self, document_id: int, number: int, sha256: str) -> FileRef:
        """A pinned version of a document's file, with where to download it."""

    def file_readable_by(self, user, document: Model) -> bool:
        """Whether the user may open the document's file (not only know it exists): shared, their party's,
        or granted on request."""


_face: LibraryFace | None = None


def register(library: LibraryFace) -> None:
    global _face
    _face = library


def face() -> LibraryFace | None:
    return _face
