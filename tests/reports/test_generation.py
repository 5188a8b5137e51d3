"""Generating a year's report: the task builds it eagerly, every file named by its SHA-256, from data both
parties see; the Chinese PDF is an official document with 成文日期 and page numbers; the workbook has a sheet per
area and the appendix."""

import hashlib
import json
from io import BytesIO

import openpyxl
import pytest
from pypdf import PdfReader

from protocol.reports.models import ReportStatus
from protocol.signoff.content import canonical_sha256

from .conftest import YEAR

pytestmark = pytest.mark.usefixtures("english")


def pdf_text(field) -> str:
    with field.open("rb") as file:
        reader = PdfReader(BytesIO(file.read()))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_task_builds_every_file_and_names_each_by_its_sha256(generated):
    assert generated.status == ReportStatus.READY and generated.progress == 100
    for field in ("pdf_zh", "pdf_en", "xlsx"):
        with getattr(generated, field).open("rb") as file:
            assert hashlib.sha256(file.read()).hexdigest() == getattr(generated, f"{field}_sha256")
    assert canonical_sha256(json.loads(generated.data)) == generated.data_sha256
    assert hashlib.sha256(generated.data.encode()).hexdigest() == generated.data_sha256


def test_the_chinese_pdf_says_its_date_in_chinese_and_numbers_its_pages(generated):
    text = pdf_text(generated.pdf_zh)
    assert "2026年12月1日" in text
    assert "中国科学院" in text and "年度实施报告" in text and "专利检索联合培训" in text
    assert "双方联合举办专利检索培训。" in text
    assert "— 1 —" in text and "— 2 —" in text


def test_the_english_pdf_is_in_english(generated):
    text = pdf_text(generated.pdf_en)
    assert "1 December 2026" in text and "Implementation report 2026" in text
    assert "Joint liaison" in text


def test_the_workbook_has_a_sheet_per_area_and_the_appendix_of_confirmed_activities(generated):
    with generated.xlsx.open("rb") as file:
        book = openpyxl.load_workbook(BytesIO(file.read()))
    assert len(book.sheetnames) == 6 and book.sheetnames[-1] == "附录 Appendix"
    appendix = list(book["附录 Appendix"].iter_rows(min_row=2, values_only=True))
    assert [row[1] for row in appendix] == ["专利检索联合培训", "Joint liaison meeting"]


def test_drafts_and_other_years_never_enter_the_report(generated):
    assert "SIPO draft never reported" not in generated.data
    assert "Last year's course" not in generated.data
    data = json.loads(generated.data)
    research = next(area for area in data["areas"] if area["area"] == "research")
    assert [row["title"] for row in research["unconfirmed"]] == ["Landscape study awaiting"]
    assert data["year"] == YEAR and data["written_on"] == "2026-12-01"
