"""Writes of the agreement's record: amendments both parties approve through the two-party sign-off, and the
liaisons' directory. Each service is atomic and writes its notices in its own transaction."""

from dataclasses import asdict, dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from protocol.areas import Area
from protocol.errors import RecordMovedOn
from protocol.locking import locked
from protocol.notifications import outbox
from protocol.notifications.services import notifications_resolve
from protocol.parties.models import Party, User
from protocol.parties.selectors import coordinators_of
from protocol.signoff import services as signoff
from protocol.signoff.content import canonical_sha256

from . import permissions
from .models import Amendment, AmendmentStatus, AmendmentVersion, Liaison
from .notifications import AMENDMENT_APPROVAL_NEEDED, AMENDMENT_CHANGES_REQUESTED, AMENDMENT_IN_FORCE
from .selectors import agreement_current, coordinators_for, required_parties


class AmendmentError(RecordMovedOn):
    """The amendment moved on (proposed again, approved, in force) since the page was loaded."""


@dataclass(frozen=True)
class AmendmentFields:
    title_zh: str
    title_en: str
    text_zh: str
    text_en: str
    area: str  # "" for the agreement as a whole
    effective_on: date


def amendment_content(amendment: Amendment) -> dict:
    """What both parties approve: the text in both languages, what it concerns and when it takes effect."""
    return {
        "title_zh": amendment.title_zh,
        "title_en": amendment.title_en,
        "text_zh": amendment.text_zh,
        "text_en": amendment.text_en,
        "area": amendment.area,
        "effective_on": amendment.effective_on.isoformat(),
    }


def amendment_check(*, fields: AmendmentFields) -> None:
    """The rules an amendment's text keeps, asked by the form too (so one submit shows every problem)."""
    errors = {}
    for name in ("title_zh", "title_en", "text_zh", "text_en"):
        value = getattr(fields, name)
        if value is not None and not value.strip():
            errors[name] = _("Write it in both languages: both parties approve both texts.")
    if fields.area not in ("", *Area.values):
        errors["area"] = _("Choose an area of the agreement, or the agreement as a whole.")
    agreement = agreement_current()
    if fields.effective_on and agreement is not None:
        if agreement.term_end and fields.effective_on > agreement.term_end:
            errors["effective_on"] = _("The agreement's term ends before this date.")
        elif agreement.signed_on and fields.effective_on < agreement.signed_on:
            errors["effective_on"] = _("The agreement was signed after this date.")
    if errors:
        raise ValidationError(errors)


def amendment_create(*, by: User, fields: AmendmentFields) -> Amendment:
    """A draft amendment of the coordinator's party: only that party sees it until it is proposed."""
    if not permissions.can_propose_amendment(by):
        raise PermissionDenied
    amendment_check(fields=fields)
    agreement = agreement_current()
    if agreement is None:
        raise ValidationError(_("The agreement has not been recorded yet; a portal administrator enters it first."))
    with transaction.atomic():
        return Amendment.objects.create(agreement=agreement, party_id=by.party_id, created_by=by, **_cleaned(fields))


def amendment_update(*, amendment: Amendment, by: User, fields: AmendmentFields) -> Amendment:
    """Change the working text. A text under review is taken out of review: the changed text is proposed as
    a new version, which both parties approve again."""
    amendment_check(fields=fields)
    with transaction.atomic():
        amendment = _lock(amendment)
        if amendment.is_locked:
            raise AmendmentError(_("This amendment is in force and can no longer be changed."), record=amendment)
        if not permissions.can_edit_amendment(by, amendment):
            raise PermissionDenied
        for name, value in _cleaned(fields).items():
            setattr(amendment, name, value)
        if amendment.status == AmendmentStatus.IN_REVIEW:
            amendment.status = AmendmentStatus.EDITING
            notifications_resolve(target=amendment, kinds=[AMENDMENT_APPROVAL_NEEDED])
        amendment.save()
    return amendment


def amendment_propose(*, amendment: Amendment, by: User) -> Amendment:
    """Freeze the working text as a new version and ask a coordinator of each party to approve it."""
    with transaction.atomic():
        amendment = _lock(amendment)
        if not permissions.can_propose(by, amendment):
            if amendment.status in (AmendmentStatus.IN_REVIEW, AmendmentStatus.IN_FORCE):
                raise AmendmentError(_("This amendment is not being prepared any more."), record=amendment)
            raise PermissionDenied
        content = amendment_content(amendment)
        number = (amendment.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
        version = AmendmentVersion.objects.create(
            amendment=amendment, number=number, content=content, sha256=canonical_sha256(content), proposed_by=by
        )
        amendment.current_version = version
        amendment.status = AmendmentStatus.IN_REVIEW
        amendment.save(update_fields=["current_version", "status", "updated_at"])
        # The changes asked for are made; an earlier version's approval requests are superseded.
        notifications_resolve(target=amendment, kinds=[AMENDMENT_CHANGES_REQUESTED, AMENDMENT_APPROVAL_NEEDED])
        outbox.enqueue(
            kind=AMENDMENT_APPROVAL_NEEDED,
            recipients=[person for person in coordinators_for(amendment) if person.pk != by.pk],
            target=amendment,
            params=_params(amendment, by) | {"version": number},
        )
    return amendment


def amendment_approve(*, amendment: Amendment, version: int, by: User) -> Amendment:
    """One party's approval of one version; with both, the amendment is in force and locked."""
    with transaction.atomic():
        amendment = _lock(amendment)
        current = amendment_reviewable(amendment=amendment, version=version, by=by)
        try:
            state = signoff.signoff_approve(
                target=amendment,
                version=current.version,
                current=current.version,
                by=by,
                required_parties=required_parties(amendment),
            )
        except signoff.AlreadyApproved:
            raise AmendmentError(_("Your party has already approved this version."), record=amendment) from None
        notifications_resolve(
            target=amendment, kinds=[AMENDMENT_APPROVAL_NEEDED], recipients=coordinators_of([by.party_id])
        )
        if state.complete:
            current.approved_at = timezone.now()
            current.save(update_fields=["approved_at"])
            amendment.approved_version = current
            amendment.status = AmendmentStatus.IN_FORCE
            amendment.save(update_fields=["approved_version", "status", "updated_at"])
            notifications_resolve(target=amendment, kinds=[AMENDMENT_APPROVAL_NEEDED])
            outbox.enqueue(
                kind=AMENDMENT_IN_FORCE,
                recipients=[*coordinators_for(amendment), amendment.created_by],
                target=amendment,
                params=_params(amendment, by) | {"version": current.number, "due": current.content["effective_on"]},
            )
    return amendment


def amendment_request_changes(*, amendment: Amendment, version: int, by: User, comment: str) -> Amendment:
    """Back to the proposing party with what should change; its next proposal is a new version."""
    if not comment.strip():
        raise ValidationError({"comment": _("Say what should change.")})
    with transaction.atomic():
        amendment = _lock(amendment)
        current = amendment_reviewable(amendment=amendment, version=version, by=by)
        signoff.signoff_request_changes(
            target=amendment,
            version=current.version,
            current=current.version,
            by=by,
            comment=comment,
            required_parties=required_parties(amendment),
        )
        amendment.status = AmendmentStatus.EDITING
        amendment.save(update_fields=["status", "updated_at"])
        notifications_resolve(target=amendment, kinds=[AMENDMENT_APPROVAL_NEEDED])
        outbox.enqueue(
            kind=AMENDMENT_CHANGES_REQUESTED,
            recipients=coordinators_of([amendment.party_id]),
            target=amendment,
            params=_params(amendment, by) | {"comment": comment, "version": current.number},
        )
    return amendment


def amendment_reviewable(*, amendment: Amendment, version: int, by: User) -> AmendmentVersion:
    """The version `by` decides on, if it is the one waiting and theirs to decide; raises otherwise."""
    if amendment.status != AmendmentStatus.IN_REVIEW:
        if amendment.is_locked:
            raise AmendmentError(_("This amendment is already in force."), record=amendment)
        raise AmendmentError(_("This amendment is not waiting for approval."), record=amendment)
    if not permissions.can_review_amendment(by, amendment, required_parties(amendment)):
        raise PermissionDenied
    current = amendment.current_version
    if current.number != version:
        raise AmendmentError(
            _("This version of the amendment has been superseded; review the current one."), record=amendment
        )
    return current


def _lock(amendment: Amendment) -> Amendment:
    return locked(amendment, related=("party", "current_version", "approved_version", "created_by"))


def _cleaned(fields: AmendmentFields) -> dict:
    values = asdict(fields)
    for name in ("title_zh", "title_en"):
        values[name] = values[name].strip()
    # Browsers post CRLF: one form of the text, so its hash does not depend on the browser.
    for name in ("text_zh", "text_en"):
        values[name] = values[name].replace("\r\n", "\n").replace("\r", "\n").strip()
    return values


def _params(amendment: Amendment, by: User) -> dict:
    return {"title_zh": amendment.title_zh, "title_en": amendment.title_en, "actor": by.full_name}


# The liaisons' directory.


@dataclass(frozen=True)
class LiaisonFields:
    party: Party | None
    area: str  # "" for the agreement as a whole
    user: User | None
    full_name: str
    unit: str = ""
    role: str = ""
    email: str = ""
    phone: str = ""


def liaison_check(*, fields: LiaisonFields, by: User) -> None:
    errors = {}
    if fields.party is None:
        errors["party"] = _("Choose the party the liaison speaks for.")
    elif not permissions.can_maintain_liaisons_of(by, fields.party.pk):
        errors["party"] = _("You keep the liaisons of your own party only.")
    if fields.area not in ("", *Area.values):
        errors["area"] = _("Choose an area of the agreement, or the agreement as a whole.")
    if fields.user is not None and fields.party is not None and fields.user.party_id != fields.party.pk:
        errors["user"] = _("A liaison of a party is one of its own staff.")
    if fields.user is None and not (fields.full_name or "").strip():
        errors["full_name"] = _("Give the liaison's name, or choose them among the portal's users.")
    if errors:
        raise ValidationError(errors)


def liaison_create(*, by: User, fields: LiaisonFields) -> Liaison:
    if not permissions.can_maintain_liaisons(by):
        raise PermissionDenied
    liaison_check(fields=fields, by=by)
    with transaction.atomic():
        liaison = Liaison()
        _apply_liaison(liaison, fields)
        liaison.save()
    return liaison


def liaison_update(*, liaison: Liaison, by: User, fields: LiaisonFields) -> Liaison:
    with transaction.atomic():
        liaison = locked(liaison, gone=_("This liaison has been removed from the directory meanwhile."))
        if not permissions.can_edit_liaison(by, liaison):
            raise PermissionDenied
        liaison_check(fields=fields, by=by)
        _apply_liaison(liaison, fields)
        liaison.save()
    return liaison


def liaison_remove(*, liaison: Liaison, by: User) -> None:
    with transaction.atomic():
        liaison = locked(liaison, gone=_("This liaison has been removed from the directory meanwhile."))
        if not permissions.can_edit_liaison(by, liaison):
            raise PermissionDenied
        liaison.delete()


def _apply_liaison(liaison: Liaison, fields: LiaisonFields) -> None:
    """A liaison chosen among the users takes their name and e-mail unless others are given."""
    person = fields.user
    liaison.party = fields.party
    liaison.area = fields.area
    liaison.user = person
    liaison.full_name = (fields.full_name or "").strip() or (person.full_name if person else "")
    liaison.unit = fields.unit.strip() or (person.department if person else "")
    liaison.role = fields.role.strip()
    liaison.email = fields.email.strip() or (person.email if person else "")
    liaison.phone = fields.phone.strip()
