"""What the trail records beyond model writes (those auditlog records by itself, protocol/audit/tracked.py).

Every function writes one entry. The actor and the address come from the caller or, inside a request, from
the audit middleware (protocol/audit/middleware.py); outside a request (a task, a command) they are empty."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from dateutil.relativedelta import relativedelta
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import models, transaction
from django.utils import timezone

from .middleware import client_address
from .models import Action, Entry

# The Cybersecurity Law keeps network logs at least six months; GB/T 22239 level 3 asks the same of audit records.
# Calendar months, not a number of days: 180 days fall up to four days short of six months.
RETENTION_MONTHS = 6
PURGE_BATCH = 5000
# An admin action over many rows names the first of them; the count says how many there were.
LISTED_IDS = 100
# Refused requests recorded per user and minute: enough to see someone walking through ids, not so many that a
# script's loop fills the trail. The first one past the cap says so.
REFUSALS_PER_MINUTE = 30


class RetentionError(ValueError):
    """A purge that would delete entries younger than the retention period."""


def event_record(
    *,
    action: Action,
    target: models.Model | None = None,
    target_type: type[models.Model] | None = None,
    target_repr: str = "",
    actor=None,
    address: str | None = None,
    detail: Mapping[str, Any] | None = None,
) -> Entry:
    """One entry for something that is not a model write: about `target` (an object), or about a kind of object
    (`target_type`, e.g. the rows of an export), or about nothing in particular."""
    model = target._meta.model if target is not None else target_type
    pk = target.pk if target is not None else None
    actor = actor if actor is not None and actor.is_authenticated else None
    return Entry.objects.create(
        action=action,
        content_type=ContentType.objects.get_for_model(model) if model is not None else None,
        object_pk="" if pk is None else str(pk),
        object_id=pk if isinstance(pk, int) else None,
        object_repr=target_repr or (str(target) if target is not None else ""),
        actor=actor,
        actor_email=actor.email if actor is not None else None,
        remote_addr=address,
        additional_data=dict(detail) if detail else None,
    )


def access_refused_record(*, request, status: int) -> Entry | None:
    """A signed-in user refused a page (403) or a record (404 on a URL naming one): who, what, from where
    (ASVS V16.3.2; GB/T 22239 8.1.4.3 a). At most REFUSALS_PER_MINUTE a user and minute."""
    user = request.user
    match = request.resolver_match
    if not user.is_authenticated or status not in (403, 404) or (status == 404 and not (match and match.kwargs)):
        return None
    minute = int(timezone.now().timestamp() // 60)
    key = f"audit:refused:{user.pk}:{minute}"
    cache.add(key, 0, timeout=120)
    try:
        count = cache.incr(key)
    except ValueError:  # the cache is down: record every refusal rather than none
        count = 1
    if count > REFUSALS_PER_MINUTE + 1:
        return None
    detail = {"status": status, "method": request.method, "path": request.path[:500]}
    if match is not None:
        detail["route"] = match.view_name
    if count == REFUSALS_PER_MINUTE + 1:
        detail["capped"] = f"further refusals of this user in this minute are not recorded ({REFUSALS_PER_MINUTE})"
    return event_record(action=Action.ACCESS_REFUSED, actor=user, address=_address(request), detail=detail)


def sign_in_record(*, user, request) -> Entry:
    return event_record(action=Action.SIGN_IN, target=user, actor=user, address=_address(request))


def sign_out_record(*, user, request) -> Entry | None:
    if user is None:  # signing out of no session is nothing to record
        return None
    return event_record(action=Action.SIGN_OUT, target=user, actor=user, address=_address(request))


def sign_in_failure_record(*, username: str, request) -> Entry:
    """A failed sign-in names the account tried when there is one (its trail then shows the attempts), and
    says whether the lockout refused it before the password was even checked."""
    username = (username or "")[:150]
    account = get_user_model().objects.filter(username=username).first() if username else None
    return event_record(
        action=Action.SIGN_IN_FAILED,
        target=account,
        target_repr=username,
        address=_address(request),
        detail={"username": username, "locked_out": bool(getattr(request, "axes_locked_out", False))},
    )


def file_access_record(*, action: Action, target: models.Model, by, detail: Mapping[str, Any]) -> Entry:
    """A download or preview of a file the other party may not have (the area decides which to record)."""
    return event_record(action=action, target=target, actor=by, detail=detail)


def export_record(
    *,
    request,
    name: str,
    fmt: str,
    model: type[models.Model] | None = None,
    target: models.Model | None = None,
) -> Entry:
    """An export: of a list (`model`: which rows, with which filters, the query string) or of one record's
    lines (`target`, e.g. a project's milestones), in which format."""
    query = request.GET.copy()
    query.pop("export", None)
    return event_record(
        action=Action.EXPORT,
        target=target,
        target_type=model,
        target_repr=name if target is None else f"{target} — {name}",
        actor=request.user,
        address=_address(request),
        detail={"format": fmt, "query": query.urlencode(), "path": request.path},
    )


def admin_action_record(*, request, model: type[models.Model], name: str, ids: Iterable) -> Entry:
    ids = list(ids)
    return event_record(
        action=Action.ADMIN_ACTION,
        target_type=model,
        target_repr=name,
        actor=request.user,
        address=_address(request),
        detail={"action": name, "count": len(ids), "ids": [str(pk) for pk in ids[:LISTED_IDS]]},
    )


def retention_limit(now: datetime.datetime | None = None) -> datetime.datetime:
    """The latest cutoff a purge may use: six calendar months before now, on the Beijing calendar (31 August
    gives the last day of February; relativedelta clamps the day)."""
    return timezone.localtime(now or timezone.now()) - relativedelta(months=RETENTION_MONTHS)


def trail_purge(*, before: datetime.datetime, dry_run: bool = False) -> int:
    """Delete the entries older than `before`, and record that it was done. Refuses a `before` later than the
    retention period allows: nothing younger than RETENTION_MONTHS is ever deleted."""
    limit = retention_limit()
    if before > limit:
        raise RetentionError(before, limit)
    old = Entry.objects.filter(timestamp__lt=before)
    if dry_run:
        return old.count()
    deleted = 0
    while ids := list(old.values_list("pk", flat=True)[:PURGE_BATCH]):
        with transaction.atomic():
            deleted += Entry.objects.filter(pk__in=ids).delete()[0]
    event_record(action=Action.PURGE, detail={"before": before.isoformat(), "deleted": deleted})
    return deleted


def _address(request) -> str | None:
    return client_address(request) if request is not None else None
