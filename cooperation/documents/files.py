"""What the library does with the bytes of a file: inspect an upload, extract its text, draw its thumbnail.

Pure file-level functions, no database. Every upload is hostile until inspected: its name, its size and its
content are judged here, and nothing about it is taken from the client (not even the content type). What any
upload is checked for beyond its type lives in protocol.uploads: a PDF's structure and active content
(pdf_safety) and, when CLAMD_URL is set, the virus scan (scan).
"""

import codecs
import hashlib
import io
import os
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO

import docx
import pypdfium2 as pdfium
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db.models import TextChoices
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, ImageOps
from pypdf import PdfReader

from protocol.uploads import pdf_safety, scan


class FileKind(TextChoices):
    PDF = "pdf", gettext_lazy("PDF")
    DOCX = "docx", gettext_lazy("Word document")
    XLSX = "xlsx", gettext_lazy("Excel workbook")
    PPTX = "pptx", gettext_lazy("PowerPoint presentation")
    TEXT = "text", gettext_lazy("Plain text")
    IMAGE = "image", gettext_lazy("Image")


# Judged on the last extension only. Nothing a browser would run (HTML, SVG, JS) and no archives.
ALLOWED_EXTENSIONS: dict[str, str] = {
    ".pdf": FileKind.PDF,
    ".docx": FileKind.DOCX,
    ".xlsx": FileKind.XLSX,
    ".pptx": FileKind.PPTX,
    ".txt": FileKind.TEXT,
    ".csv": FileKind.TEXT,
    ".md": FileKind.TEXT,
    ".png": FileKind.IMAGE,
    ".jpg": FileKind.IMAGE,
    ".jpeg": FileKind.IMAGE,
}

_CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}
_IMAGE_FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}
_IMAGE_MAGIC = {"PNG": b"\x89PNG\r\n\x1a\n", "JPEG": b"\xff\xd8\xff"}
_OOXML_MAIN_PARTS = {".docx": "word/document.xml", ".xlsx": "xl/workbook.xml", ".pptx": "ppt/presentation.xml"}

# Tried in this order: plain ASCII and UTF-8 (with or without BOM) first, then the Chinese national encoding.
_TEXT_ENCODINGS = ("utf-8-sig", "gb18030")
_CHARSETS = {"utf-8-sig": "utf-8", "gb18030": "gb18030"}

# Windows PE, ELF, Mach-O (both byte orders, 32/64 bit) and scripts.
_PROGRAM_MAGIC = (
    b"MZ",
    b"\x7fELF",
    b"\xfe\xed\xfa\xce",
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"#!",
)
_PDF_MAGIC = b"%PDF-"
# Real PDFs sometimes carry junk before the header; readers accept up to 1 KB of it.
_PDF_HEADER_WINDOW = 1024
_HEAD_BYTES = 8192

MAX_NAME_LENGTH = 255
# Office files compress well, but not this well; beyond it the archive is built to explode.
MAX_COMPRESSION_RATIO = 100
# A real document has tens or hundreds of parts.
MAX_ZIP_MEMBERS = 10_000
_MB = 1024 * 1024
_CHUNK = 64 * 1024
_NAME_SEPARATORS = re.compile(r"[/\\]")
# Bidi overrides can make "gpj.exe" display as "exe.jpg"; they have no place in a file name.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# A thumbnail is never taller than this many times its width, whatever shape the page or image is.
_MAX_THUMBNAIL_ASPECT = 2


# What the processing functions read: a path, or an open (or closed Django) file such as a FieldFile.
Source = str | os.PathLike | IO[bytes] | File


class ExtractionFailed(Exception):
    """The file could not be parsed for its text."""


class ThumbnailFailed(Exception):
    """The file could not be rendered as a thumbnail."""


@dataclass(frozen=True)
class InspectedUpload:
    original_name: str
    extension: str
    kind: str
    content_type: str
    size: int
    sha256: str


def inspect_upload(uploaded: UploadedFile, *, max_bytes: int) -> InspectedUpload:
    """Judge an upload and describe it, or raise ValidationError with one message naming the problem.

    Leaves the file at position 0 either way, so the caller can save it.
    """
    try:
        return _inspect(uploaded, max_bytes=max_bytes)
    finally:
        uploaded.seek(0)


def _inspect(uploaded: UploadedFile, *, max_bytes: int) -> InspectedUpload:
    name = _clean_name(uploaded.name)
    if uploaded.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    # Before reading a byte: the size Django counted while receiving the upload.
    if uploaded.size is not None and uploaded.size > max_bytes:
        raise _too_large(max_bytes)
    extension = _extension(name)
    kind = ALLOWED_EXTENSIONS[extension]

    digest = hashlib.sha256()
    size = 0
    for chunk in uploaded.chunks():
        size += len(chunk)
        if size > max_bytes:  # the declared size was wrong; the bytes decide
            raise _too_large(max_bytes)
        digest.update(chunk)
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")

    uploaded.seek(0)
    head = uploaded.read(_HEAD_BYTES)
    if kind == FileKind.TEXT:
        content_type = f"text/plain; charset={_CHARSETS[_text_encoding(uploaded, head)]}"
    else:
        if head.startswith(_PROGRAM_MAGIC):
            raise ValidationError(
                _("The file is a program, not a %(extension)s file."),
                code="content_mismatch",
                params={"extension": extension},
            )
        if kind == FileKind.PDF:
            if _PDF_MAGIC not in head[: _PDF_HEADER_WINDOW + len(_PDF_MAGIC)]:
                raise _mismatch(extension)
            # The header alone admits any file that starts with it (an HTML page, say): the PDF must parse.
            uploaded.seek(0)
            pdf_safety.check_pdf(uploaded)
        elif kind == FileKind.IMAGE:
            _check_image(uploaded, head, extension)
        else:
            _check_ooxml(uploaded, head, extension, max_bytes=max_bytes)
        content_type = _CONTENT_TYPES[extension]
    # Last: the file is known to be what it claims, and the scan (off unless configured) is the slowest check.
    uploaded.seek(0)
    scan.scan_upload(uploaded)

    return InspectedUpload(
        original_name=name,
        extension=extension,
        kind=str(kind),
        content_type=content_type,
        size=size,
        sha256=digest.hexdigest(),
    )


def _clean_name(raw: str | None) -> str:
    """The user's file name, reduced to something safe to keep as metadata (never used as a path)."""
    raw = raw or ""
    if any(unicodedata.category(char) == "Cc" or char in _BIDI_CONTROLS for char in raw):
        raise ValidationError(_("The file name contains control characters; rename the file."), code="bad_name")
    # Browsers on Windows may send "C:\\Users\\...\\x.pdf"; Django only strips "/" on this server.
    name = unicodedata.normalize("NFC", _NAME_SEPARATORS.split(raw)[-1]).strip()
    if name in {"", ".", ".."}:
        raise ValidationError(_("The file has no name."), code="bad_name")
    # Django's UploadedFile cuts longer names down to exactly 255 characters, so a name of 255 is almost
    # certainly one that was longer.
    if len(name) >= MAX_NAME_LENGTH:
        raise ValidationError(
            _("The file name is too long: it must be shorter than %(limit)s characters."),
            code="name_too_long",
            params={"limit": MAX_NAME_LENGTH},
        )
    return name


def _extension(name: str) -> str:
    accepted = ", ".join(sorted(ALLOWED_EXTENSIONS))
    _stem, dot, suffix = name.rpartition(".")
    if not dot or not suffix:
        raise ValidationError(
            _("The file name has no extension. Accepted types: %(accepted)s."),
            code="extension",
            params={"accepted": accepted},
        )
    extension = f".{suffix.lower()}"
    if extension not in ALLOWED_EXTENSIONS:
        raise ValidationError(
            _("Files of type “%(extension)s” are not accepted. Accepted types: %(accepted)s."),
            code="extension",
            params={"extension": extension, "accepted": accepted},
        )
    return extension


def _text_encoding(uploaded: UploadedFile, head: bytes) -> str:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise _unsupported_encoding()
    for encoding in _TEXT_ENCODINGS:
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            for chunk in uploaded.chunks():
                if b"\x00" in chunk:
                    raise ValidationError(
                        _("The file is not plain text: it contains binary data."), code="content_mismatch"
                    )
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    raise _unsupported_encoding()


def _check_image(uploaded: UploadedFile, head: bytes, extension: str) -> None:
    image_format = _IMAGE_FORMATS[extension]
    if not head.startswith(_IMAGE_MAGIC[image_format]):
        raise _mismatch(extension)
    uploaded.seek(0)
    try:
        with Image.open(uploaded, formats=[image_format]) as image:
            pixels = image.width * image.height
            image.verify()
    except Image.DecompressionBombError as exc:  # over twice MAX_IMAGE_PIXELS
        raise _too_many_pixels() from exc
    except Exception as exc:  # hostile bytes can make an image decoder raise almost anything
        raise _mismatch(extension) from exc
    # Between once and twice MAX_IMAGE_PIXELS Pillow only warns; the thumbnail would refuse it.
    if pixels > Image.MAX_IMAGE_PIXELS:
        raise _too_many_pixels()


def _check_ooxml(uploaded: UploadedFile, head: bytes, extension: str, *, max_bytes: int) -> None:
    if not head.startswith(b"PK\x03\x04"):
        raise _mismatch(extension)
    uploaded.seek(0)
    try:
        with zipfile.ZipFile(uploaded) as archive:
            members = archive.infolist()
    except Exception as exc:  # a forged archive can make the ZIP reader raise almost anything
        raise _mismatch(extension) from exc
    names = {member.filename for member in members}
    if "[Content_Types].xml" not in names or _OOXML_MAIN_PARTS[extension] not in names:
        raise _mismatch(extension)

    # zipfile never inflates a member past its declared size (it fails the CRC instead), so the
    # declared sizes bound what python-docx and friends will ever unpack.
    unpacked = sum(member.file_size for member in members)
    packed = sum(member.compress_size for member in members)
    if len(members) > MAX_ZIP_MEMBERS or unpacked > max_bytes:
        raise ValidationError(
            _("The %(extension)s file was refused as a possible zip bomb: it would unpack to more than %(limit)s MB."),
            code="zip_bomb",
            params={"extension": extension, "limit": _megabytes(max_bytes)},
        )
    if unpacked > MAX_COMPRESSION_RATIO * max(packed, 1):
        raise ValidationError(
            _("The %(extension)s file was refused as a possible zip bomb: it is compressed more than %(ratio)s to 1."),
            code="zip_bomb",
            params={"extension": extension, "ratio": MAX_COMPRESSION_RATIO},
        )


def _megabytes(size: int) -> str:
    return floatformat(size / _MB, -2)


def _too_large(max_bytes: int) -> ValidationError:
    return ValidationError(
        _("The file is too large: the limit is %(limit)s MB."),
        code="too_large",
        params={"limit": _megabytes(max_bytes)},
    )


def _mismatch(extension: str) -> ValidationError:
    return ValidationError(
        _("The file’s content does not match its name: it is not a valid %(extension)s file."),
        code="content_mismatch",
        params={"extension": extension},
    )


def _too_many_pixels() -> ValidationError:
    return ValidationError(_("The image has too many pixels to be processed safely."), code="image_too_large")


def _unsupported_encoding() -> ValidationError:
    return ValidationError(
        _("The text is in an encoding the library does not read: save it as UTF-8 and upload it again."),
        code="content_mismatch",
    )


# Processing stored files (run by the worker after upload).


def extract_text(path_or_file: Source, kind: str, *, limit: int = 1_000_000) -> str:
    """The file's text for the search index, at most `limit` characters; "" for kinds not extracted."""
    if kind not in FileKind.values:
        raise ValueError(f"Unknown file kind {kind!r}")
    if kind not in (FileKind.PDF, FileKind.DOCX, FileKind.TEXT):
        return ""
    with _binary(path_or_file) as file:
        try:
            if kind == FileKind.PDF:
                return _pdf_text(file, limit)
            if kind == FileKind.DOCX:
                return _docx_text(file, limit)
            return _decode(file, limit, strict=True)
        except ExtractionFailed:
            raise
        except Exception as exc:  # parsers of hostile files raise almost anything; the caller only needs "failed"
            raise ExtractionFailed(f"{type(exc).__name__}: {exc}") from exc


def _pdf_text(file: IO[bytes], limit: int) -> str:
    reader = PdfReader(file, strict=False)
    if reader.is_encrypted and not reader.decrypt(""):
        raise ExtractionFailed("The PDF is encrypted with a password.")
    parts: list[str] = []
    length = 0
    for page in reader.pages:
        text = page.extract_text()
        parts.append(text)
        length += len(text)
        if length >= limit:
            break
    return "\n".join(parts)[:limit]


def _docx_text(file: IO[bytes], limit: int) -> str:
    document = docx.Document(file)
    parts: list[str] = []
    length = 0
    cells = (cell for table in document.tables for row in table.rows for cell in row.cells)
    for block in (*document.paragraphs, *cells):
        parts.append(block.text)
        length += len(block.text)
        if length >= limit:
            break
    return "\n".join(parts)[:limit]


def render_thumbnail(path_or_file: Source, kind: str, *, width: int = 320) -> bytes | None:
    """PNG bytes of the first page or a downscaled image, about `width` pixels wide; None for other kinds."""
    if kind not in FileKind.values:
        raise ValueError(f"Unknown file kind {kind!r}")
    if kind not in (FileKind.PDF, FileKind.IMAGE):
        return None
    draw = (lambda file: _pdf_page(file, width, 0)) if kind == FileKind.PDF else (lambda file: _downscaled(file, width))
    return _as_png(path_or_file, draw)


def _as_png(path_or_file: Source, draw) -> bytes:
    """Run a renderer over the file and encode its picture as PNG; any failure is a ThumbnailFailed."""
    with _binary(path_or_file) as file:
        try:
            image = draw(file)
            buffer = io.BytesIO()
            image.save(buffer, format="PNG")
        except ThumbnailFailed:
            raise
        except Exception as exc:  # renderers of hostile files raise almost anything
            raise ThumbnailFailed(f"{type(exc).__name__}: {exc}") from exc
    return buffer.getvalue()


def _pdf_page(file: IO[bytes], width: int, index: int) -> Image.Image:
    with pdfium.PdfDocument(file) as pdf:
        if len(pdf) == 0:
            raise ThumbnailFailed("The PDF has no pages.")
        if not 0 <= index < len(pdf):
            raise ThumbnailFailed(f"The PDF has no page {index + 1}.")
        page = pdf[index]
        page_width, page_height = page.get_size()
        scale = min(width / page_width, width * _MAX_THUMBNAIL_ASPECT / page_height)
        return page.render(scale=scale).to_pil()


def pdf_page_count(path_or_file: Source) -> int:
    """How many pages a PDF has; 0 when it cannot be read."""
    with _binary(path_or_file) as file:
        try:
            with pdfium.PdfDocument(file) as pdf:
                return len(pdf)
        except Exception:  # a hostile or broken PDF: no preview pages, not an error
            return 0


def render_pdf_page(path_or_file: Source, *, page: int, width: int = 1000) -> bytes:
    """PNG of one page (1-based), so the browser shows a picture of the PDF and never runs the PDF itself."""
    return _as_png(path_or_file, lambda file: _pdf_page(file, width, page - 1))


def _downscaled(file: IO[bytes], width: int) -> Image.Image:
    # Image.open refuses images over twice MAX_IMAGE_PIXELS (DecompressionBombError); over once, only a
    # warning, so that case is refused here.
    with Image.open(file, formats=["PNG", "JPEG"]) as image:
        if image.width * image.height > Image.MAX_IMAGE_PIXELS:
            raise ThumbnailFailed(f"The image has too many pixels ({image.width}×{image.height}).")
        box = (width, width * _MAX_THUMBNAIL_ASPECT)
        image.draft("RGB", box)  # a JPEG decodes straight at a reduced scale
        thumbnail = ImageOps.exif_transpose(image)
        thumbnail.thumbnail(box)
        if thumbnail.mode not in ("RGB", "RGBA", "L", "LA", "P"):
            thumbnail = thumbnail.convert("RGBA" if "A" in thumbnail.getbands() else "RGB")
        return thumbnail


def text_preview(path_or_file: Source, *, limit: int = 100_000) -> str:
    """The text of a text file, at most `limit` characters, to be shown escaped; never fails on bad bytes."""
    with _binary(path_or_file) as file:
        return _decode(file, limit, strict=False)


def _decode(file: IO[bytes], limit: int, *, strict: bool) -> str:
    """Decode at most `limit` characters, reading only as many bytes as those need."""
    for encoding in _TEXT_ENCODINGS:
        try:
            return _decode_with(file, encoding, limit)
        except UnicodeDecodeError:
            continue
    if strict:
        raise ExtractionFailed("The text is neither UTF-8 nor GB18030.")
    return _decode_with(file, "utf-8-sig", limit, errors="replace")


def _decode_with(file: IO[bytes], encoding: str, limit: int, errors: str = "strict") -> str:
    file.seek(0)
    decoder = codecs.getincrementaldecoder(encoding)(errors)
    parts: list[str] = []
    length = 0
    while length < limit:
        chunk = file.read(_CHUNK)
        text = decoder.decode(chunk, final=not chunk)
        parts.append(text)
        length += len(text)
        if not chunk:
            break
    return "".join(parts)[:limit]


@contextmanager
def _binary(path_or_file: Source) -> Iterator[IO[bytes]]:
    """A binary file at position 0: a path is opened and closed here; a file is used as given and rewound."""
    if isinstance(path_or_file, str | os.PathLike):
        with open(path_or_file, "rb") as file:
            yield file
        return
    # A closed Django File (e.g. a FieldFile not yet opened) is opened here, and closed again after.
    opened_here = bool(getattr(path_or_file, "closed", False))
    if opened_here:
        path_or_file.open("rb")
    try:
        path_or_file.seek(0)
        yield path_or_file
    finally:
        if opened_here:
            path_or_file.close()
        else:
            path_or_file.seek(0)
