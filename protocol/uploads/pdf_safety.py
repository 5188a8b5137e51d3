"""Whether an uploaded PDF is one the portal keeps: it parses, it is complete, it opens without a password, and
it carries nothing a PDF reader would run or open (JavaScript, an action that launches a program, an embedded
file).

Such a PDF is refused, not stripped: rewriting a hostile file is a second parser's chance to miss what the
first one saw, the stored bytes would no longer be the ones the uploader holds (a signed PDF would break),
and the uploader can export a clean copy in a minute.

How, and why so: PDFium (the C parser that already draws the library's previews) opens the file, which is fast
at any size. Then the names that matter are looked for in the raw bytes and in the unpacked object streams, the
only two places a PDF object can be (a name is never encrypted; a `#xx` escape such as `/J#61vaScript` is
matched as the character it stands for). Most files have none, and are accepted after that scan. A file that
has one is read object by object with pypdf, whose dictionaries alone decide: the bytes of compressed images
and fonts look random, and in 100 MB of random bytes a `/JS` followed by a delimiter turns up by chance.
Reading every object costs pypdf (pure Python) 5 s per 10,000 pages, too slow to be paid by every upload; the
scan costs well under a second. pypdf caps every decompression at 75 MB and every array or dictionary at
100,000 entries (pypdf.Configuration); the limits below cap the rest. A script, launch action or attachment in
an object no page refers to refuses the file too: stricter than a reader, and simpler.
"""

import io
import logging
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from itertools import chain
from typing import IO

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from pypdf import PasswordType, PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

logger = logging.getLogger(__name__)

# Unpacked object streams, in total; real ones are a few MB even in a large report.
MAX_OBJECT_STREAM_BYTES = 256 * 1024 * 1024
# Reading objects one by one (only for a file whose scan found a name that matters) runs at about 2,000 objects
# a second here: these keep it near 12 s, inside gunicorn's 30 s. A real file past them is all but unheard of
# (its compressed streams would also have to show such a name by chance); a crafted one is refused.
MAX_OBJECTS = 25_000
MAX_VALUES = 2_500_000
# A file ends with %%EOF, then perhaps a line break or a little junk; readers look this far back for it.
_EOF_WINDOW = 1024
_CHUNK = 1024 * 1024
# Longer than any name looked for, written with every character escaped.
_OVERLAP = 256

_JAVASCRIPT = "javascript"
_LAUNCH = "launch"
_EMBEDDED = "embedded"
_OBJECT_STREAM = "object_stream"
_NAMES = {
    # /JS: the script of an action; /JavaScript: the action type and the names tree of document scripts.
    "JS": _JAVASCRIPT,
    "JavaScript": _JAVASCRIPT,
    "Launch": _LAUNCH,
    # The names tree of attachments, an embedded file stream, a file specification's embedded stream, and the
    # annotation that shows an attachment on a page.
    "EmbeddedFiles": _EMBEDDED,
    "EmbeddedFile": _EMBEDDED,
    "EF": _EMBEDDED,
    "FileAttachment": _EMBEDDED,
    "ObjStm": _OBJECT_STREAM,
}
# A name ends at white space or a delimiter (ISO 32000-1, 7.2.2).
_END = rb"(?=[\x00\t\n\x0c\r /%()<>\[\]{}])"


def _spelled(char: str) -> bytes:
    """A regular expression for one character of a name, as itself or as its #xx escape (either case of hex)."""
    escape = b"#" + b"".join(
        b"[%s%s]" % (digit.encode(), digit.upper().encode()) if digit.isalpha() else digit.encode()
        for digit in f"{ord(char):02x}"
    )
    return b"(?:%s|%s)" % (re.escape(char.encode()), escape)


def _spelled_name(name: str) -> bytes:
    return b"".join(_spelled(char) for char in name)


def _alternatives(names) -> bytes:
    return b"|".join(_spelled_name(name) for name in sorted(names, key=len, reverse=True))


_SPACE = rb"[\x00\t\n\x0c\r ]"
_SHORT = {"JS", "EF"}
# In an object stream (objects only, no image or font bytes): each of the names, exactly.
_NAME_PATTERN = re.compile(b"/(%s)(?:%s|\\Z)" % (_alternatives(_NAMES), _END))
# In the raw bytes, where random-looking stream data lies around them: a long name exactly, a short one only
# when followed by what its value can start with (a string, a dictionary, a reference) or by a comment.
_RAW_PATTERN = re.compile(
    b"/(%s)(?:%s|\\Z)|/(%s)(?=%s*+(?:[(<%%]|\\Z)|%s++\\d)"
    % (_alternatives(set(_NAMES) - _SHORT), _END, _alternatives(_SHORT), _SPACE, _SPACE)
)


def check_pdf(file: IO[bytes]) -> None:
    """Raise ValidationError with one message naming the problem unless the PDF may be kept. Leaves the file at
    its start either way."""
    try:
        pages = _open(file)
        if pages == 0 or not _ends_with_eof(file):
            raise _unreadable()
        found = _names_in(_chunks(file), _RAW_PATTERN)
        if found[_OBJECT_STREAM]:
            found += _names_in_object_streams(file, expected=found[_OBJECT_STREAM])
        if any(found[kind] for kind in (_JAVASCRIPT, _LAUNCH, _EMBEDDED)):
            _refuse_active_content(file)
    finally:
        file.seek(0)


def _open(file: IO[bytes]) -> int:
    """The number of pages, as PDFium reads the file with no password."""
    file.seek(0)
    try:
        with pdfium.PdfDocument(file) as pdf:
            return len(pdf)
    except pdfium.PdfiumError as exc:
        # PDFium's error code is its last one, process-wide: a load failing without setting one (a file with no
        # pages) reports the error of an earlier file. "Password" only for a file that is encrypted.
        if exc.err_code == pdfium_c.FPDF_ERR_PASSWORD and _is_encrypted(file):
            raise _needs_password() from exc
        raise _unreadable() from exc


def _is_encrypted(file: IO[bytes]) -> bool:
    file.seek(0)
    try:
        return PdfReader(file, strict=False).is_encrypted
    except Exception:
        return False


def _ends_with_eof(file: IO[bytes]) -> bool:
    """A file cut off in transfer lacks the end marker, though PDFium may repair what is left."""
    file.seek(0, io.SEEK_END)
    size = file.tell()
    file.seek(max(0, size - _EOF_WINDOW))
    return b"%%EOF" in file.read(_EOF_WINDOW)


def _chunks(file: IO[bytes]) -> Iterator[bytes]:
    file.seek(0)
    while chunk := file.read(_CHUNK):
        yield chunk


def _names_in(chunks: Iterable[bytes], pattern: re.Pattern[bytes]) -> Counter[str]:
    """How often each kind of name occurs in the bytes, read in chunks that overlap by more than a name. (A name
    whose context runs past the end of a chunk counts: at worst the file is read object by object for nothing.)"""
    found: Counter[str] = Counter()
    carried = b""
    for chunk in chain(chunks, [b""]):
        data = carried + chunk
        # A match starting in the last _OVERLAP bytes may be the start of a longer name: the next round decides.
        cut = len(data) if not chunk else max(len(data) - _OVERLAP, 0)
        for match in pattern.finditer(data):
            if match.start() >= cut:
                break
            found[_NAMES[_unescaped(match.group(1) or match.group(2))]] += 1
        carried = data[cut:]
    return found


def _unescaped(name: bytes) -> str:
    return re.sub(rb"#([0-9a-fA-F]{2})", lambda match: bytes.fromhex(match.group(1).decode()), name).decode()


def _reader(file: IO[bytes]) -> PdfReader:
    file.seek(0)
    reader = PdfReader(file, strict=False)
    if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
        raise _needs_password()
    return reader


def _names_in_object_streams(file: IO[bytes], *, expected: int) -> Counter[str]:
    """The names in the unpacked object streams; every object stream in the file must be one pypdf can unpack."""
    try:
        reader = _reader(file)
        numbers = sorted({number for number, _index in reader.xref_objStm.values()})
        # A stream no cross-reference entry names may still be found by a reader that repairs the file.
        if len(numbers) != expected:
            raise _too_complex()
        unpacked = 0
        found: Counter[str] = Counter()
        for number in numbers:
            data = reader.get_object(number).get_data()
            unpacked += len(data)
            if unpacked > MAX_OBJECT_STREAM_BYTES:
                raise _too_complex()
            found += _names_in([data], _NAME_PATTERN)
        return found
    except ValidationError:
        raise
    except Exception as exc:  # a parser of hostile bytes raises almost anything (RecursionError included)
        logger.info("PDF refused, object streams unreadable: %s: %s", type(exc).__name__, exc)
        raise _unreadable() from exc


def _refuse_active_content(file: IO[bytes]) -> None:
    """Read every object, compressed or not, and raise the refusal for the first script, launch action or
    embedded file in a dictionary; stream data (images, fonts, pages) is not looked into."""
    try:
        reader = _reader(file)
        references = _references(reader)
        if len(references) > MAX_OBJECTS:
            raise _too_complex()
        values = 0
        for top in chain([reader.trailer], (reader.get_object(reference) for reference in references)):
            pending = [top]
            while pending:
                item = pending.pop()
                values += 1
                if values > MAX_VALUES:
                    raise _too_complex()
                if isinstance(item, DictionaryObject):
                    kind = _kind_of(item)
                    if kind is not None:
                        raise _refusal(kind)
                    # The raw values: a reference is not followed here, its object has its own turn.
                    pending.extend(dict.values(item))
                elif isinstance(item, ArrayObject):
                    pending.extend(item)
    except ValidationError:
        raise
    except Exception as exc:  # a parser of hostile bytes raises almost anything (RecursionError included)
        logger.info("PDF refused, objects unreadable: %s: %s", type(exc).__name__, exc)
        raise _unreadable() from exc


def _references(reader: PdfReader) -> list[IndirectObject]:
    """Every object the file defines, once, those of one object stream together (each is unpacked once)."""
    keys = {(generation, number) for generation, table in reader.xref.items() for number in table}
    keys |= {(0, number) for number in reader.xref_objStm}

    def order(key: tuple[int, int]) -> tuple:
        generation, number = key
        stream = reader.xref_objStm[number][0] if generation == 0 and number in reader.xref_objStm else -1
        return (stream, generation, number)

    return [IndirectObject(number, generation, reader) for generation, number in sorted(keys, key=order)]


def _kind_of(item: DictionaryObject) -> str | None:
    action = _resolved(item, "/S")
    if "/JS" in item or "/JavaScript" in item or action == "/JavaScript":
        return _JAVASCRIPT
    if action == "/Launch":
        return _LAUNCH
    if (
        "/EmbeddedFiles" in item
        or "/EF" in item
        or "/EmbeddedFile" in (_resolved(item, "/Type"), _resolved(item, "/Subtype"))
        or _resolved(item, "/Subtype") == "/FileAttachment"
    ):
        return _EMBEDDED
    return None


def _resolved(item: DictionaryObject, key: str):
    """The value under `key`, through one reference: `/S 12 0 R` names an action's type as well as `/S /Launch`."""
    value = dict.get(item, key)
    return value.get_object() if isinstance(value, IndirectObject) else value


def _refusal(kind: str) -> ValidationError:
    if kind == _JAVASCRIPT:
        return ValidationError(
            _(
                "The PDF contains JavaScript, which the library does not accept. Save or print it again as a "
                "PDF without scripts and upload that copy."
            ),
            code="pdf_javascript",
        )
    if kind == _LAUNCH:
        return ValidationError(
            _(
                "The PDF contains an action that starts a program or opens another file, which the library "
                "does not accept. Save or print it again as a PDF without it and upload that copy."
            ),
            code="pdf_launch",
        )
    return ValidationError(
        _(
            "The PDF contains embedded files (attachments), which the library does not accept: upload each "
            "attachment as a document of its own, and the PDF without them."
        ),
        code="pdf_embedded_file",
    )


def _needs_password() -> ValidationError:
    return ValidationError(
        _(
            "The PDF needs a password to open, so it cannot be checked and the other party could not read it. "
            "Upload a copy without the password."
        ),
        code="pdf_password",
    )


def _unreadable() -> ValidationError:
    return ValidationError(
        _(
            "The PDF cannot be read: it is damaged, incomplete or not a PDF at all. Save or export it again and "
            "upload the new copy."
        ),
        code="pdf_unreadable",
    )


def _too_complex() -> ValidationError:
    return ValidationError(
        _("The PDF is too complex to be checked safely, so it was not accepted."), code="pdf_too_complex"
    )
