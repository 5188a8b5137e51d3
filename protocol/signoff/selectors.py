"""Reads of the sign-off record; the target must already be one the reader may see."""

from collections.abc import Collection

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet, Subquery

from protocol.parties.models import Party

from .content import Version
from .models import Decision, SignOff


def parties_required(*, internal: bool, owner_party_id: int) -> set[int]:
    """Who signs off: both parties for joint content; content internal to one party is that party's alone."""
    if internal:
        return {owner_party_id}
    return set(Party.objects.values_list("pk", flat=True))


def signoffs_of(target: models.Model, *, version: Version | None = None) -> QuerySet[SignOff]:
    """Every decision on the target (or on one version of it), oldest first, with who made it for which party."""
    decisions = SignOff.objects.of(target).select_related("party", "by", "by__party")
    return decisions.naming(version) if version else decisions


def approvals_of(target: models.Model, *, version: Version) -> QuerySet[SignOff]:
    """The approval record of one version: which party, who, when."""
    return (
        SignOff.objects.of(target)
        .naming(version)
        .approvals()
        .select_related("party", "by")
        .order_by("party__code", "at", "pk")
    )


def parties_approved(target: models.Model, *, version: Version) -> set[int]:
    return set(SignOff.objects.of(target).naming(version).approvals().values_list("party_id", flat=True))


def parties_waiting(target: models.Model, *, version: Version, required_parties: Collection[int]) -> set[int]:
    """The required parties that have not approved this version yet (a request for changes is no approval)."""
    return set(required_parties) - parties_approved(target, version=version)


def approvals_by_party(party_id: int, *, model: type[models.Model]) -> QuerySet[SignOff]:
    """Every approval `party_id` gave on records of `model`: an area narrows it with OuterRef to "this version of
    this record", for its "waiting for your party" selectors. The content type is named, not looked up, so a
    page asking costs the same queries in a fresh process as in a warm one. As a scalar subquery, not a join:
    PostgreSQL then reads each record's sign-offs by the (content type, object) index instead of matching every
    approval of the model against every record (5.9 s for the minutes waiting at ten years, measured)."""
    content_type = ContentType.objects.filter(app_label=model._meta.app_label, model=model._meta.model_name)
    return SignOff.objects.filter(
        content_type_id=Subquery(content_type.values("pk")[:1]),
        party_id=party_id,
        decision=Decision.APPROVED,
    )


def stale_approvals(target: models.Model, *, current: Version) -> QuerySet[SignOff]:
    """Approvals of another version than the current one: they no longer count."""
    return (
        SignOff.objects.of(target)
        .approvals()
        .exclude(sha256=current.sha256, version=current.label)
        .select_related("party", "by")
    )


def approvals_are_stale(target: models.Model, *, current: Version) -> bool:
    """Whether the record was approved in a form that is no longer its current content."""
    return stale_approvals(target, current=current).exists()
