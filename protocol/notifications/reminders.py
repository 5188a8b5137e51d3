"""Reminders: each app registers the functions that find what is due; beat runs them all.

A reminder is an outbox row with a key naming the item and the stage, so each is written once
per recipient, however often (or however late) beat runs."""

from collections.abc import Callable
from datetime import datetime

from django.utils import timezone

_REMINDERS: list[Callable[..., int]] = []


def reminder(find_and_enqueue: Callable[..., int]) -> Callable[..., int]:
    """Register `find_and_enqueue(now=...)`, which queues what is due and returns how many rows it wrote."""
    _REMINDERS.append(find_and_enqueue)
    return find_and_enqueue


def reminders_send(*, now: datetime | None = None) -> int:
    now = now or timezone.now()
    return sum(find_and_enqueue(now=now) for find_and_enqueue in _REMINDERS)
