"""Exports of a list as CSV or XLSX: a list declares its columns once (`Export`), and `?export=csv|xlsx` on
the list's own page returns every row of its current filtered result, in the reader's language.

Both formats stream: CSV through a StreamingHttpResponse that reads the queryset in chunks, XLSX through
openpyxl's write-only mode into a temporary file served by FileResponse, so that a ten-year ledger exports in
the memory of one chunk. A chunk costs a fixed number of queries (the list's select_related / prefetch, and
the export's `prepare` hook), whatever the number of rows.

Values: dates in the reader's format (2026年12月1日 / 1 Dec 2026) in CSV and as dates in XLSX, moments in
Beijing time, True / False as Yes / No, lazy labels in the reader's language. Text beginning like a formula
is kept as text (no cell of an export is ever evaluated)."""

from __future__ import annotations

import csv
import dataclasses
import itertools
import re
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse, StreamingHttpResponse
from django.utils import formats, timezone, translation
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from protocol.audit import services as audit
from protocol.downloads import attachment_disposition
from protocol.language import time_zone_name

CSV = "csv"
XLSX = "xlsx"
FORMATS = (CSV, XLSX)
CONTENT_TYPES = {
    CSV: "text/csv; charset=utf-8",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# Rows read per query: large enough that the round trips do not dominate, small enough that a chunk's model
# instances (and their prefetched relations) stay a few megabytes.
CHUNK_SIZE = 2000
# Excel's widest column is 255 characters; past this width a column only pushes the next off the screen.
MAX_COLUMN_WIDTH = 60
DATE_WIDTH = 16
# What a spreadsheet would read as a formula (OWASP's list): such text gets a leading apostrophe in CSV.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    """One column: its header (a lazy translation) and the value of a row in it."""

    header: Any
    value: Callable[[Any], Any]
    width: int | None = None  # XLSX width in characters; the header's by default, dates DATE_WIDTH


@dataclass(frozen=True)
class Export:
    """How a list is exported: its columns, its name in the file name (a lazy translation, and the ASCII
    word for browsers that do not read filename*), and `prepare(rows, reader)`, run on each chunk of rows
    before they are written (what the page adds to its rows in a fixed number of queries, e.g. seats left).
    `related` and `prefetch` are what the columns read beyond what the list's selector already joins."""

    name: Any
    ascii_name: str
    columns: Sequence[Column]
    prepare: Callable[[list, Any], None] | None = None
    related: Sequence[str] = ()
    prefetch: Sequence[Any] = ()
    sheet: Any = None  # the workbook's sheet, `name` unless the file is named otherwise

    def named(self, name: str, *, ascii_name: str) -> Export:
        """This export, its file named otherwise (e.g. after the record the list belongs to)."""
        return dataclasses.replace(self, name=name, ascii_name=ascii_name, sheet=self.sheet or self.name)

    def response(self, request, rows: Iterable, *, fmt: str):
        if isinstance(rows, QuerySet) and self.related:
            rows = rows.select_related(*self.related)
        if isinstance(rows, QuerySet) and self.prefetch:
            rows = rows.prefetch_related(*self.prefetch)
        return export_response(
            request,
            rows=rows,
            columns=self.columns,
            name=str(self.name),
            ascii_name=self.ascii_name,
            fmt=fmt,
            sheet=str(self.sheet or self.name),
            prepare=(lambda chunk: self.prepare(chunk, request.user)) if self.prepare else None,
        )


@dataclass(frozen=True)
class ExportLink:
    label: str
    fmt: str


def requested_format(request) -> str | None:
    """`csv` or `xlsx` when the request asks for an export of its list, None otherwise."""
    fmt = request.GET.get("export")
    return fmt if fmt in FORMATS else None


def links() -> list[ExportLink]:
    """The export links a list template renders (with the page's own query string)."""
    return [ExportLink(label="CSV", fmt=CSV), ExportLink(label="Excel", fmt=XLSX)]


def export_response(
    request,
    *,
    rows: Iterable,
    columns: Sequence[Column],
    name: str,
    ascii_name: str,
    fmt: str,
    prepare: Callable[[list], None] | None = None,
    sheet: str | None = None,
    title: str | None = None,
):
    """Every row of `rows` as a CSV or XLSX download named "<name> <today>.<fmt>", streamed."""
    today = timezone.localdate().isoformat()
    disposition = attachment_disposition(f"{name} {today}.{fmt}", ascii_filename=f"{ascii_name}-{today}.{fmt}")
    chunks = _chunks(rows, prepare)
    if fmt == CSV:
        response = StreamingHttpResponse(_in_context(csv_lines(columns, chunks)), content_type=CONTENT_TYPES[CSV])
    else:
        file = xlsx_file(columns, chunks, sheet=sheet or name, title=title or name)
        response = FileResponse(file, content_type=CONTENT_TYPES[XLSX])
    response["Content-Disposition"] = disposition
    response["Cache-Control"] = "private, no-store"
    # Every list's export passes here: the audit trail records who took which rows, filtered how.
    audit.export_record(request=request, model=getattr(rows, "model", None), name=name, fmt=fmt)
    return response


def _chunks(rows: Iterable, prepare: Callable[[list], None] | None) -> Iterator[list]:
    """Lists of at most CHUNK_SIZE rows; a queryset is read through a server-side cursor, its prefetches and
    `prepare` run once per chunk."""
    iterator = rows.iterator(chunk_size=CHUNK_SIZE) if isinstance(rows, QuerySet) else iter(rows)
    while chunk := list(itertools.islice(iterator, CHUNK_SIZE)):
        if prepare is not None:
            prepare(chunk)
        yield chunk


def _in_context(lines: Iterator):
    """The CSV is written while the server sends it, after the view has returned: in the request's language
    and time zone, whatever the thread does meanwhile."""
    language, zone = translation.get_language(), timezone.get_current_timezone()

    def generate():
        with translation.override(language), timezone.override(zone):
            yield from lines

    return generate()


# CSV: UTF-8 with a byte-order mark, without which Excel reads the Chinese as another code page.


class _Line:
    """What csv.writer writes to: hands back each line instead of keeping it."""

    def write(self, text: str) -> str:
        return text


def csv_lines(columns: Sequence[Column], chunks: Iterable[list]) -> Iterator[bytes]:
    writer = csv.writer(_Line())
    yield ("\ufeff" + writer.writerow([str(column.header) for column in columns])).encode("utf-8")
    for chunk in chunks:
        yield "".join(writer.writerow([csv_text(column.value(row)) for column in columns]) for row in chunk).encode(
            "utf-8"
        )


def csv_bytes(columns: Sequence[Column], rows: Iterable) -> bytes:
    """The whole CSV at once, for an export small by nature (one record's lines)."""
    return b"".join(csv_lines(columns, _chunks(rows, None)))


def csv_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, datetime):
        return moment_text(value)
    if isinstance(value, date):
        return formats.date_format(value, "DATE_FORMAT")
    text = str(value)
    return "'" + text if isinstance(value, str | Promise) and text.startswith(FORMULA_START) else text


def moment_text(value: datetime) -> str:
    """A moment in the portal's zone, in the reader's format, the zone named ("… Beijing time")."""
    return pgettext("a date and time, then the zone", "%(moment)s %(zone)s") % {
        "moment": formats.date_format(
            timezone.localtime(value) if timezone.is_aware(value) else value, "DATETIME_FORMAT"
        ),
        "zone": time_zone_name(),
    }


def yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


# XLSX: one sheet, a bold frozen header row with a filter, dates as dates in the reader's format.


def xlsx_file(columns: Sequence[Column], chunks: Iterable[list], *, sheet: str, title: str):
    """A temporary file (deleted when closed) holding the workbook, at its start. openpyxl's write-only mode
    keeps no row in memory: each goes to the sheet's own temporary file as it is appended."""
    workbook = Workbook(write_only=True)
    workbook.properties.title = title
    worksheet = workbook.create_sheet(sheet_title(sheet))
    headers = [str(column.header) for column in columns]
    for index, (column, header) in enumerate(zip(columns, headers, strict=True), start=1):
        width = column.width or display_width(header)
        worksheet.column_dimensions[get_column_letter(index)].width = min(width + 2, MAX_COLUMN_WIDTH)
    worksheet.freeze_panes = "A2"
    bold = Font(bold=True)
    worksheet.append([_cell(worksheet, header, font=bold) for header in headers])
    formats_ = XlsxFormats()
    count = 0
    for chunk in chunks:
        for row in chunk:
            worksheet.append([xlsx_cell(worksheet, column.value(row), formats_) for column in columns])
        count += len(chunk)
    worksheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{count + 1}"
    file = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it, and the file goes)
    workbook.save(file)
    file.seek(0)
    return file


def xlsx_bytes(columns: Sequence[Column], rows: Iterable, *, sheet: str, title: str) -> bytes:
    with xlsx_file(columns, _chunks(rows, None), sheet=sheet, title=title) as file:
        return file.read()


@dataclass
class XlsxFormats:
    date: str = ""
    moment: str = ""

    def __post_init__(self):
        self.date = pgettext("Excel number format of a date", "d mmm yyyy")
        self.moment = pgettext("Excel number format of a date and time", "d mmm yyyy hh:mm")


def xlsx_cell(worksheet, value, formats_: XlsxFormats):
    """A plain value where openpyxl writes it as it is (most cells: a cell object each costs a third of the
    time), a cell object for dates (their format) and for text openpyxl would take for a formula."""
    if isinstance(value, bool):
        return yes_no(value)
    if value is None or isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, datetime):  # Excel has no zones: the Beijing wall clock
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        cell = WriteOnlyCell(worksheet, value=local.replace(tzinfo=None))
        cell.number_format = formats_.moment
        return cell
    if isinstance(value, date):
        cell = WriteOnlyCell(worksheet, value=value)
        cell.number_format = formats_.date
        return cell
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    return _cell(worksheet, text) if text.startswith("=") else text


def _cell(worksheet, text: str, *, font: Font | None = None) -> WriteOnlyCell:
    """Text as text: openpyxl would take "=…" for a formula, and refuses control characters."""
    cell = WriteOnlyCell(worksheet, value=ILLEGAL_CHARACTERS_RE.sub("", text))
    cell.data_type = "s"
    if font is not None:
        cell.font = font
    return cell


def sheet_title(name: str) -> str:
    """Excel's limits on a sheet's name: 31 characters, none of []:*?/\\."""
    return re.sub(r"[\[\]:*?/\\]", " ", name)[:31] or "Sheet"


def display_width(text: str) -> int:
    """Excel's column width counts characters of its default font: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def date_column(header, value: Callable[[Any], Any]) -> Column:
    return Column(header, value, width=DATE_WIDTH)


def moment_column(header, value: Callable[[Any], Any]) -> Column:
    """A moment: Beijing time, named in each CSV cell; the wall clock in an XLSX date cell."""
    return Column(header, value, width=DATE_WIDTH + 2)


def party_name(party) -> str:
    """A party's short name in the reader's language (中科院 / CAS), "" for none."""
    return party.short_name if party is not None else ""


def person_name(person) -> str:
    return person.full_name if person is not None else ""


def field_header(model, name: str):
    """A column named as its model field is (its verbose name, capitalised), in the reader's language."""
    return capfirst(model._meta.get_field(name).verbose_name)


_LABELS: dict = {}


def choice(name: str) -> Callable[[Any], Any]:
    """The value of a row's choice field `name` as its label in the reader's language. get_FOO_display()
    hashes every choice on every call (most of an export's time); the labels are made once per language."""

    def value(row):
        key = (type(row), name, translation.get_language())
        labels = _LABELS.get(key)
        if labels is None:
            labels = _LABELS[key] = {raw: str(label) for raw, label in row._meta.get_field(name).flatchoices}
        raw = getattr(row, name)
        return labels.get(raw, raw)

    return value
