"""Two-party sign-off: each required party approves the same exact content, once.

An area calls these inside its own transaction, having locked its record (they lock it again, a no-op
then, so a caller that did not is safe too), and locks its record itself when the state is complete."""

from collections.abc import Collection
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from protocol.errors import RecordMovedOn
from protocol.locking import locked
from protocol.parties.models import User

from .content import Version, canonical_sha256
from .models import Decision, SignOff
from .permissions import can_sign_off
from .selectors import parties_approved

__all__ = [
    "AlreadyApproved",
    "SignOffError",
    "SignOffState",
    "StaleVersion",
    "Version",
    "canonical_sha256",
    "signoff_approve",
    "signoff_request_changes",
]


class SignOffError(RecordMovedOn):
    """The record moved on (a new version, an approval) since the page was loaded."""


class StaleVersion(SignOffError):
    """The version decided on is no longer the current one."""


class AlreadyApproved(SignOffError):
    """The party has already approved this version."""


@dataclass(frozen=True)
class SignOffState:
    """Where one version stands: which required parties approved it."""

    version: Version
    required: frozenset[int]
    approved: frozenset[int]

    @property
    def waiting(self) -> frozenset[int]:
        return self.required - self.approved

    @property
    def complete(self) -> bool:
        return not self.waiting


def signoff_approve(
    *,
    target: models.Model,
    version: Version,
    current: Version,
    by: User,
    required_parties: Collection[int],
    deciders: Collection[int] | None = None,
) -> SignOffState:
    """Record the approval of `version` for the approver's party; `complete` once every required party has.
    `deciders`: the user ids who decide instead of the parties' coordinators (see `can_sign_off`)."""
    with transaction.atomic():
        # Two approvals at once must not both miss the other's: they queue on the target's row.
        locked(target)
        _check(by=by, version=version, current=current, required_parties=required_parties, deciders=deciders)
        if SignOff.objects.of(target).naming(version).approvals().filter(party_id=by.party_id).exists():
            raise AlreadyApproved(_("Your party has already approved this version."))
        _record(target=target, version=version, by=by, decision=Decision.APPROVED)
        approved = parties_approved(target, version=version)
    required = frozenset(required_parties)
    return SignOffState(version=version, required=required, approved=frozenset(approved) & required)


def signoff_request_changes(
    *,
    target: models.Model,
    version: Version,
    current: Version,
    by: User,
    comment: str,
    required_parties: Collection[int],
    deciders: Collection[int] | None = None,
) -> SignOff:
    """Record that the approver's party asks for changes to `version`, saying which."""
    if not comment.strip():
        raise ValidationError({"comment": _("Say what should change.")})
    with transaction.atomic():
        locked(target)
        _check(by=by, version=version, current=current, required_parties=required_parties, deciders=deciders)
        return _record(target=target, version=version, by=by, decision=Decision.CHANGES_REQUESTED, comment=comment)


def _check(
    *, by: User, version: Version, current: Version, required_parties: Collection[int], deciders: Collection[int] | None
) -> None:
    if not can_sign_off(by, required_parties, deciders=deciders):
        raise PermissionDenied
    if version != current:
        raise StaleVersion(_("This version has been superseded; review the current one."))


def _record(*, target: models.Model, version: Version, by: User, decision: str, comment: str = "") -> SignOff:
    return SignOff.objects.create(
        target=target,
        sha256=version.sha256,
        version=version.label,
        party_id=by.party_id,
        by=by,
        decision=decision,
        comment=comment,
    )
