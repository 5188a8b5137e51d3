"""The report's files, made from its data alone: a PDF in Chinese laid out as an official document (GB/T 9704 as
far as it applies to a report), a PDF in English, and an XLSX workbook (one sheet per area and the appendix)."""

from datetime import date
from io import BytesIO

from django.template.loader import render_to_string
from openpyxl import Workbook
from openpyxl.styles import Font

from protocol.pdf import html_to_pdf

from .content import localised

# Excel refuses sheet titles longer than this, or holding any of []:*?/\
SHEET_TITLE_MAX = 31


def chinese_date(day: date) -> str:
    """成文日期 as GB/T 9704 writes it: Arabic numerals, the full year, no zero padding (2026年12月1日)."""
    return f"{day.year}年{day.month}月{day.day}日"


def english_date(day: date) -> str:
    return f"{day.day} {day:%B} {day.year}"


def report_pdf(data: dict, language: str) -> bytes:
    edition = localised(data, language)
    written_on = date.fromisoformat(data["written_on"])
    html = render_to_string(
        f"reports/report_{language}.html",
        {
            "report": edition,
            "written_on": chinese_date(written_on) if language == "zh" else english_date(written_on),
        },
    )
    return html_to_pdf(html)


def report_xlsx(data: dict) -> bytes:
    """Both languages side by side: the headings say each thing in Chinese and English."""
    zh, en = localised(data, "zh"), localised(data, "en")
    book = Workbook()
    book.remove(book.active)
    bold = Font(bold=True)
    for area_zh, area_en in zip(zh["areas"], en["areas"], strict=True):
        sheet = book.create_sheet(_sheet_title(f"{area_zh['label']} {area_en['label']}"))
        sheet.append([f"{data['year']} {area_zh['label']} / {area_en['label']}"])
        sheet["A1"].font = bold
        sheet.append([])
        sheet.append(["数据 Figures"])
        sheet.append(["项目 Figure", "单位 Party", "数值 Value"])
        for figure_zh, figure_en in zip(area_zh["figures"], area_en["figures"], strict=True):
            sheet.append([f"{figure_zh['label']} / {figure_en['label']}", figure_en["party"], figure_en["value"]])
        sheet.append([])
        sheet.append(["亮点 Highlights"])
        for highlight_zh, highlight_en in zip(area_zh["highlights"], area_en["highlights"], strict=True):
            sheet.append([highlight_zh["text"], highlight_en["text"], highlight_en["activity_title"]])
        for heading, key in _ACTIVITY_SECTIONS:
            sheet.append([])
            sheet.append([heading])
            sheet.append(_ACTIVITY_HEADINGS)
            for row_zh, row_en in zip(area_zh[key], area_en[key], strict=True):
                sheet.append(_activity_row(row_zh, row_en))
        _bold_headings(sheet, bold)
    sheet = book.create_sheet("附录 Appendix")
    sheet.append(["序号 No.", *_ACTIVITY_HEADINGS])
    for number, (row_zh, row_en) in enumerate(zip(zh["appendix"], en["appendix"], strict=True), start=1):
        sheet.append([number, *_activity_row(row_zh, row_en)])
    _bold_headings(sheet, bold)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


_ACTIVITY_SECTIONS = (
    ("已确认的活动 Confirmed activities", "confirmed"),
    ("待确认的活动 Awaiting confirmation", "unconfirmed"),
)
_ACTIVITY_HEADINGS = ["标题 Title", "另一语言标题 Title in the other language", "类型 Kind", "开始 Start",
                      "结束 End", "牵头单位 Lead party", "地点 Location", "状态 Status", "编号 Ref."]  # fmt: skip


def _activity_row(row_zh: dict, row_en: dict) -> list:
    return [
        row_en["title"],
        row_en["title_other"],
        f"{row_zh['kind']} / {row_en['kind']}",
        date.fromisoformat(row_en["start"]),
        date.fromisoformat(row_en["end"]) if row_en["end"] else None,
        row_en["lead_party"],
        row_en["location"],
        f"{row_zh['status_label']} / {row_en['status_label']}",
        row_en["id"],
    ]


def _bold_headings(sheet, bold: Font) -> None:
    for row in sheet.iter_rows():
        first = row[0]
        if isinstance(first.value, str) and first.value in {"数据 Figures", "亮点 Highlights", "序号 No."}:
            for cell in row:
                cell.font = bold


def _sheet_title(title: str) -> str:
    for character in "[]:*?/\\":
        title = title.replace(character, " ")
    return title[:SHEET_TITLE_MAX]
