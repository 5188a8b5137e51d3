from dataclasses import dataclass, field
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from protocol import library, search
from protocol.counts import counts_changed
from protocol.errors import RecordMovedOn
from protocol.locking import locked
from protocol.notifications import outbox
from protocol.notifications.services import notifications_resolve
from protocol.parties.models import Party, User
from protocol.parties.selectors import coordinators_of_party_other_than

from . import permissions
from .models import END_BEFORE_START, Activity, Status, StatusChange
from .notifications import ACTIVITY_CONFIRMED, ACTIVITY_LOGGED, ACTIVITY_RETURNED, ACTIVITY_UNCONFIRMED
from .selectors import COUNTS

TITLE_LIMIT = Activity._meta.get_field("title").max_length
# Dates that cannot be right: before the cooperation could have begun (the protocol was signed in the
# 2000s), or further ahead than anyone plans a joint activity.
EARLIEST_DATE = date(2000, 1, 1)
YEARS_AHEAD = 2


class ActivityStateError(RecordMovedOn):
    """The activity moved on (confirmed, returned, deleted) since the page was loaded."""


# What a person fills in for an activity, in the form's order: the page's form and the API's serializers take
# these same fields (ActivityFields carries them to the services, with the linked documents).
EDITABLE_FIELDS = (
    "area",
    "kind",
    "title",
    "title_other",
    "description",
    "start_date",
    "end_date",
    "location",
    "lead_party",
    "participants",
    "external_participants",
    "outcomes",
)


@dataclass(frozen=True)
class ActivityFields:
    area: str
    kind: str
    title: str
    start_date: date
    lead_party: Party
    participants: list[User]
    title_other: str = ""
    description: str = ""
    end_date: date | None = None
    location: str = ""
    external_participants: str = ""
    outcomes: str = ""
    documents: list = field(default_factory=list)


def activity_create(*, author: User, fields: ActivityFields, log: bool) -> Activity:
    """Record a new activity as a draft, or logged for the other party to confirm."""
    activity_check(fields=fields, party=author.party)
    with transaction.atomic():
        activity = Activity(party=author.party, author=author, status=Status.DRAFT)
        _apply(activity, fields, by=None)
        StatusChange.objects.create(activity=activity, status=Status.DRAFT, by=author)
        if log:
            _log(activity=activity, by=author)
    return activity


def activity_update(*, activity: Activity, by: User, fields: ActivityFields, log: bool) -> Activity:
    activity_check(fields=fields, party=activity.party)
    with transaction.atomic():
        activity = _lock(activity)
        if not permissions.can_edit(by, activity):
            raise ActivityStateError(_("This activity can no longer be edited."), record=activity)
        _apply(activity, fields, by=by)
        if log and activity.status in (Status.DRAFT, Status.RETURNED):
            _log(activity=activity, by=by)
    return activity


def activity_log(*, activity: Activity, by: User) -> Activity:
    """Send a draft (or a returned activity) to the other party's coordinators."""
    with transaction.atomic():
        activity = _lock(activity)
        if not permissions.can_submit(by, activity):
            raise ActivityStateError(_("Only a draft or a returned activity can be logged."), record=activity)
        activity_check(fields=_fields_of(activity), party=activity.party)
        _log(activity=activity, by=by)
    return activity


def activity_confirm(*, activity: Activity, by: User, comment: str = "") -> Activity:
    with transaction.atomic():
        activity = _lock(activity)
        _check_reviewer(activity=activity, by=by)
        _set_status(activity=activity, status=Status.CONFIRMED, by=by, comment=comment)
        outbox.enqueue(
            kind=ACTIVITY_CONFIRMED, recipients=[activity.author], target=activity, params=_params(activity, by)
        )
    return activity


def activity_return(*, activity: Activity, by: User, comment: str) -> Activity:
    if not comment.strip():
        raise ValidationError({"comment": _("Say what should change before returning the activity.")})
    with transaction.atomic():
        activity = _lock(activity)
        _check_reviewer(activity=activity, by=by)
        _set_status(activity=activity, status=Status.RETURNED, by=by, comment=comment)
        outbox.enqueue(
            kind=ACTIVITY_RETURNED,
            recipients=[activity.author],
            target=activity,
            params=_params(activity, by) | {"comment": comment},
        )
    return activity


def activity_delete(*, activity: Activity, by: User) -> None:
    with transaction.atomic():
        activity = _lock(activity)
        if not permissions.can_delete(by, activity):
            raise ActivityStateError(_("Only a draft can be deleted."), record=activity)
        if face := library.face():
            # The library's links are not a foreign key of ours: nothing would cascade to them.
            face.links_set(record=activity, documents=[])
        activity.delete()
        counts_changed(COUNTS)


def activity_check(*, fields: ActivityFields, party: Party) -> None:
    """The ledger's rules, per field, whoever calls: a form (early, with None for a field the form already
    refused: protocol.forms.ServiceRulesMixin), the services themselves, the demo seed or a later import."""
    errors: dict[str, str] = {}
    if not (fields.title or "").strip():
        errors["title"] = _("Give the activity a title.")
    elif len(fields.title) > TITLE_LIMIT:
        errors["title"] = _("The title can be at most %(limit)d characters long.") % {"limit": TITLE_LIMIT}
    latest = _years_ahead(timezone.localdate(), YEARS_AHEAD)
    for name in ("start_date", "end_date"):
        day = getattr(fields, name)
        if day and not EARLIEST_DATE <= day <= latest:
            errors[name] = _("Give a date between %(earliest)s and %(latest)s.") % {
                "earliest": date_format(EARLIEST_DATE),
                "latest": date_format(latest),
            }
    if "end_date" not in errors and fields.end_date and fields.start_date and fields.end_date < fields.start_date:
        errors["end_date"] = str(END_BEFORE_START)
    if fields.participants is not None and not any(
        person.party_id and person.party_id != party.pk for person in fields.participants
    ):
        errors["participants"] = _("A joint activity needs at least one participant from the other party.")
    if errors:
        raise ValidationError(errors)


def _years_ahead(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _apply(activity: Activity, fields: ActivityFields, *, by: User | None) -> None:
    for name, value in vars(fields).items():
        if name not in ("participants", "documents"):
            setattr(activity, name, value)
    activity.search_text = search.segment(
        " ".join([fields.title, fields.title_other, fields.description, fields.location, fields.outcomes])
    )
    activity.save()
    search.refresh_search_vector(Activity.objects.filter(pk=activity.pk))
    counts_changed(COUNTS)
    activity.participants.set(fields.participants)
    if face := library.face():
        # An editor (`by`) keeps the links they cannot see (a document its party has since made internal).
        face.links_set(record=activity, documents=fields.documents, by=by)


def _fields_of(activity: Activity) -> ActivityFields:
    return ActivityFields(
        area=activity.area,
        kind=activity.kind,
        title=activity.title,
        title_other=activity.title_other,
        start_date=activity.start_date,
        end_date=activity.end_date,
        lead_party=activity.lead_party,
        participants=list(activity.participants.all()),
        documents=list(face.linked(activity)) if (face := library.face()) else [],
    )


def _lock(activity: Activity) -> Activity:
    return locked(activity, related=("party", "author"), gone=_("This activity no longer exists."))


def _check_reviewer(*, activity: Activity, by: User) -> None:
    if activity.status != Status.LOGGED:
        raise ActivityStateError(_("This activity is no longer awaiting confirmation."), record=activity)
    if not permissions.can_review(by, activity):
        raise PermissionDenied


def _log(*, activity: Activity, by: User) -> None:
    _set_status(activity=activity, status=Status.LOGGED, by=by)
    outbox.enqueue(
        kind=ACTIVITY_LOGGED,
        recipients=coordinators_of_party_other_than(activity.party),
        target=activity,
        params=_params(activity, by),
    )


def _set_status(*, activity: Activity, status: Status, by: User, comment: str = "") -> None:
    change = StatusChange.objects.create(activity=activity, status=status, by=by, comment=comment)
    activity.status = status
    if status == Status.LOGGED:
        activity.logged_at = change.at
    activity.save(update_fields=["status", "logged_at", "updated_at"])
    counts_changed(COUNTS)
    # Whoever moved it on did what the earlier notifications asked: confirmed or returned (any coordinator
    # of the other party), or logged again after a return.
    if status in (Status.CONFIRMED, Status.RETURNED):
        notifications_resolve(target=activity, kinds=[ACTIVITY_LOGGED, ACTIVITY_UNCONFIRMED])
    elif status == Status.LOGGED:
        notifications_resolve(target=activity, kinds=[ACTIVITY_RETURNED])


def _params(activity: Activity, by: User) -> dict:
    return {"title": activity.title, "actor": by.full_name}


# The ledger's face for the areas: an area enters its records in the ledger, and confirms them, through
# these two services and nothing else of the ledger.


def entry_is_joint(*, participants: list[User], lead_party: Party, internal: bool = False) -> bool:
    """What enters the ledger: a record of both parties, its lead party among them, not internal to one."""
    parties = {person.party_id for person in participants if person.party_id}
    return not internal and lead_party.pk in parties and len(parties) > 1


def ledger_entry_record(
    *,
    source: Model,
    by: User,
    fields: ActivityFields,
    internal: bool = False,
    signed_off_by: User | None = None,
    comment: str = "",
) -> Activity | None:
    """Log `source` in the ledger for the other party to confirm; None when it is not joint. When both parties
    already signed the source off (`signed_off_by` being the other party's approver), the entry is confirmed
    by that sign-off at once and nobody is asked to confirm it again."""
    if not entry_is_joint(participants=fields.participants, lead_party=fields.lead_party, internal=internal):
        return None
    with transaction.atomic():
        activity = activity_create(author=by, fields=fields, log=signed_off_by is None)
        activity.source_type = ContentType.objects.get_for_model(source)
        activity.source_id = source.pk
        activity.save(update_fields=["source_type", "source_id", "updated_at"])
        if signed_off_by is not None:
            _set_status(activity=activity, status=Status.LOGGED, by=by)
            _confirm_by_sign_off(activity=activity, by=signed_off_by, comment=comment)
    return activity


def ledger_entry_confirm(*, activity: Activity | None, by: User, comment: str) -> Activity | None:
    """The source's own two-party sign-off happened after it was logged: that confirms its ledger entry."""
    if activity is None:
        return None
    with transaction.atomic():
        activity = _lock(activity)
        if activity.status == Status.LOGGED and by.party_id != activity.party_id:
            _confirm_by_sign_off(activity=activity, by=by, comment=comment)
    return activity


def _confirm_by_sign_off(*, activity: Activity, by: User, comment: str) -> None:
    _set_status(activity=activity, status=Status.CONFIRMED, by=by, comment=comment)
    outbox.enqueue(kind=ACTIVITY_CONFIRMED, recipients=[activity.author], target=activity, params=_params(activity, by))
