"""The library's list as exported (`?export=csv|xlsx` on the documents list): every document the reader may
know exists that the filters (or the search) leave, in the reader's language. Only what the list itself shows
of a document: no file, no text of one."""

from django.utils.translation import gettext_lazy as _

from protocol.exports import Column, Export, choice, field_header, moment_column, party_name, person_name
from protocol.language import list_separator

from .models import Document


def _header(name: str):
    return field_header(Document, name)


DOCUMENTS = Export(
    name=_("Document library"),
    ascii_name="documents",
    related=("created_by",),
    columns=[
        Column(_("Title"), lambda d: d.titles.first),
        Column(_header("title_other"), lambda d: d.titles.second),
        Column(_header("doc_type"), choice("doc_type")),
        Column(_("Area"), choice("area")),
        Column(_header("language"), choice("language")),
        Column(_header("owner_party"), lambda d: party_name(d.owner_party)),
        Column(_header("confidentiality"), choice("confidentiality")),
        Column(_header("tags"), lambda d: list_separator().join(tag.name for tag in d.tags.all())),
        Column(_header("patent_numbers"), lambda d: d.patent_numbers),
        Column(_header("ipc_classes"), lambda d: d.ipc_classes),
        Column(_header("summary"), lambda d: d.summary, width=40),
        Column(_header("created_by"), lambda d: person_name(d.created_by)),
        moment_column(_header("created_at"), lambda d: d.created_at),
        moment_column(_header("archived_at"), lambda d: d.archived_at),
    ],
)
