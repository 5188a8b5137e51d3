"""The file layer of the document library: hostile uploads refused, real ones described, text and thumbnails made."""

import hashlib
import io
import unicodedata
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.utils import translation
from PIL import Image
from pypdf import PageObject

from cooperation.documents.files import (
    ALLOWED_EXTENSIONS,
    MAX_COMPRESSION_RATIO,
    ExtractionFailed,
    FileKind,
    ThumbnailFailed,
    extract_text,
    inspect_upload,
    render_thumbnail,
    text_preview,
)
from tests.documents import samples

MB = 1024 * 1024
LIMIT = 100 * MB
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


# The portal speaks Chinese by default; these tests read the English messages.
pytestmark = pytest.mark.usefixtures("english")


def inspect(name, content, *, max_bytes=LIMIT):
    return inspect_upload(SimpleUploadedFile(name, content), max_bytes=max_bytes)


def refusal(name, content, *, max_bytes=LIMIT) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        inspect(name, content, max_bytes=max_bytes)
    assert len(caught.value.messages) == 1
    return caught.value


def png_of(image: bytes) -> Image.Image:
    assert image.startswith(b"\x89PNG")
    return Image.open(io.BytesIO(image))


class ReadSpy:
    """Wraps a file to record how much each read asks for."""

    def __init__(self, file):
        self._file = file
        self.largest_read = 0

    def read(self, size=-1):
        assert size is not None and size >= 0, "the whole file was read at once"
        self.largest_read = max(self.largest_read, size)
        return self._file.read(size)

    def __getattr__(self, name):
        return getattr(self._file, name)


class Unreadable(io.BytesIO):
    def read(self, *args):
        raise AssertionError("read before the size was checked")


# Accepted uploads


@pytest.mark.parametrize(
    ("name", "content", "kind", "content_type"),
    [
        ("report.pdf", samples.english_pdf(), "pdf", "application/pdf"),
        ("协议.docx", samples.chinese_docx(), "docx", DOCX_TYPE),
        (
            "sheet.xlsx",
            samples.ooxml("xl/workbook.xml"),
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        (
            "slides.pptx",
            samples.ooxml("ppt/presentation.xml"),
            "pptx",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
        ("notes.txt", b"plain ASCII notes\n", "text", "text/plain; charset=utf-8"),
        ("data.csv", "号码,标题\nCN101234567A,专利\n".encode(), "text", "text/plain; charset=utf-8"),
        ("README.md", samples.utf8_bom_text(), "text", "text/plain; charset=utf-8"),
        ("gb.txt", samples.gb18030_text(), "text", "text/plain; charset=gb18030"),
        ("figure.png", samples.png(), "image", "image/png"),
        ("photo.jpg", samples.jpeg(), "image", "image/jpeg"),
        ("photo.jpeg", samples.jpeg(), "image", "image/jpeg"),
    ],
)
def test_each_allowed_kind_is_accepted_and_served_as_its_own_type(name, content, kind, content_type):
    inspected = inspect(name, content)
    assert (inspected.original_name, inspected.kind, inspected.content_type) == (name, kind, content_type)
    assert inspected.extension == "." + name.rpartition(".")[2]


def test_size_and_sha256_are_those_of_the_bytes_and_the_file_is_left_at_the_start():
    content = samples.chinese_pdf()
    upload = SimpleUploadedFile("a.pdf", content, content_type="text/html")
    inspected = inspect_upload(upload, max_bytes=LIMIT)
    assert inspected.size == len(content)
    assert inspected.sha256 == hashlib.sha256(content).hexdigest()
    assert inspected.content_type == "application/pdf"  # never the client's claim
    assert upload.tell() == 0
    assert upload.read() == content


def test_the_file_is_left_at_the_start_after_a_refusal_too():
    upload = SimpleUploadedFile("a.pdf", samples.windows_executable())
    with pytest.raises(ValidationError):
        inspect_upload(upload, max_bytes=LIMIT)
    assert upload.tell() == 0


def test_a_chinese_file_name_is_kept():
    assert inspect("合作协议.pdf", samples.chinese_pdf()).original_name == "合作协议.pdf"


@pytest.mark.parametrize(
    ("name", "kept"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\x.pdf", "x.pdf"),
        ("C:\\Users\\张三\\报告.pdf", "报告.pdf"),
    ],
)
def test_a_path_in_the_name_is_reduced_to_the_base_name(name, kept):
    assert inspect(name, samples.english_pdf()).original_name == kept


def test_the_name_is_normalised_to_nfc():
    decomposed = unicodedata.normalize("NFD", "résumé.pdf")
    assert inspect(decomposed, samples.english_pdf()).original_name == "résumé.pdf"


def test_a_double_extension_is_judged_on_the_last_one():
    inspected = inspect("archive.tar.pdf", samples.english_pdf())
    assert (inspected.extension, inspected.kind) == (".pdf", "pdf")


def test_the_extension_is_matched_whatever_its_case():
    inspected = inspect("REPORT.PDF", samples.english_pdf())
    assert (inspected.original_name, inspected.extension) == ("REPORT.PDF", ".pdf")


def test_a_pdf_with_less_than_1kb_of_leading_junk_is_accepted():
    assert inspect("old.pdf", b"\r\n" * 500 + samples.english_pdf()).kind == "pdf"


def test_an_html_file_renamed_txt_is_accepted_as_plain_text():
    inspected = inspect("page.txt", samples.html_as_text())
    assert (inspected.kind, inspected.content_type) == ("text", "text/plain; charset=utf-8")


def test_a_shell_script_renamed_txt_is_accepted_as_plain_text():
    # Served as text/plain with nosniff it is just text, like the HTML above.
    assert inspect("install.txt", samples.shell_script()).kind == "text"


def test_a_large_upload_on_disk_is_read_in_chunks():
    chunk = (samples.CHINESE_BODY * 100).encode()
    upload = TemporaryUploadedFile("big.txt", "text/plain", None, None)
    digest = hashlib.sha256()
    size = 0
    while size < 24 * MB:
        upload.write(chunk)
        digest.update(chunk)
        size += len(chunk)
    upload.size = size
    upload.seek(0)
    spy = upload.file = ReadSpy(upload.file)
    try:
        inspected = inspect_upload(upload, max_bytes=LIMIT)
    finally:
        upload.close()
    assert (inspected.size, inspected.sha256, inspected.kind) == (size, digest.hexdigest(), "text")
    assert 0 < spy.largest_read <= MB


# Refused uploads: one message naming the problem, with a code


@pytest.mark.parametrize("name", ["report\x00.pdf", "report\n.pdf", "a\x1b[31m.pdf", "photo\u202egnp.pdf"])
def test_a_name_with_control_characters_is_refused(name):
    error = refusal(name, samples.english_pdf())
    assert error.code == "bad_name"
    assert "control characters" in error.messages[0]


@pytest.mark.parametrize("name", ["..\\", "x\\..", "  "])
def test_a_name_with_nothing_left_is_refused(name):
    error = refusal(name, samples.english_pdf())
    assert error.code == "bad_name"
    assert "no name" in error.messages[0]


def test_a_name_of_300_characters_is_refused():
    # Django's UploadedFile has already cut it to 255 (keeping the extension); still refused.
    error = refusal("a" * 296 + ".pdf", samples.english_pdf())
    assert error.code == "name_too_long"
    assert "255" in error.messages[0]


def test_a_name_of_254_characters_is_accepted():
    name = "专" * 250 + ".pdf"
    assert inspect(name, samples.english_pdf()).original_name == name


@pytest.mark.parametrize("name", ["empty.pdf", "empty.txt", "empty.docx"])
def test_an_empty_file_is_refused(name):
    error = refusal(name, b"")
    assert error.code == "empty"
    assert "empty" in error.messages[0]


def test_a_file_over_the_limit_is_refused_before_a_byte_is_read():
    upload = SimpleUploadedFile("huge.pdf", samples.english_pdf())
    upload.size = 100 * MB + 1
    upload.file = Unreadable()
    with pytest.raises(ValidationError) as caught:
        inspect_upload(upload, max_bytes=LIMIT)
    assert caught.value.code == "too_large"
    assert "100 MB" in caught.value.messages[0]


def test_a_file_larger_than_its_declared_size_is_refused_on_its_bytes():
    upload = SimpleUploadedFile("liar.txt", b"x" * (2 * MB))
    upload.size = 10
    with pytest.raises(ValidationError) as caught:
        inspect_upload(upload, max_bytes=MB)
    assert caught.value.code == "too_large"
    assert "1 MB" in caught.value.messages[0]


@pytest.mark.parametrize(
    ("name", "extension"),
    [
        ("setup.exe", ".exe"),
        ("install.sh", ".sh"),
        ("page.html", ".html"),
        ("logo.svg", ".svg"),
        ("app.js", ".js"),
        ("bundle.zip", ".zip"),
        ("report.pdf.exe", ".exe"),
        ("PAYLOAD.EXE", ".exe"),
    ],
)
def test_an_extension_not_on_the_allow_list_is_refused_by_name(name, extension):
    error = refusal(name, samples.english_pdf())
    assert error.code == "extension"
    assert f"“{extension}”" in error.messages[0]
    assert ".pdf, .png" in error.messages[0]  # the accepted ones are listed


@pytest.mark.parametrize("name", ["README", "trailing-dot.exe.", "report."])
def test_a_name_without_an_extension_is_refused(name):
    error = refusal(name, samples.english_pdf())
    assert error.code == "extension"
    assert "no extension" in error.messages[0]


@pytest.mark.parametrize(
    "content",
    [samples.windows_executable(), samples.elf_executable(), samples.shell_script()],
    ids=["mz", "elf", "script"],
)
def test_a_program_named_pdf_is_refused(content):
    error = refusal("invoice.pdf", content)
    assert error.code == "content_mismatch"
    assert "program" in error.messages[0]
    assert ".pdf" in error.messages[0]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("text.pdf", b"just some text, no PDF header\n"),
        ("late-header.pdf", b"x" * 1100 + samples.english_pdf()),
        ("photo.jpg", samples.png()),
        ("figure.png", samples.jpeg()),
        ("figure.png", b"not an image at all"),
        ("truncated.png", samples.png()[:40]),
        ("old.docx", samples.not_a_zip_docx()),
        ("plain.docx", b"PK\x03\x04 but not really a zip"),
        ("renamed.xlsx", samples.chinese_docx()),
        ("no-types.docx", samples.zip_without_content_types()),
    ],
)
def test_content_that_does_not_match_the_extension_is_refused(name, content):
    error = refusal(name, content)
    assert error.code == "content_mismatch"
    assert f"not a valid {name[name.rindex('.') :]} file" in error.messages[0]


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"text\x00with a NUL\n", "binary data"),
        (samples.elf_executable(), "binary data"),
        (b"\x80\x81\xff\xfe neither UTF-8 nor GB18030", "UTF-8"),
        ("UTF-16 from Notepad".encode("utf-16"), "UTF-8"),
    ],
    ids=["nul", "elf", "undecodable", "utf-16"],
)
def test_a_text_file_that_is_not_readable_text_is_refused(content, says):
    error = refusal("notes.txt", content)
    assert error.code == "content_mismatch"
    assert says in error.messages[0]


def test_a_docx_that_unpacks_beyond_the_limit_is_refused_as_a_zip_bomb():
    error = refusal("bomb.docx", samples.zip_bomb_docx(2 * MB), max_bytes=MB)
    assert error.code == "zip_bomb"
    assert "1 MB" in error.messages[0]


def test_a_docx_compressed_more_than_100_to_1_is_refused_as_a_zip_bomb():
    error = refusal("bomb.docx", samples.zip_bomb_docx(MB))
    assert error.code == "zip_bomb"
    assert "100" in error.messages[0]


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_an_image_with_too_many_pixels_is_refused(monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    for size in [(40, 40), (60, 60)]:  # over the limit (Pillow warns) and over twice the limit (Pillow raises)
        error = refusal("big.png", samples.png(size))
        assert error.code == "image_too_large"
        assert "pixels" in error.messages[0]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_messages_keep_what_they_name_in_each_language(language):
    too_large = SimpleUploadedFile("big.pdf", b"x")
    too_large.size = LIMIT + 1
    with translation.override(language):
        assert ".exe" in refusal("report.pdf.exe", b"x").messages[0]
        assert "255" in refusal("a" * 300 + ".pdf", b"x").messages[0]
        with pytest.raises(ValidationError) as caught:
            inspect_upload(too_large, max_bytes=LIMIT)
        assert "100" in caught.value.messages[0]


# Text for the search index


def test_the_text_of_a_chinese_pdf_is_extracted():
    text = extract_text(io.BytesIO(samples.chinese_pdf()), FileKind.PDF)
    assert "专利信息" in text
    assert "加强专利信息资源共享" in text


def test_the_text_of_an_english_pdf_is_extracted():
    assert "patent information" in extract_text(io.BytesIO(samples.english_pdf()), "pdf")


def test_the_text_of_a_docx_includes_paragraphs_and_table_cells():
    text = extract_text(io.BytesIO(samples.chinese_docx()), "docx")
    assert "专利信息" in text
    assert samples.CHINESE_TABLE_CELL in text


@pytest.mark.parametrize("content", [samples.gb18030_text(), samples.utf8_bom_text()], ids=["gb18030", "utf-8-bom"])
def test_the_text_of_a_text_file_is_decoded(content):
    assert extract_text(io.BytesIO(content), "text") == samples.CHINESE_BODY


@pytest.mark.parametrize(
    ("kind", "content"),
    [
        ("xlsx", samples.ooxml("xl/workbook.xml")),
        ("pptx", samples.ooxml("ppt/presentation.xml")),
        ("image", samples.png()),
    ],
)
def test_kinds_not_extracted_give_no_text(kind, content):
    assert extract_text(io.BytesIO(content), kind) == ""


@pytest.mark.parametrize(
    ("kind", "content"),
    [
        ("pdf", samples.garbage_pdf()),
        ("pdf", samples.english_pdf()[:300]),
        ("docx", samples.not_a_zip_docx()),
        ("text", b"\x80\x81\xff\xfe"),
    ],
    ids=["garbage-pdf", "truncated-pdf", "docx-not-zip", "undecodable-text"],
)
def test_a_file_that_does_not_parse_raises_extraction_failed(kind, content):
    with pytest.raises(ExtractionFailed):
        extract_text(io.BytesIO(content), kind)


def test_extraction_of_a_10000_page_pdf_stops_at_the_limit(monkeypatch):
    pages_read = []
    original = PageObject.extract_text

    def counted(page, *args, **kwargs):
        pages_read.append(page)
        return original(page, *args, **kwargs)

    monkeypatch.setattr(PageObject, "extract_text", counted)
    text = extract_text(io.BytesIO(samples.many_pages_pdf(10_000)), "pdf", limit=1000)
    assert len(text) == 1000
    assert text.startswith("patent information")
    assert len(pages_read) < 100


def test_extraction_takes_a_path_or_a_closed_django_file(tmp_path):
    path = tmp_path / "协议.docx"
    path.write_bytes(samples.chinese_docx())
    assert "专利信息" in extract_text(path, "docx")
    assert "专利信息" in extract_text(str(path), "docx")

    with open(path, "rb") as handle:
        django_file = File(handle, name=str(path))
    assert "专利信息" in extract_text(django_file, "docx")
    assert django_file.closed


def test_an_unknown_kind_is_a_programming_error():
    with pytest.raises(ValueError, match="exe"):
        extract_text(io.BytesIO(b"x"), "exe")


# Thumbnails


def test_the_thumbnail_of_a_pdf_is_its_first_page_about_320_pixels_wide():
    thumbnail = png_of(render_thumbnail(io.BytesIO(samples.chinese_pdf()), "pdf"))
    assert 318 <= thumbnail.width <= 322
    assert thumbnail.height > thumbnail.width  # A4, portrait


def test_the_thumbnail_width_can_be_chosen():
    assert 98 <= png_of(render_thumbnail(io.BytesIO(samples.english_pdf()), "pdf", width=100)).width <= 102


@pytest.mark.parametrize("image", [samples.png((800, 600)), samples.jpeg((800, 600))], ids=["png", "jpeg"])
def test_the_thumbnail_of_an_image_is_the_image_scaled_down(image):
    assert png_of(render_thumbnail(io.BytesIO(image), "image")).size == (320, 240)


def test_a_small_image_is_not_scaled_up():
    assert png_of(render_thumbnail(io.BytesIO(samples.png((64, 48))), "image")).size == (64, 48)


@pytest.mark.parametrize("kind", ["docx", "xlsx", "pptx", "text"])
def test_kinds_without_a_thumbnail_give_none(kind):
    assert render_thumbnail(io.BytesIO(b"whatever"), kind) is None


@pytest.mark.parametrize(
    ("kind", "content"),
    [("pdf", samples.garbage_pdf()), ("image", samples.png()[:40]), ("image", b"GIF89a not allowed")],
    ids=["garbage-pdf", "truncated-png", "gif"],
)
def test_a_file_that_does_not_render_raises_thumbnail_failed(kind, content):
    with pytest.raises(ThumbnailFailed):
        render_thumbnail(io.BytesIO(content), kind)


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
@pytest.mark.parametrize("size", [(40, 40), (60, 60)], ids=["over-limit", "over-twice-limit"])
def test_a_decompression_bomb_raises_thumbnail_failed(monkeypatch, size):
    image = samples.png(size)
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    with pytest.raises(ThumbnailFailed):
        render_thumbnail(io.BytesIO(image), "image")


# Preview of text files


def test_the_preview_of_a_gb18030_file_is_its_chinese_text():
    assert text_preview(io.BytesIO(samples.gb18030_text())) == samples.CHINESE_BODY


def test_the_preview_stops_at_the_limit():
    assert text_preview(io.BytesIO(samples.CHINESE_BODY.encode() * 1000), limit=10) == samples.CHINESE_BODY[:10]


def test_the_preview_of_undecodable_bytes_shows_replacement_characters_instead_of_failing():
    assert "\ufffd" in text_preview(io.BytesIO(b"ok \x80\x81\xff\xfe"))


# The allow-list


def test_the_allow_list_holds_nothing_a_browser_or_a_shell_would_run():
    assert not {".zip", ".html", ".htm", ".svg", ".js", ".exe", ".sh", ".bat"} & set(ALLOWED_EXTENSIONS)
    assert set(ALLOWED_EXTENSIONS.values()) == set(FileKind.values)


# Each refusal in full, and the edges of each limit (make mutation: a message changed in its wording or case, a
# code dropped, a limit off by one).

ACCEPTED = ".csv, .docx, .jpeg, .jpg, .md, .pdf, .png, .pptx, .txt, .xlsx"


@pytest.mark.parametrize(
    ("name", "content", "max_bytes", "code", "message"),
    [
        # Empty is said first, before the name's extension is judged.
        ("setup.exe", b"", LIMIT, "empty", "The file is empty."),
        ("report\n.pdf", None, LIMIT, "bad_name", "The file name contains control characters; rename the file."),
        ("x\\.", None, LIMIT, "bad_name", "The file has no name."),
        (
            "a" * 300 + ".pdf",
            None,
            LIMIT,
            "name_too_long",
            "The file name is too long: it must be shorter than 255 characters.",
        ),
        ("README", None, LIMIT, "extension", f"The file name has no extension. Accepted types: {ACCEPTED}."),
        ("setup.exe", None, LIMIT, "extension", f"Files of type “.exe” are not accepted. Accepted types: {ACCEPTED}."),
        (
            "invoice.pdf",
            samples.windows_executable(),
            LIMIT,
            "content_mismatch",
            "The file is a program, not a .pdf file.",
        ),
        ("notes.txt", b"text\x00", LIMIT, "content_mismatch", "The file is not plain text: it contains binary data."),
        (
            "bomb.docx",
            samples.zip_bomb_docx(2 * MB),
            MB,
            "zip_bomb",
            "The .docx file was refused as a possible zip bomb: it would unpack to more than 1 MB.",
        ),
        (
            "bomb.docx",
            samples.zip_bomb_docx(MB),
            LIMIT,
            "zip_bomb",
            "The .docx file was refused as a possible zip bomb: it is compressed more than 100 to 1.",
        ),
    ],
    ids=[
        "empty",
        "control",
        "no-name",
        "too-long",
        "no-extension",
        "extension",
        "program",
        "binary",
        "unpacks",
        "ratio",
    ],
)
def test_each_refusal_says_exactly_what_is_wrong_with_its_code(name, content, max_bytes, code, message):
    error = refusal(name, samples.english_pdf() if content is None else content, max_bytes=max_bytes)
    assert (error.code, error.messages) == (code, [message])


def test_a_file_of_one_byte_and_one_of_exactly_the_limit_are_accepted():
    assert inspect("a.txt", b"x").size == 1
    assert inspect("a.txt", b"x" * 10, max_bytes=10).size == 10
    assert refusal("a.txt", b"x" * 11, max_bytes=10).code == "too_large"


def test_an_upload_of_no_declared_size_is_judged_on_its_bytes():
    upload = SimpleUploadedFile("a.txt", b"x" * 10)
    upload.size = None
    assert inspect_upload(upload, max_bytes=10).size == 10
    with pytest.raises(ValidationError) as caught:
        inspect_upload(upload, max_bytes=9)
    assert caught.value.code == "too_large"


def test_an_upload_that_declares_bytes_it_does_not_have_is_refused_as_empty():
    upload = SimpleUploadedFile("a.txt", b"")
    upload.size = 5
    with pytest.raises(ValidationError) as caught:
        inspect_upload(upload, max_bytes=LIMIT)
    assert (caught.value.code, caught.value.messages) == ("empty", ["The file is empty."])


def test_the_pdf_header_may_start_at_byte_1024_and_no_later():
    assert inspect("old.pdf", b"\r\n" * 512 + samples.english_pdf()).kind == "pdf"
    assert refusal("old.pdf", b"\r\n" * 512 + b" " + samples.english_pdf()).code == "content_mismatch"


def test_a_text_ending_in_an_unfinished_utf8_character_is_not_utf8():
    # b"\xe4\xb8" is the start of 中 in UTF-8, and a whole character in GB18030.
    assert inspect("notes.txt", b"notes " + "中".encode()[:2]).content_type == "text/plain; charset=gb18030"


def test_an_office_file_may_unpack_to_exactly_the_limit_and_hold_exactly_10000_members():
    content = samples.ooxml("word/document.xml", {"word/media/data.txt": "".join(map(str, range(20000))).encode()})
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        unpacked = sum(member.file_size for member in archive.infolist())
    assert len(content) < unpacked
    assert inspect("data.docx", content, max_bytes=unpacked).size == len(content)
    assert refusal("data.docx", content, max_bytes=unpacked - 1).code == "zip_bomb"
    members = {f"word/media/{n}.txt": b"" for n in range(9998)}
    assert inspect("many.docx", samples.ooxml("word/document.xml", members)).kind == "docx"
    members["word/media/one-more.txt"] = b""
    assert refusal("many.docx", samples.ooxml("word/document.xml", members)).code == "zip_bomb"


def _sizes(content: bytes) -> tuple[int, int]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        members = archive.infolist()
    return sum(member.file_size for member in members), sum(member.compress_size for member in members)


def test_an_office_file_compressed_exactly_100_to_1_is_accepted_and_a_byte_more_is_not():
    # A stored member adds as much to the packed size as to the unpacked one: sized so that the whole archive
    # unpacks to exactly 100 times what it packs (found among some archives of about a megabyte of zeros).
    for zeros in range(MB, MB + 1000):
        unpacked, packed = _sizes(samples.docx_of_zeros(zeros, 0))
        excess = unpacked - MAX_COMPRESSION_RATIO * packed
        if excess > 0 and excess % (MAX_COMPRESSION_RATIO - 1) == 0:
            break
    else:
        pytest.fail("no archive of zeros can be brought to the exact ratio")
    stored = excess // (MAX_COMPRESSION_RATIO - 1)
    exact = samples.docx_of_zeros(zeros, stored)
    assert _sizes(exact)[0] == MAX_COMPRESSION_RATIO * _sizes(exact)[1]
    assert inspect("exact.docx", exact).kind == "docx"
    over = samples.docx_of_zeros(zeros, stored - 1)
    assert _sizes(over)[0] > MAX_COMPRESSION_RATIO * _sizes(over)[1]
    assert refusal("over.docx", over).code == "zip_bomb"


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_an_image_of_exactly_the_most_pixels_allowed_is_accepted(monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 40 * 40)
    assert inspect("square.png", samples.png((40, 40))).kind == "image"
    assert refusal("wider.png", samples.png((41, 40))).code == "image_too_large"


def test_an_upload_without_a_name_has_no_name():
    upload = SimpleUploadedFile("report.pdf", samples.english_pdf())
    upload.name = None
    with pytest.raises(ValidationError) as caught:
        inspect_upload(upload, max_bytes=LIMIT)
    assert (caught.value.code, caught.value.messages) == ("bad_name", ["The file has no name."])
