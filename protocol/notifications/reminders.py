"""Reminders: each app registers the functions that find what is due; beat runs them all.

A reminder function yields one `Due` per item (and stage) that needs a reminder; the decorator writes them,
each in its own transaction, as outbox rows keyed by the item and the stage, so each is written once per
recipient however often (or however late) beat runs. Apps write no enqueue loop of their own."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import wraps

from django.db import models, transaction
from django.utils import timezone

from . import outbox
from .kinds import NotificationKind


@dataclass(frozen=True)
class Due:
    kind: NotificationKind
    recipients: Iterable
    target: models.Model
    dedupe_key: str
    params: dict = field(default_factory=dict)


_REMINDERS: list[Callable[..., int]] = []


def reminder(find_due: Callable[..., Iterable[Due]]) -> Callable[..., int]:
    """Register `find_due(now=...)`; the registered function returns how many rows it wrote."""

    @wraps(find_due)
    def send(*, now: datetime) -> int:
        return due_enqueue(rows=find_due(now=now))

    _REMINDERS.append(send)
    return send


def due_enqueue(*, rows: Iterable[Due]) -> int:
    """Write the reminders' outbox rows; returns how many were written now (not before, by their keys)."""
    written = 0
    for due in rows:
        # One item's rows commit together, and a later item's failure does not undo them.
        with transaction.atomic():
            written += len(
                outbox.enqueue(
                    kind=due.kind,
                    recipients=due.recipients,
                    target=due.target,
                    params=due.params,
                    dedupe_key=due.dedupe_key,
                )
            )
    return written


def reminders_send(*, now: datetime | None = None) -> int:
    now = now or timezone.now()
    return sum(send(now=now) for send in _REMINDERS)
