"""Row locks for the services: re-read a record under `SELECT … FOR UPDATE` before deciding on its state."""

from collections.abc import Iterable
from typing import TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model

from .errors import RecordMovedOn

M = TypeVar("M", bound=Model)


def locked(record: M, *, related: Iterable[str] = (), gone: str = "") -> M:
    """`record` as it is now, its row locked until the transaction ends; `gone` is the message when it was
    deleted meanwhile (without one, DoesNotExist goes through). Only the record's own row is locked."""
    rows = type(record)._default_manager.select_for_update(of=("self",)).select_related(*related)
    try:
        return rows.get(pk=record.pk)
    except ObjectDoesNotExist:
        if not gone:
            raise
        raise RecordMovedOn(gone) from None
