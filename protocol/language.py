"""What depends on the reader's language beyond translated strings: party names beside people, titles."""

import re
from dataclasses import dataclass
from datetime import date, datetime

from django.utils import formats, timezone
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

# The zone ids a reader knows as Beijing time (China has one zone).
BEIJING = {"Asia/Shanghai", "Asia/Chongqing", "Asia/Harbin", "PRC"}
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def is_chinese() -> bool:
    return (get_language() or "").startswith("zh")


def name_with_party(name: str, party) -> str:
    """E.g. "Zhang Wei (CAS)": the party's short name, in the reader's language and punctuation."""
    if party is None:
        return name
    return pgettext("a person and their party", "%(name)s (%(party)s)") % {"name": name, "party": party.short_name}


@dataclass(frozen=True)
class Titles:
    first: str  # in the reader's language when the record has a title in it
    second: str  # the other title, or ""


def titles_for_reader(title: str, title_other: str, *, title_language: str = "") -> Titles:
    """A record's two titles, the reader's language first. `title_language` is "zh" or "en" where the record
    says so (a document does); otherwise a title with Chinese characters in it is taken for the Chinese one."""
    if not title_other:
        return Titles(title, "")
    language = title_language or ("zh" if HAN.search(title) else "en")
    if language not in ("zh", "en") or (language == "zh") == is_chinese():
        return Titles(title, title_other)
    return Titles(title_other, title)


def aside(text) -> str:
    """A word in brackets after another, e.g. "(default)", in full-width brackets in Chinese (the catalogue's)."""
    return pgettext("a word in brackets after another", "(%(aside)s)") % {"aside": text}


def list_separator() -> str:
    """Between the items of a run-in list: "; " in English, the enumeration comma 、 in Chinese."""
    return pgettext("between the items of a run-in list", "; ")


def time_zone_name() -> str:
    """ "Beijing time" / 北京时间 for the portal's zone, never the raw id; another zone (a test, a deployment
    elsewhere) keeps its id."""
    zone = str(timezone.get_current_timezone())
    return _("Beijing time") if zone in BEIJING else zone


def date_in_words(value: date | str) -> str:
    """A date (or its ISO text, as stored in a notification) in the reader's format: 2026年12月1日 / 1 Dec 2026."""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    return formats.date_format(value, "DATE_FORMAT")


def datetime_in_words(value: datetime | str) -> str:
    """A moment (or its ISO text) in the reader's format and the portal's zone, with the zone named."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if timezone.is_naive(value):
        # Older notifications stored the portal's local time without a zone.
        value = timezone.make_aware(value)
    text = formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
    return pgettext("a date and time, then the zone", "%(moment)s %(zone)s") % {
        "moment": text,
        "zone": time_zone_name(),
    }
