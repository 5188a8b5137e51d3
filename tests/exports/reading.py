"""Reading an export back as the reader's spreadsheet would: the CSV through the csv module (after its
byte-order mark), the XLSX through openpyxl. Shared by the mechanism's tests and every list's."""

import csv
import io

import openpyxl
from django.db import connection
from django.test.utils import CaptureQueriesContext

from protocol.parties.models import Language

BOM = "\ufeff".encode()


def reads(person, language: str):
    """`person`, now reading the portal in `language` ("zh-hans" or "en")."""
    person.preferred_language = language
    person.save(update_fields=["preferred_language"])
    return person


def download(client, path: str, fmt: str, **query):
    response = client.get(path, {**query, "export": fmt})
    body = b"".join(response.streaming_content) if response.status_code == 200 else b""
    return response, body


def table(client, path: str, fmt: str, **query) -> list[list]:
    """The export's rows, its header first; text as the spreadsheet shows it."""
    response, body = download(client, path, fmt, **query)
    assert response.status_code == 200, response.status_code
    assert response["Content-Disposition"].startswith("attachment;")
    if fmt == "csv":
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert body.startswith(BOM)
        return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    sheet = openpyxl.load_workbook(io.BytesIO(body), read_only=True).active
    return [["" if value is None else value for value in row] for row in sheet.iter_rows(values_only=True)]


def column(rows: list[list], header: str) -> list:
    """The values under `header`, header row left out."""
    index = rows[0].index(header)
    return [row[index] for row in rows[1:]]


def export_queries(client, path: str, fmt: str, **query) -> int:
    with CaptureQueriesContext(connection) as queries:
        response, _ = download(client, path, fmt, **query)
    assert response.status_code == 200
    return len(queries)


CHINESE, ENGLISH = Language.CHINESE, Language.ENGLISH
