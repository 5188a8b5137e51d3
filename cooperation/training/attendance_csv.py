"""Attendance from a CSV file, for sessions too large to mark by hand.

The file names each person by `username` or `email` and gives an `attendance` column (present / partly /
absent, or 出席 / 部分出席 / 缺席), UTF-8 with or without a byte-order mark. Every row is read before anything
is stored: a single bad row and nothing is imported, and each bad row is reported by its line."""

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .models import Attendance, Enrolment

PERSON_COLUMNS = ("username", "email", "e-mail")
# What a spreadsheet may say for each mark, compared without case or surrounding spaces.
WORDS = {
    "present": Attendance.PRESENT,
    "出席": Attendance.PRESENT,
    "partly": Attendance.PARTLY,
    "partly present": Attendance.PARTLY,
    "部分出席": Attendance.PARTLY,
    "absent": Attendance.ABSENT,
    "缺席": Attendance.ABSENT,
}


@dataclass(frozen=True)
class BadRow:
    line: int
    reason: str


@dataclass(frozen=True)
class Parsed:
    marks: dict[int, str]  # enrolment id → attendance
    errors: list[BadRow]


def parse(data: bytes, enrolled: Iterable[Enrolment]) -> Parsed:
    """Read the whole file against the session's enrolled (with their users); marks only if no row is bad."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return Parsed({}, [BadRow(1, _("The file is not UTF-8 text: save it as “CSV UTF-8”."))])
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None:
        return Parsed({}, [BadRow(1, _("The file is empty."))])
    columns = [name.strip().lower() for name in header]
    person = next((i for i, name in enumerate(columns) if name in PERSON_COLUMNS), None)
    mark = columns.index("attendance") if "attendance" in columns else None
    if person is None or mark is None:
        return Parsed({}, [BadRow(1, _("The first line names the columns: “username” (or “email”) and “attendance”."))])
    by_name, by_email = {}, {}
    for enrolment in enrolled:
        by_name[enrolment.user.username.lower()] = enrolment
        if enrolment.user.email:
            by_email[enrolment.user.email.lower()] = enrolment
    marks: dict[int, str] = {}
    first_line: dict[int, int] = {}
    errors: list[BadRow] = []
    line = reader.line_num
    for row in reader:
        start, line = line + 1, reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        who = row[person].strip() if person < len(row) else ""
        word = row[mark].strip() if mark < len(row) else ""
        enrolment = (by_email if "@" in who else by_name).get(who.lower())
        value = WORDS.get(word.lower())
        if not who:
            errors.append(BadRow(start, _("No username or e-mail address.")))
        elif enrolment is None:
            errors.append(BadRow(start, _("“%(who)s” is not enrolled on this session.") % {"who": who}))
        elif value is None:
            errors.append(
                BadRow(start, _("“%(word)s” is not present, partly or absent (出席, 部分出席, 缺席).") % {"word": word})
            )
        elif enrolment.pk in marks:
            earlier = first_line[enrolment.pk]
            errors.append(BadRow(start, _("%(who)s is already on line %(line)d.") % {"who": who, "line": earlier}))
        else:
            marks[enrolment.pk] = value
            first_line[enrolment.pk] = start
    if not errors and not marks:
        errors.append(BadRow(1, _("The file has no rows below its first line.")))
    return Parsed({} if errors else marks, errors)
