"""An entry as people read it: each change as field, before and after; each detail of an event as a line.
Pure Python over the row (no query), so a page of entries costs what one entry does."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .models import Entry

MAX_VALUE = 200  # characters of a value shown; the export keeps the whole


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


def changes_of(entry: Entry, *, limit: int | None = MAX_VALUE) -> list[Change]:
    model = entry.content_type.model_class() if entry.content_type_id else None
    lines = []
    for name, value in (entry.changes or {}).items():
        label = _field_label(model, name)
        if isinstance(value, dict) and value.get("type") == "m2m":
            objects = ", ".join(value.get("objects", []))
            added = value.get("operation") == "add"
            lines.append(Change(label, "" if added else objects, objects if added else ""))
        else:
            before, after = [*value, "", ""][:2]
            lines.append(Change(label, _text(before, limit), _text(after, limit)))
    return lines


def details_of(entry: Entry) -> list[tuple[str, str]]:
    return [(key, _text(value, MAX_VALUE)) for key, value in (entry.additional_data or {}).items()]


def changes_text(entry: Entry) -> str:
    """One line per change, for the export."""
    return "\n".join(f"{c.field}: {c.before} → {c.after}" for c in changes_of(entry, limit=None))


def details_text(entry: Entry) -> str:
    return "\n".join(f"{key}: {value}" for key, value in (entry.additional_data or {}).items())


def object_type_name(entry: Entry) -> str:
    model = entry.content_type.model_class() if entry.content_type_id else None
    return capfirst(model._meta.verbose_name) if model is not None else ""


def actor_name(entry: Entry) -> str:
    if entry.actor is not None:
        return f"{entry.actor.full_name} ({entry.actor.username})"
    return entry.actor_email or _("the portal")


def _field_label(model, name: str) -> str:
    try:
        field = model._meta.get_field(name) if model is not None else None
    except FieldDoesNotExist:
        field = None
    # A reverse relation (auditlog names some) has no verbose name: its own name then.
    return str(capfirst(getattr(field, "verbose_name", name)))


def _text(value, limit: int | None) -> str:
    text = "" if value is None or value == "None" else str(value)
    return text[:limit] + "…" if limit is not None and len(text) > limit else text
