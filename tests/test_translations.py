"""The zh_Hans catalogue: complete, safe to format, compiled, and actually served.

When one of these fails after new strings were added: run `make messages`, translate the new
entries in locale/zh_Hans/LC_MESSAGES/django.po (drop any `#, fuzzy` flag once checked), then
run `make messages` again so the .mo is recompiled, and commit both files.
"""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

PO_PATH = Path(settings.LOCALE_PATHS[0]) / "zh_Hans" / "LC_MESSAGES" / "django.po"
MO_PATH = PO_PATH.with_suffix(".mo")

# %(name)s, %(count)d, %(limit_value)d ...: Django fills these from a dict (blocktranslate
# variables end up in this form in the catalogue too).
NAMED_PERCENT = re.compile(r"%\((\w+)\)[#0\- +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")
# %s, %d and a literal %%: positional, so order and count matter.
POSITIONAL_PERCENT = re.compile(r"%(?!\()[#0\- +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]")
# {name}, {0}, {{ name }}: str.format() fields and template variables.
BRACES = re.compile(r"\{\{\s*[\w.]+\s*\}\}|\{\w*\}")


@pytest.fixture(scope="module")
def po():
    return polib.pofile(str(PO_PATH))


def _label(entry) -> str:
    return f"{entry.msgid!r} ({', '.join(entry.occurrences[0]) if entry.occurrences else 'no reference'})"


def _tokens(text: str, *, python_format: bool) -> tuple:
    named = frozenset(match.group(0) for match in NAMED_PERCENT.finditer(text))
    braces = frozenset(re.sub(r"\s+", "", match.group(0)) for match in BRACES.finditer(text))
    # Positional markers only mean something when the string is %-formatted.
    positional = tuple(POSITIONAL_PERCENT.findall(text)) if python_format else ()
    return named, braces, positional


def _translations(entry) -> list[tuple[str, str]]:
    """(source, translation) pairs: a plural form is checked against the plural msgid, since
    Chinese has a single form that serves every count."""
    if entry.msgid_plural:
        return [(entry.msgid_plural, text) for _, text in sorted(entry.msgstr_plural.items())]
    return [(entry.msgid, entry.msgstr)]


def test_catalogue_header(po):
    assert po.metadata.get("Language") == "zh_Hans"
    assert "charset=UTF-8" in po.metadata.get("Content-Type", "")
    assert po.metadata.get("Plural-Forms") == "nplurals=1; plural=0;"
    assert not po.metadata_is_fuzzy, "remove `#, fuzzy` above the header"


def test_every_entry_is_translated_none_fuzzy_none_obsolete(po):
    untranslated = [_label(entry) for entry in po.untranslated_entries()]
    fuzzy = [_label(entry) for entry in po.fuzzy_entries()]
    obsolete = [entry.msgid for entry in po.obsolete_entries()]
    assert not untranslated, f"untranslated in {PO_PATH.name}: {untranslated}"
    assert not fuzzy, f"fuzzy (check, then remove the flag): {fuzzy}"
    assert not obsolete, f"obsolete entries (`#~`; makemessages --no-obsolete drops them): {obsolete}"


def test_plural_entries_have_exactly_one_form(po):
    wrong = [_label(entry) for entry in po if entry.msgid_plural and sorted(entry.msgstr_plural) != [0]]
    assert not wrong, f"Chinese has one plural form: keep msgstr[0] only in {wrong}"


def test_translations_keep_every_placeholder(po):
    broken = []
    for entry in po.translated_entries():
        python_format = "python-format" in entry.flags
        for source, translation in _translations(entry):
            expected = _tokens(source, python_format=python_format)
            found = _tokens(translation, python_format=python_format)
            if expected != found:
                broken.append(f"{_label(entry)}: expected {expected}, found {found} in {translation!r}")
    assert not broken, "placeholders differ between msgid and msgstr:\n" + "\n".join(broken)


# Chinese text takes full-width brackets and semicolons (U+FF08, U+FF09, U+FF1B); a half-width one touching a Chinese
# character is a slip. Brackets touching only Latin text or markup, as in Markdown's [链接](https://…), are not.
HAN = r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
HALF_WIDTH_IN_CHINESE = re.compile(rf"{HAN}[ \t]*[();]|[();][ \t]*{HAN}")


def half_width_in_chinese(text: str) -> list[str]:
    return [text[max(m.start() - 3, 0) : m.end() + 3] for m in HALF_WIDTH_IN_CHINESE.finditer(text)]


@pytest.mark.parametrize(
    ("text", "slips"),
    [
        ("方式(默认)", 2),
        ("已逾期 (待确认)", 2),
        ("甲; 乙", 1),
        ("方式（默认）；下一项", 0),
        ("“%(title)s”（%(owner)s）", 0),
        ("支持 Markdown：[链接](https://…)。", 0),
        ("Markdown (bold; italic)", 0),
    ],
)
def test_the_punctuation_check_finds_half_width_brackets_and_semicolons_touching_chinese(text, slips):
    assert len(half_width_in_chinese(text)) == slips


def test_chinese_text_uses_full_width_brackets_and_semicolons(po):
    slips = [
        f"{_label(entry)}: {found}"
        for entry in po.translated_entries()
        for _, translation in _translations(entry)
        if (found := half_width_in_chinese(translation))
    ]
    assert not slips, "use （）and ；/、 inside Chinese text:\n" + "\n".join(slips)


def test_python_format_translations_actually_format(po):
    """A stray % in a translation breaks `%` formatting even when the named placeholders match."""
    broken = []
    for entry in po.translated_entries():
        if "python-format" not in entry.flags:
            continue
        for source, translation in _translations(entry):
            names = set(NAMED_PERCENT.findall(source)) | set(NAMED_PERCENT.findall(entry.msgid))
            try:
                if names:
                    translation % dict.fromkeys(names, 1)
                elif POSITIONAL_PERCENT.search(source):
                    translation % tuple(1 for token in POSITIONAL_PERCENT.findall(source) if token != "%%")
            except (KeyError, ValueError, TypeError) as exc:
                broken.append(f"{_label(entry)}: {translation!r} raises {exc!r}")
    assert not broken, "\n".join(broken)


def _catalogue(entries) -> dict:
    catalogue = {}
    for entry in entries:
        if entry.obsolete or "fuzzy" in entry.flags or not entry.msgid:
            continue
        key = (entry.msgctxt, entry.msgid, entry.msgid_plural or None)
        if entry.msgid_plural:
            catalogue[key] = tuple(text for _, text in sorted(entry.msgstr_plural.items()))
        elif entry.msgstr:
            catalogue[key] = entry.msgstr
    return catalogue


def test_compiled_catalogue_matches_the_po(po):
    """Compares contents, not modification times (git does not keep those)."""
    assert MO_PATH.exists(), "compile the catalogue: make messages"
    mo = polib.mofile(str(MO_PATH))
    compiled, source = _catalogue(mo), _catalogue(po)
    stale = sorted(str(key[1]) for key in source.keys() | compiled.keys() if source.get(key) != compiled.get(key))
    assert not stale, f"{MO_PATH.name} is out of date with {PO_PATH.name}; run make messages. Differs: {stale}"
    assert mo.metadata.get("Plural-Forms") == po.metadata.get("Plural-Forms")


@pytest.mark.django_db
def test_login_page_speaks_chinese_to_a_chinese_browser(client, po):
    heading = po.find("Sign in to the cooperation portal")
    sign_in = po.find("Sign in")
    assert re.search(r"[\u4e00-\u9fff]", sign_in.msgstr), "the translation of 'Sign in' should be Chinese"

    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert response.status_code == 200
    assert response.headers["Content-Language"] == "zh-hans"
    html = response.content.decode()
    assert '<html lang="zh-hans">' in html
    assert heading.msgstr in html
    assert f">{sign_in.msgstr}</button>" in html
    assert "Sign in to the cooperation portal" not in html


@pytest.mark.django_db
def test_login_page_speaks_english_to_an_english_browser(client, po):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert response.headers["Content-Language"] == "en"
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Sign in to the cooperation portal" in html
    assert ">Sign in</button>" in html
    assert po.find("Sign in to the cooperation portal").msgstr not in html
