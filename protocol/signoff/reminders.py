"""For an area's `@reminder`: "this version is waiting for your party's sign-off"."""

from collections.abc import Collection

from django.db import models

from protocol.notifications.kinds import NotificationKind
from protocol.notifications.reminders import Due
from protocol.parties.selectors import coordinators_of

from .content import Version
from .selectors import parties_waiting


def remind_parties_waiting(
    *,
    target: models.Model,
    version: Version,
    required_parties: Collection[int],
    kind: NotificationKind,
    params: dict,
    dedupe_key: str,
    about: models.Model | None = None,
) -> Due:
    """The reminder to the coordinators of every required party that has not approved `version` yet, once per
    `dedupe_key`; `about` is what the notice links to (the target by default)."""
    waiting = parties_waiting(target, version=version, required_parties=required_parties)
    return Due(
        kind=kind,
        recipients=coordinators_of(waiting),
        target=about if about is not None else target,
        params=params,
        dedupe_key=dedupe_key,
    )
