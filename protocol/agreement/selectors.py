"""Reads of the agreement's record, scoped to who is asking."""

from dataclasses import dataclass
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, Q, QuerySet

from protocol.areas import AREA_DESCRIPTIONS, Area
from protocol.parties.models import Party
from protocol.parties.selectors import coordinators_of, parties_all
from protocol.signoff.models import Decision, SignOff
from protocol.signoff.selectors import parties_required, signoffs_of
from protocol.visibility import has_party, party_scoped

from . import permissions
from .models import (
    VERSION_PREFIX,
    Agreement,
    AgreementArea,
    Amendment,
    AmendmentStatus,
    AmendmentVersion,
    KeyDate,
    Liaison,
)


def agreement_current() -> Agreement | None:
    """The agreement (one row), with its areas in the protocol's order and its dates."""
    agreement = (
        Agreement.objects.order_by("pk")
        .prefetch_related(Prefetch("dates", queryset=KeyDate.objects.order_by("on", "pk")))
        .first()
    )
    return agreement


def areas_of(agreement: Agreement | None) -> list[tuple[Area, str]]:
    """Each of the five areas, in the protocol's order, with what the agreement says of it in the reader's
    language (the portal's own summary where the text has not been entered)."""
    by_area: dict[str, AgreementArea] = {row.area: row for row in agreement.areas.all()} if agreement else {}
    return [(area, by_area[area.value].text if area.value in by_area else AREA_DESCRIPTIONS[area]) for area in Area]


def agreements_visible_to(user) -> QuerySet[Agreement]:
    """The record beyond its public page (amendments, liaisons, reminders) is for staff of the parties."""
    return Agreement.objects.all() if has_party(user) else Agreement.objects.none()


def amendments_visible_to(user) -> QuerySet[Amendment]:
    """Both parties read an amendment once it has been proposed; a draft is its party's alone."""
    rows = Amendment.objects.select_related("party", "current_version", "approved_version", "created_by")
    return party_scoped(rows, user, owner="party", shared=~Q(status=AmendmentStatus.DRAFT))


def amendment_for(user, pk: int) -> Amendment:
    return amendments_visible_to(user).get(pk=pk)


def versions_of(amendment: Amendment) -> list[AmendmentVersion]:
    return list(amendment.versions.select_related("proposed_by", "proposed_by__party").order_by("-number"))


def required_parties(amendment: Amendment) -> set[int]:
    """An amendment binds both parties: a coordinator of each approves it."""
    return parties_required(internal=False, owner_party_id=amendment.party_id)


def decisions_of(amendment: Amendment) -> list[SignOff]:
    """Every decision on the amendment's versions, newest first, each with the number of its version."""
    decisions = list(signoffs_of(amendment).order_by("-at", "-pk"))
    for decision in decisions:
        decision.number = decision.version.removeprefix(VERSION_PREFIX)
    return decisions


@dataclass(frozen=True)
class PartyDecision:
    party: Party
    approval: SignOff | None

    @property
    def approved(self) -> bool:
        return self.approval is not None


def approvals_by_party(version: AmendmentVersion, decisions: list[SignOff]) -> list[PartyDecision]:
    """For one version, each party and its approval of that version (None: not approved)."""
    rows = []
    for party in parties_all():
        approval = next(
            (
                d
                for d in decisions
                if d.party_id == party.pk
                and d.decision == "approved"
                and d.sha256 == version.sha256
                and d.version == version.version.label
            ),
            None,
        )
        rows.append(PartyDecision(party=party, approval=approval))
    return rows


def coordinators_for(amendment: Amendment):
    return coordinators_of(required_parties(amendment))


def liaisons_visible_to(user) -> QuerySet[Liaison]:
    """Both parties' liaisons, ordered by party, area and name (the directory's keyset order)."""
    if not permissions.can_read_liaisons(user):
        return Liaison.objects.none()
    return Liaison.objects.select_related("party", "user").order_by("party_id", "area", "full_name", "pk")


def liaison_for(user, pk: int) -> Liaison:
    return liaisons_visible_to(user).get(pk=pk)


def dates_between(agreement: Agreement | None, *, start: date | None = None, end: date | None = None):
    """The agreement's dates that matter (the term's end, reviews, renewals) within [start, end]: (what, date, row)."""
    if agreement is None:
        return []
    rows: list[tuple[str, date, object]] = []
    if agreement.term_end:
        rows.append(("term_end", agreement.term_end, agreement))
    rows += [(key_date.kind, key_date.on, key_date) for key_date in agreement.dates.all()]
    return sorted(
        (row for row in rows if (start is None or row[1] >= start) and (end is None or row[1] <= end)),
        key=lambda row: row[1],
    )


def amendments_waiting_for(user) -> list[Amendment]:
    """The amendments whose current version waits for the approval of the user's party (coordinators only)."""
    if not permissions.can_sign_off_amendments(user):
        return []
    rows = list(
        amendments_visible_to(user).filter(status=AmendmentStatus.IN_REVIEW).order_by("current_version__proposed_at")
    )
    approved = set(
        SignOff.objects.filter(
            content_type=ContentType.objects.get_for_model(Amendment),
            object_id__in=[row.pk for row in rows],
            party_id=user.party_id,
            decision=Decision.APPROVED,
        ).values_list("object_id", "sha256", "version")
    )
    return [
        row for row in rows if (row.pk, row.current_version.sha256, row.current_version.version.label) not in approved
    ]
