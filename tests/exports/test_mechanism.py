"""The shared export mechanism (protocol/exports.py and its hook in protocol/lists.py), through the ledger's
list and on its own."""

import io
from datetime import date, datetime
from decimal import Decimal
from urllib.parse import quote

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone, translation

from protocol import exports
from protocol.activities.models import Status
from protocol.activities.selectors import activities_visible_to
from protocol.exports import Column, Export

from .contract import answers_as_the_page
from .reading import CHINESE, ENGLISH, column, download, export_queries, reads, table

LIST = reverse("activities:list")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_is_the_whole_filtered_list_not_its_first_page(client, cas_official, make_activities, fmt):
    make_activities(30, area="training")
    make_activities(2, area="research")
    client.force_login(reads(cas_official, ENGLISH))
    rows = table(client, LIST, fmt, area="training")
    assert len(rows) == 31 and set(column(rows, "Area")) == {"Training"}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_headers_and_labels_are_in_the_readers_language(client, cas_official, cas_logged, fmt):
    client.force_login(reads(cas_official, CHINESE))
    rows = table(client, LIST, fmt)
    assert "标题" in rows[0] and "Title" not in rows[0]
    assert column(rows, "牵头单位") == ["中科院"]
    client.force_login(reads(cas_official, ENGLISH))
    rows = table(client, LIST, fmt)
    assert "Title" in rows[0] and column(rows, "Lead party") == ["CAS"]


def test_csv_dates_are_in_the_readers_format_and_moments_in_beijing_time(client, cas_official, make_activities):
    make_activities(1, start_date=date(2026, 12, 1))
    client.force_login(reads(cas_official, CHINESE))
    rows = table(client, LIST, "csv", year="2026")
    assert column(rows, "开始日期") == ["2026年12月1日"]
    assert "北京时间" in column(rows, "更新时间")[0]


def test_xlsx_dates_are_dates(client, cas_official, make_activities):
    make_activities(1, start_date=date(2026, 12, 1))
    client.force_login(reads(cas_official, ENGLISH))
    rows = table(client, LIST, "xlsx", year="2026")
    assert column(rows, "Start date") == [datetime(2026, 12, 1)]
    assert isinstance(column(rows, "Updated")[0], datetime)


def test_the_file_is_named_after_the_list_and_the_day_with_an_ascii_fallback(client, cas_official, cas_logged):
    client.force_login(reads(cas_official, CHINESE))
    response, _ = download(client, LIST, "xlsx")
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        f"attachment; filename=\"activities-{today}.xlsx\"; filename*=UTF-8''{quote(f'联合活动 {today}.xlsx')}"
    )


def test_other_partys_drafts_are_never_exported(client, sipo_official, cas_draft, cas_logged):
    client.force_login(reads(sipo_official, ENGLISH))
    for fmt in ("csv", "xlsx"):
        assert column(table(client, LIST, fmt), "Title") == [cas_logged.title]
        assert column(table(client, LIST, fmt, status=Status.DRAFT), "Title") == []


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_costs_the_same_for_1_and_50_rows(client, sipo_coordinator, make_activities, fmt):
    client.force_login(sipo_coordinator)
    make_activities(1)
    one = export_queries(client, LIST, fmt)
    make_activities(49)
    assert export_queries(client, LIST, fmt) == one


def test_rows_are_read_in_chunks_each_prepared_once(monkeypatch, cas_official, make_activities):
    monkeypatch.setattr(exports, "CHUNK_SIZE", 2)
    make_activities(5)
    seen = []
    rows = exports._chunks(
        activities_visible_to(cas_official).order_by("pk"),
        lambda chunk: seen.append(len(chunk)),
    )
    assert [len(chunk) for chunk in rows] == [2, 2, 1] and seen == [2, 2, 1]


def test_the_page_links_to_its_exports_keeping_its_filters(client, cas_official, make_activities):
    make_activities(1, area="training")
    client.force_login(reads(cas_official, ENGLISH))
    text = client.get(LIST, {"area": "training"}).text
    assert "?area=training&amp;export=csv" in text and "?area=training&amp;export=xlsx" in text


def test_an_unknown_format_is_the_page(client, cas_official, cas_logged):
    client.force_login(cas_official)
    response = client.get(LIST, {"export": "pdf"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")


def test_the_anonymous_get_the_login_page_not_an_export(client, cas_logged):
    response = client.get(LIST, {"export": "csv"})
    assert response.status_code == 302 and "login" in response["Location"]


COLUMNS = [Column("Text", lambda row: row[0]), Column("Value", lambda row: row[1])]


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)"])
def test_text_that_looks_like_a_formula_stays_text(text):
    csv_text = exports.csv_bytes(COLUMNS, [(text, 1)]).decode("utf-8-sig")
    assert f"'{text}" in csv_text.replace('""', '"')
    body = exports.xlsx_bytes(COLUMNS, [(text, 1)], sheet="s", title="t")
    cell = openpyxl.load_workbook(io.BytesIO(body)).active["A2"]
    assert cell.value == text and cell.data_type == "s"


def test_values_are_written_as_the_reader_reads_them():
    with translation.override("en"):
        assert exports.csv_text(True) == "Yes" and exports.csv_text(None) == ""
        assert exports.csv_text(Decimal("1.50")) == "1.50" and exports.csv_text(-3) == "-3"
        assert exports.csv_text(date(2026, 12, 1)) == "1 Dec 2026"
    with translation.override("zh-hans"):
        assert exports.csv_text(False) == "否"
        assert exports.csv_text(date(2026, 12, 1)) == "2026年12月1日"


def test_control_characters_do_not_break_a_workbook():
    body = exports.xlsx_bytes(COLUMNS, [("a\x07b", None)], sheet="a/b:c", title="t")
    sheet = openpyxl.load_workbook(io.BytesIO(body)).active
    assert sheet["A2"].value == "ab" and sheet.title == "a b c"


def test_an_export_declared_once_serves_both_formats(rf, cas_official):
    request = rf.get("/")
    request.user = cas_official
    export = Export(name="名单", ascii_name="names", columns=COLUMNS)
    assert export.response(request, [("x", 1)], fmt="csv")["Content-Type"] == "text/csv; charset=utf-8"
    assert export.response(request, [("x", 1)], fmt="xlsx")["Content-Type"].startswith("application/vnd.openxml")


def test_who_may_export_the_ledger_is_who_may_see_it(client, personas, cas_logged):
    assert answers_as_the_page(client, personas, LIST)["sipo_official"] == 200
