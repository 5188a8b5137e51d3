"""Reading an attendance file: every row first, each bad one by its line, no marks at all when one is bad."""

import pytest

from cooperation.training import attendance_csv
from cooperation.training.models import Enrolment
from protocol.parties.models import User

# The portal speaks Chinese by default; these tests read the English messages.
pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def enrolled(db):
    """Two enrolments (unsaved) of two people, as the parser reads them."""
    people = [
        User(username="li.ming", email="li.ming@cas.example.cn"),
        User(username="wang.fang", email=""),
    ]
    return [Enrolment(pk=10 + n, user=person) for n, person in enumerate(people)]


def parse(text: str, enrolled, encoding: str = "utf-8"):
    return attendance_csv.parse(text.encode(encoding), enrolled)


def test_usernames_and_addresses_in_any_case_with_english_or_chinese_words(enrolled):
    parsed = parse("Username,Attendance\nLI.MING,出席\nwang.fang, partly present \n", enrolled)
    assert parsed.errors == [] and parsed.marks == {10: "present", 11: "partly"}
    parsed = parse("email,attendance\nLi.Ming@cas.example.cn,缺席\n", enrolled)
    assert parsed.marks == {10: "absent"}


def test_a_byte_order_mark_and_windows_line_ends_are_read(enrolled):
    parsed = attendance_csv.parse("\ufeffusername,attendance\r\nli.ming,部分出席\r\n".encode(), enrolled)
    assert parsed.marks == {10: "partly"}


def test_every_bad_row_is_reported_by_its_line_and_nothing_is_marked(enrolled):
    text = "username,attendance\nli.ming,present\n\nnobody,present\nwang.fang,late\n,absent\nli.ming,absent\n"
    parsed = parse(text, enrolled)
    assert parsed.marks == {}
    assert [(row.line, row.reason) for row in parsed.errors] == [
        (4, "“nobody” is not enrolled on this session."),
        (5, "“late” is not present, partly or absent (出席, 部分出席, 缺席)."),
        (6, "No username or e-mail address."),
        (7, "li.ming is already on line 2."),
    ]


def test_a_quoted_cell_over_two_lines_keeps_the_following_line_numbers(enrolled):
    parsed = parse('username,attendance,note\nli.ming,present,"one\ntwo"\nnobody,absent,\n', enrolled)
    assert [row.line for row in parsed.errors] == [4]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("", "The file is empty."),
        ("name,present\nli.ming,present\n", "The first line names the columns"),
        ("username,attendance\n", "The file has no rows below its first line."),
    ],
)
def test_a_file_without_its_columns_or_rows_is_refused_on_line_1(enrolled, content, reason):
    parsed = parse(content, enrolled)
    assert parsed.marks == {} and parsed.errors[0].line == 1 and parsed.errors[0].reason.startswith(reason)


def test_a_file_in_another_encoding_is_refused(enrolled):
    parsed = parse("username,attendance\nli.ming,出席\n", enrolled, encoding="gb18030")
    assert parsed.marks == {} and "not UTF-8" in parsed.errors[0].reason
