"""What a year's report is built from, as plain data in both languages: it is stored as canonical JSON with its
SHA-256 beside the files, so a generation can always say what it said and why.

Only what both parties see enters it (the registry's figures and the ledger read for user None): nothing internal
to a party, no draft."""

from datetime import date

from django.db.models import Q
from django.utils import translation

from protocol import registry
from protocol.activities.models import Activity, Status
from protocol.activities.selectors import activities_visible_to
from protocol.areas import AREA_DESCRIPTIONS, Area
from protocol.parties.models import Party

from .models import Highlight

LANGUAGES = ("zh", "en")
_DJANGO_LANGUAGE = {"zh": "zh-hans", "en": "en"}
UNCONFIRMED = (Status.LOGGED, Status.RETURNED)


def both(text) -> dict[str, str]:
    """A translatable text in each edition's language."""
    words = {}
    for language in LANGUAGES:
        with translation.override(_DJANGO_LANGUAGE[language]):
            words[language] = str(text)
    return words


def report_data(*, year: int, written_on: date) -> dict:
    """The year's report as data: a fixed number of queries whatever the number of activities."""
    parties = list(Party.objects.order_by("code"))
    codes = {party.pk: party.code for party in parties}
    activities = list(
        activities_visible_to(None)
        .filter(start_date__gte=date(year, 1, 1), start_date__lt=date(year + 1, 1, 1))
        .filter(status__in=(Status.CONFIRMED, *UNCONFIRMED))
        .order_by("start_date", "pk")
        .values("pk", "area", "kind", "title", "title_other", "start_date", "end_date", "location", "lead_party",
                "status")
    )  # fmt: skip
    kinds = {kind: both(label) for kind, label in Activity._meta.get_field("kind").choices}
    statuses = {status: both(status.label) for status in Status}
    figures = [figure for app in registry.registered() if app.figures for figure in app.figures(None, years=[year])]
    highlights = list(
        Highlight.objects.filter(year=year)
        .filter(Q(activity__isnull=True) | Q(activity__status=Status.CONFIRMED, activity__start_date__year=year))
        .select_related("activity")
        .order_by("area", "created_at", "pk")
    )
    areas = []
    for area in Area:
        rows = [_activity(row, codes, kinds, statuses) for row in activities if row["area"] == area.value]
        areas.append(
            {
                "area": area.value,
                "label": both(area.label),
                "description": both(AREA_DESCRIPTIONS[area]),
                "figures": [
                    {"key": f.key, "label": both(f.label), "party": codes.get(f.party_id, ""), "value": f.value}
                    for f in sorted(figures, key=lambda f: (f.key, codes.get(f.party_id, "")))
                    if f.area == area and f.year == year
                ],
                "highlights": [
                    {
                        "text": {"zh": h.text_zh, "en": h.text_en},
                        "activity": h.activity_id,
                        "activity_title": h.activity.title if h.activity else "",
                    }
                    for h in highlights
                    if h.area == area.value
                ],
                "confirmed": [row for row in rows if row["status"] == Status.CONFIRMED],
                "unconfirmed": [row for row in rows if row["status"] != Status.CONFIRMED],
            }
        )
    return {
        "year": year,
        "written_on": written_on.isoformat(),
        "parties": [
            {
                "code": party.code,
                "name": {"zh": party.name_zh, "en": party.name_en},
                "short_name": {"zh": party.short_name_zh or party.code, "en": party.short_name_en or party.code},
            }
            for party in parties
        ],
        "areas": areas,
    }


def _activity(row: dict, codes: dict, kinds: dict, statuses: dict) -> dict:
    return {
        "id": row["pk"],
        "area": row["area"],
        "kind": kinds.get(row["kind"], {"zh": row["kind"], "en": row["kind"]}),
        "title": row["title"],
        "title_other": row["title_other"],
        "start": row["start_date"].isoformat(),
        "end": row["end_date"].isoformat() if row["end_date"] else "",
        "location": row["location"],
        "lead_party": codes.get(row["lead_party"], ""),
        "status": row["status"],
        "status_label": statuses[row["status"]],
    }


def appendix(data: dict) -> list[dict]:
    """Every confirmed activity of the year, by date."""
    rows = [row for area in data["areas"] for row in area["confirmed"]]
    return sorted(rows, key=lambda row: (row["start"], row["id"]))


def localised(data: dict, language: str) -> dict:
    """The data as one edition reads it: every two-language text in `language` (zh or en)."""

    def pick(value):
        if isinstance(value, dict):
            if set(value) == set(LANGUAGES):
                return value[language]
            return {key: pick(item) for key, item in value.items()}
        if isinstance(value, list):
            return [pick(item) for item in value]
        return value

    edition = pick(data)
    # A highlight written in one language only is shown in that language in both editions.
    other = "zh" if language == "en" else "en"
    for area, source in zip(edition["areas"], data["areas"], strict=True):
        for highlight, original in zip(area["highlights"], source["highlights"], strict=True):
            highlight["text"] = original["text"][language] or original["text"][other]
    parties = {party["code"]: party for party in edition["parties"]}
    for area in edition["areas"]:
        for row in (*area["confirmed"], *area["unconfirmed"]):
            row["lead_party_name"] = parties.get(row["lead_party"], {}).get("short_name", row["lead_party"])
        for figure in area["figures"]:
            figure["party_name"] = parties.get(figure["party"], {}).get("short_name", figure["party"])
    edition["appendix"] = appendix(edition)
    return edition
