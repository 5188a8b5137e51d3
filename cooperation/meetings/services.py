from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cooperation.documents.links import library
from protocol import search
from protocol.activities import ledger
from protocol.areas import Area
from protocol.counts import counts_changed
from protocol.errors import RecordMovedOn
from protocol.locking import locked
from protocol.notifications import outbox
from protocol.notifications.services import notifications_resolve, notifications_withdraw_unseen
from protocol.parties.models import User
from protocol.parties.roles import Role
from protocol.parties.selectors import coordinators_of
from protocol.signoff import selectors as signoff_selectors
from protocol.signoff import services as signoff
from protocol.visibility import holds_role

from . import permissions
from .models import (
    ActionItem,
    ActionItemStatus,
    AgendaItem,
    Attendance,
    CalendarFeed,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesRevision,
    MinutesStatus,
    Rsvp,
    Series,
)
from .notifications import (
    ACTION_ASSIGNED,
    ACTION_DUE_SOON,
    ACTION_DUE_TODAY,
    ACTION_OVERDUE,
    MEETING_CANCELLED,
    MEETING_INVITED,
    MEETING_UPDATED,
    MEETING_WITHDRAWN,
    MINUTES_APPROVED,
    MINUTES_CHANGES_REQUESTED,
    MINUTES_SUBMITTED,
    MINUTES_WAITING,
)
from .selectors import COUNTS, coordinators_of_both_parties, parties_that_approve

# What an invited person may answer (the page's buttons, the API's choices): "no answer yet" is no answer.
ANSWERS = [Rsvp.ATTENDING, Rsvp.NOT_ATTENDING, Rsvp.MAYBE]


class MeetingError(RecordMovedOn):
    """The meeting moved on (cancelled, held) since the page was loaded."""


class MinutesError(MeetingError):
    """The minutes moved on (a new revision, an approval) since the page was loaded."""


@dataclass(frozen=True)
class AgendaRow:
    title: str
    presenter: str = ""
    planned_minutes: int | None = None
    documents: list = field(default_factory=list)


@dataclass(frozen=True)
class MeetingFields:
    title: str
    kind: str
    starts_at: datetime
    ends_at: datetime
    attendees: list[User]
    title_other: str = ""
    series: Series | None = None
    location: str = ""
    online_link: str = ""
    chair: User | None = None
    minute_taker: User | None = None
    external_attendees: str = ""
    internal: bool = False
    agenda: list[AgendaRow] = field(default_factory=list)
    materials: list = field(default_factory=list)


def series_create(*, by: User, name: str, description: str = "") -> Series:
    if not permissions.can_manage_series(by):
        raise PermissionDenied
    with transaction.atomic():
        return _series_save(Series(), name=name, description=description)


def series_update(*, series: Series, by: User, name: str, description: str = "") -> Series:
    if not permissions.can_manage_series(by):
        raise PermissionDenied
    with transaction.atomic():
        return _series_save(locked(series), name=name, description=description)


def _series_save(series: Series, *, name: str, description: str) -> Series:
    series.name, series.description = name.strip(), description.strip()
    if not series.name:
        raise ValidationError({"name": _("Give the series a name.")})
    try:
        # A savepoint: the name is unique, and a concurrent save of the same name must not break the caller's
        # transaction (the one-time form's token is claimed in it).
        with transaction.atomic():
            series.save()
    except IntegrityError:
        raise ValidationError({"name": _("A series of this name already exists.")}) from None
    return series


def meeting_schedule(*, by: User, fields: MeetingFields, record_past: bool = False) -> Meeting:
    """A new meeting organised by the scheduler's party; every attendee but the scheduler is invited.

    A meeting that has already started is only recorded when the scheduler says so (`record_past`), and
    then nobody is invited to what is over."""
    if not permissions.can_schedule(by):
        raise PermissionDenied
    meeting_check(fields=fields, party_id=by.party_id, record_past=record_past)
    with transaction.atomic():
        meeting = Meeting(organising_party_id=by.party_id, created_by=by)
        _apply(meeting, fields, by=by)
        if not _is_past(fields.starts_at):
            _invite(meeting, [p for p in fields.attendees if p.pk != by.pk], by=by, kind=MEETING_INVITED)
    return meeting


def _is_past(moment: datetime | None) -> bool:
    return moment is not None and moment < timezone.now()


def meeting_update(*, meeting: Meeting, by: User, fields: MeetingFields) -> Meeting:
    """Change a meeting: new attendees are invited, removed ones get a cancellation, the others an update."""
    _check_organiser(by, meeting)
    meeting_check(fields=fields, party_id=meeting.organising_party_id)
    with transaction.atomic():
        meeting = _lock(meeting)
        counts_changed(COUNTS)  # the area's figures: meetings held, minutes approved, action items done
        if not permissions.can_edit(by, meeting):
            raise MeetingError(_("This meeting can no longer be changed."), record=meeting)
        before = {attendance.user_id: attendance.user for attendance in meeting.attendances.select_related("user")}
        was_internal = meeting.internal
        meeting.sequence += 1
        _apply(meeting, fields, by=by)
        made_internal = meeting.internal and not was_internal
        if made_internal:
            notifications_withdraw_unseen(target=meeting)
        after = {person.pk: person for person in fields.attendees}
        others = [person for pk, person in after.items() if pk != by.pk]
        _invite(meeting, [p for p in others if p.pk not in before], by=by, kind=MEETING_INVITED)
        _invite(meeting, [p for p in others if p.pk in before], by=by, kind=MEETING_UPDATED)
        removed = [p for pk, p in before.items() if pk not in after]
        # The other party's attendees of a meeting made internal may no longer know of it: instead of a
        # cancellation (which would be withheld, leaving the invitation in their calendars) a withdrawal that
        # names nothing but the calendar entry to drop.
        hidden = [p for p in removed if made_internal and p.party_id != meeting.organising_party_id]
        _invite(meeting, [p for p in removed if p not in hidden], by=by, kind=MEETING_CANCELLED)
        if hidden:
            outbox.enqueue(kind=MEETING_WITHDRAWN, recipients=hidden, target=meeting)
        # Nobody is left to answer an invitation to a meeting they were taken off.
        notifications_resolve(target=meeting, kinds=[MEETING_INVITED], recipients=removed)
    return meeting


def meeting_cancel(*, meeting: Meeting, by: User) -> Meeting:
    _check_organiser(by, meeting)
    with transaction.atomic():
        meeting = _lock(meeting)
        counts_changed(COUNTS)  # the area's figures: meetings held, minutes approved, action items done
        if not permissions.can_edit(by, meeting) or meeting.status != MeetingStatus.SCHEDULED:
            raise MeetingError(_("Only a scheduled meeting can be cancelled."), record=meeting)
        meeting.status = MeetingStatus.CANCELLED
        meeting.sequence += 1
        meeting.save(update_fields=["status", "sequence", "updated_at"])
        people = [a.user for a in meeting.attendances.select_related("user") if a.user_id != by.pk]
        _invite(meeting, people, by=by, kind=MEETING_CANCELLED)
        notifications_resolve(target=meeting, kinds=[MEETING_INVITED])
    return meeting


def attendance_answer(*, meeting: Meeting, by: User, rsvp: str) -> Attendance:
    """An invited person's answer; anyone else is refused."""
    if rsvp not in ANSWERS:
        raise ValidationError({"rsvp": _("Choose attending, not attending or maybe.")})
    with transaction.atomic():
        meeting = _lock(meeting)
        # order_by("pk"): the default ordering joins the nullable party, which FOR UPDATE refuses.
        attendance = Attendance.objects.select_for_update().filter(meeting=meeting, user=by).order_by("pk").first()
        if attendance is None:
            raise PermissionDenied
        if not permissions.can_answer(by, meeting, invited=True):
            raise MeetingError(_("This meeting no longer takes answers."), record=meeting)
        attendance.rsvp = rsvp
        attendance.answered_at = timezone.now()
        attendance.save(update_fields=["rsvp", "answered_at"])
        notifications_resolve(target=meeting, kinds=[MEETING_INVITED], recipients=[by])
    return attendance


def calendar_feed_of(*, user: User) -> CalendarFeed:
    with transaction.atomic():
        return CalendarFeed.objects.get_or_create(user=user)[0]


def calendar_feed_regenerate(*, user: User) -> CalendarFeed:
    """A new secret URL; the old one stops working at once."""
    with transaction.atomic():
        CalendarFeed.objects.filter(user=user).delete()
        return CalendarFeed.objects.create(user=user)


def _check_organiser(by: User, meeting: Meeting) -> None:
    if not permissions.can_schedule(by) or by.party_id != meeting.organising_party_id:
        raise PermissionDenied


def meeting_check(*, fields: MeetingFields, party_id: int, record_past: bool | None = None) -> None:
    """The meeting's rules, whoever calls: the form asks early (None for a field it already refused:
    protocol.forms.ServiceRulesMixin), and the services again before they write. `record_past` is given
    when scheduling: a start in the past is then asked about rather than taken for a typo."""
    errors: dict[str, list[str]] = {}
    if record_past is False and _is_past(fields.starts_at):
        errors.setdefault("record_past", []).append(
            _("This meeting starts in the past. To record a meeting that has already taken place, tick the box.")
        )
    if fields.starts_at and fields.ends_at and fields.ends_at <= fields.starts_at:
        errors.setdefault("ends_at", []).append(_("The meeting must end after it starts."))
    attendees = fields.attendees if fields.attendees is not None else []
    attendee_ids = {person.pk for person in attendees}
    if fields.chair and fields.attendees is not None and fields.chair.pk not in attendee_ids:
        errors.setdefault("chair", []).append(_("The chair must be one of the attendees."))
    if fields.minute_taker and fields.attendees is not None and fields.minute_taker.pk not in attendee_ids:
        errors.setdefault("minute_taker", []).append(_("The minute-taker must be one of the attendees."))
    if any(not person.party_id or not person.is_active for person in attendees):
        errors.setdefault("attendees", []).append(_("Invite active staff of either party."))
    if fields.internal and any(person.party_id != party_id for person in attendees):
        errors.setdefault("attendees", []).append(
            _("An internal meeting is invisible to the other party: invite only your own party.")
        )
    if any(row.planned_minutes is not None and row.planned_minutes < 0 for row in fields.agenda):
        errors.setdefault("agenda", []).append(_("An agenda item cannot last a negative number of minutes."))
    if errors:
        raise ValidationError(errors)


def _apply(meeting: Meeting, fields: MeetingFields, *, by: User) -> None:
    for name in (
        "series", "title", "title_other", "kind", "starts_at", "ends_at", "location", "online_link",
        "chair", "minute_taker", "external_attendees", "internal",
    ):  # fmt: skip
        setattr(meeting, name, getattr(fields, name))
    meeting.save()
    wanted = {person.pk for person in fields.attendees}
    meeting.attendances.exclude(user_id__in=wanted).delete()
    present = set(meeting.attendances.values_list("user_id", flat=True))
    Attendance.objects.bulk_create(Attendance(meeting=meeting, user_id=pk) for pk in wanted - present)
    # The form's agenda rows are positional: row n updates item n, so its hidden documents stay with it.
    items = {item.position: item for item in meeting.agenda.prefetch_related("documents")}
    meeting.agenda.filter(position__gt=len(fields.agenda)).delete()
    for position, row in enumerate(fields.agenda, start=1):
        existing = items.get(position)
        item = existing or AgendaItem(meeting=meeting, position=position)
        item.title, item.presenter, item.planned_minutes = row.title, row.presenter, row.planned_minutes
        item.save()
        current = existing.documents.all() if existing else []
        item.documents.set(library.links_kept(current=current, chosen=row.documents, by=by))
    meeting.materials.set(library.links_kept(current=meeting.materials.all(), chosen=fields.materials, by=by))
    meeting.search_text = search.segment(
        " ".join([meeting.title, meeting.title_other, meeting.location, *(row.title for row in fields.agenda)])
    )
    meeting.save(update_fields=["search_text"])
    search.refresh_search_vector(Meeting.objects.filter(pk=meeting.pk))


def _invite(meeting: Meeting, people: list[User], *, by: User, kind) -> None:
    if not people:
        return
    when = timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d %H:%M")
    outbox.enqueue(
        kind=kind,
        recipients=people,
        target=meeting,
        params={"title": meeting.title, "actor": by.full_name, "when": when},
    )


def _lock(meeting: Meeting) -> Meeting:
    return locked(meeting)


# Minutes: written by the minute-taker, approved by a coordinator of each party.


def minutes_start(*, meeting: Meeting, by: User) -> Minutes:
    """Open the minutes, prefilled with the agenda; only the minute-taker writes them."""
    with transaction.atomic():
        meeting = _lock(meeting)
        if meeting.minute_taker_id != by.pk:
            raise PermissionDenied
        if meeting.status == MeetingStatus.CANCELLED:
            raise MeetingError(_("A cancelled meeting has no minutes."), record=meeting)
        _check_started(meeting)
        existing = Minutes.objects.filter(meeting=meeting).first()
        if existing:
            return existing
        minutes = Minutes.objects.create(meeting=meeting)
        agenda = "\n\n".join(f"## {item.position}. {item.title}\n\n" for item in meeting.agenda.all())
        _new_revision(minutes, text=f"# {meeting.title}\n\n{agenda}".strip() + "\n", by=by)
    return minutes


def minutes_save(*, minutes: Minutes, by: User, text: str) -> Minutes:
    """A new revision; it voids the approvals of earlier ones. Approved minutes are locked."""
    with transaction.atomic():
        minutes = _lock_minutes(minutes)
        if minutes.meeting.minute_taker_id != by.pk:
            raise PermissionDenied
        if minutes.status == MinutesStatus.APPROVED:
            raise MinutesError(_("The minutes are approved and locked; propose an amendment instead."), record=minutes)
        _check_started(minutes.meeting)
        if text != minutes.current_revision.text:
            _new_revision(minutes, text=text, by=by)
            minutes.status = MinutesStatus.DRAFT
            minutes.save(update_fields=["status"])
    return minutes


def minutes_amend(*, minutes: Minutes, by: User, text: str) -> Minutes:
    """After approval: a new revision that needs both approvals again; the approved one stays readable."""
    with transaction.atomic():
        minutes = _lock_minutes(minutes)
        counts_changed(COUNTS)  # the area's figures: meetings held, minutes approved, action items done
        if minutes.meeting.minute_taker_id != by.pk:
            raise PermissionDenied
        if minutes.status != MinutesStatus.APPROVED:
            raise MinutesError(_("Only approved minutes are amended; edit the draft instead."), record=minutes)
        _new_revision(minutes, text=text, by=by)
        minutes.status = MinutesStatus.DRAFT
        minutes.save(update_fields=["status"])
    return minutes


def minutes_submit(*, minutes: Minutes, by: User) -> Minutes:
    with transaction.atomic():
        minutes = _lock_minutes(minutes)
        if minutes.meeting.minute_taker_id != by.pk:
            raise PermissionDenied
        if minutes.status != MinutesStatus.DRAFT:
            raise MinutesError(_("Only a draft can be submitted for review."), record=minutes)
        _check_started(minutes.meeting)
        minutes.status = MinutesStatus.IN_REVIEW
        minutes.save(update_fields=["status"])
        MinutesRevision.objects.filter(pk=minutes.current_revision_id).update(submitted_at=timezone.now())
        # The minute-taker made the changes asked for; an earlier revision's review requests are superseded.
        notifications_resolve(
            target=minutes.meeting, kinds=[MINUTES_CHANGES_REQUESTED, MINUTES_SUBMITTED, MINUTES_WAITING]
        )
        outbox.enqueue(
            kind=MINUTES_SUBMITTED,
            recipients=coordinators_of_both_parties(),
            target=minutes.meeting,
            params=_minutes_params(minutes, by),
        )
    return minutes


def minutes_approve(*, minutes: Minutes, revision: int, by: User) -> Minutes:
    """Record one party's approval of one revision; lock the minutes when both parties agree."""
    with transaction.atomic():
        minutes = _lock_minutes(minutes)
        current = _reviewable(minutes, revision=revision, by=by)
        try:
            state = signoff.signoff_approve(
                target=minutes,
                version=current.version,
                current=current.version,  # _reviewable has refused a superseded revision, in the minutes' words
                by=by,
                required_parties=parties_that_approve(minutes.meeting),
            )
        except signoff.AlreadyApproved:
            raise MinutesError(_("Your party has already approved this revision."), record=minutes) from None
        # The review was the party's, not one coordinator's: it is done for all of them.
        notifications_resolve(
            target=minutes.meeting,
            kinds=[MINUTES_SUBMITTED, MINUTES_WAITING],
            recipients=coordinators_of([by.party_id]),
        )
        if state.complete:
            _approve(minutes, current, by=by)
    return minutes


def minutes_request_changes(*, minutes: Minutes, revision: int, by: User, comment: str) -> Minutes:
    if not comment.strip():
        raise ValidationError({"comment": _("Say what should change.")})
    with transaction.atomic():
        minutes = _lock_minutes(minutes)
        current = _reviewable(minutes, revision=revision, by=by)
        signoff.signoff_request_changes(
            target=minutes,
            version=current.version,
            current=current.version,
            by=by,
            comment=comment,
            required_parties=parties_that_approve(minutes.meeting),
        )
        minutes.status = MinutesStatus.DRAFT
        minutes.save(update_fields=["status"])
        # Back with the minute-taker: neither party has anything to review until the next submission.
        notifications_resolve(target=minutes.meeting, kinds=[MINUTES_SUBMITTED, MINUTES_WAITING])
        if minutes.meeting.minute_taker:
            outbox.enqueue(
                kind=MINUTES_CHANGES_REQUESTED,
                recipients=[minutes.meeting.minute_taker],
                target=minutes.meeting,
                params=_minutes_params(minutes, by) | {"comment": comment},
            )
    return minutes


def meeting_mark_held(*, meeting: Meeting, by: User) -> Meeting:
    """The meeting took place: it enters the ledger as a communication activity, linked both ways."""
    with transaction.atomic():
        meeting = _lock(meeting)
        counts_changed(COUNTS)  # the area's figures: meetings held, minutes approved, action items done
        if not permissions.can_mark_held(by, meeting):
            raise MeetingError(_("Only a scheduled meeting that has started can be marked as held."), record=meeting)
        meeting.status = MeetingStatus.HELD
        if meeting.activity_id is None:
            minutes = (
                Minutes.objects.filter(meeting=meeting, status=MinutesStatus.APPROVED)
                .select_related("approved_revision")
                .first()
            )
            meeting.activity = ledger.ledger_entry_record(
                source=meeting,
                by=by,
                fields=ledger.ActivityFields(
                    area=Area.COMMUNICATION,
                    kind=ledger.Kind.MEETING,
                    title=meeting.title,
                    title_other=meeting.title_other,
                    start_date=timezone.localdate(meeting.starts_at),
                    end_date=timezone.localdate(meeting.ends_at),
                    location=meeting.location,
                    lead_party=meeting.organising_party,
                    participants=[a.user for a in meeting.attendances.select_related("user")],
                    external_participants=meeting.external_attendees,
                    documents=list(meeting.materials.all()),
                ),
                internal=meeting.internal,
                # Minutes both parties already approved confirm the entry: no second request to confirm.
                signed_off_by=minutes and _approver_for_other_party(minutes, party_id=meeting.organising_party_id),
                comment=_("Minutes approved by both parties."),
            )
        meeting.save(update_fields=["status", "activity", "updated_at"])
    return meeting


def action_item_create(*, meeting: Meeting, by: User, description: str, owner: User, due_date) -> ActionItem:
    with transaction.atomic():
        if not permissions.can_assign_actions(by, meeting):
            raise PermissionDenied
        action_item_check(due_date=due_date)
        if not owner.party_id or not owner.is_active:
            raise ValidationError({"owner": _("Choose a member of staff of either party.")})
        if meeting.internal and owner.party_id != meeting.organising_party_id:
            raise ValidationError({"owner": _("An internal meeting's actions go to its own party.")})
        item = ActionItem.objects.create(
            meeting=meeting, description=description, owner=owner, due_date=due_date, created_by=by
        )
        outbox.enqueue(
            kind=ACTION_ASSIGNED,
            recipients=[owner],
            target=meeting,
            params={
                "title": meeting.title,
                "action": description,
                "due": due_date.isoformat(),
                "actor": by.full_name,
                # Tells this item's notifications from those of the meeting's other items.
                "item": item.pk,
            },
        )
    return item


def action_item_complete(*, item: ActionItem, by: User, note: str) -> ActionItem:
    with transaction.atomic():
        item = locked(item)
        counts_changed(COUNTS)  # the area's figures: meetings held, minutes approved, action items done
        if not permissions.can_mark_done(by, item):
            raise PermissionDenied
        if item.status == ActionItemStatus.DONE:
            raise MeetingError(_("This action item is already done."))
        item.status = ActionItemStatus.DONE
        item.done_note = note
        item.done_at = timezone.now()
        item.save(update_fields=["status", "done_note", "done_at"])
        notifications_resolve(
            target=item.meeting,
            kinds=[ACTION_ASSIGNED, ACTION_DUE_SOON, ACTION_DUE_TODAY, ACTION_OVERDUE],
            params={"item": item.pk},
        )
    return item


def _approve(minutes: Minutes, current: MinutesRevision, *, by: User) -> None:
    minutes.status = MinutesStatus.APPROVED
    counts_changed(COUNTS)  # the area's figures: meetings held, minutes approved, action items done
    minutes.approved_revision = current
    minutes.approved_at = timezone.now()
    # Only the approved text is searched: every reader of the meeting may read it.
    minutes.search_text = search.segment(current.text)
    minutes.save(update_fields=["status", "approved_revision", "approved_at", "search_text"])
    search.refresh_search_vector(Minutes.objects.filter(pk=minutes.pk))
    meeting = minutes.meeting
    notifications_resolve(target=meeting, kinds=[MINUTES_SUBMITTED, MINUTES_WAITING])
    people = [a.user for a in meeting.attendances.select_related("user")]
    outbox.enqueue(kind=MINUTES_APPROVED, recipients=people, target=meeting, params=_minutes_params(minutes, by))
    if meeting.activity is not None:
        # Both parties approved the record of the meeting: its ledger entry is confirmed by both.
        ledger.ledger_entry_confirm(
            activity=meeting.activity,
            by=_approver_for_other_party(minutes, party_id=meeting.activity.party_id) or by,
            comment=_("Minutes approved by both parties."),
        )


def _approver_for_other_party(minutes: Minutes, *, party_id: int) -> User | None:
    """Who approved the approved revision for a party other than `party_id`."""
    approval = (
        signoff_selectors.approvals_of(minutes, version=minutes.approved_revision.version)
        .exclude(party_id=party_id)
        .order_by("at", "pk")
        .first()
    )
    return approval.by if approval else None


def action_item_check(*, due_date: date | None) -> None:
    """An action item's rules, asked early by its form too: nothing can be due before it is assigned."""
    if due_date is not None and due_date < timezone.localdate():
        raise ValidationError({"due_date": _("The due date is in the past; give a date from today on.")})


def _check_started(meeting: Meeting) -> None:
    """Minutes record what was said: none are written, submitted or approved before the meeting starts."""
    if meeting.starts_at > timezone.now():
        raise MeetingError(_("The meeting has not started yet; its minutes come after it."), record=meeting)


def _reviewable(minutes: Minutes, *, revision: int, by: User) -> MinutesRevision:
    if not holds_role(by, Role.COORDINATOR):
        raise PermissionDenied
    _check_started(minutes.meeting)
    current = minutes.current_revision
    if current.number != revision:
        raise MinutesError(_("This revision has been superseded; review the current one."), record=minutes)
    if minutes.status != MinutesStatus.IN_REVIEW:
        raise MinutesError(_("These minutes are not waiting for review."), record=minutes)
    return current


def _new_revision(minutes: Minutes, *, text: str, by: User) -> MinutesRevision:
    number = (minutes.revisions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    revision = MinutesRevision.objects.create(
        minutes=minutes, number=number, text=text, sha256=signoff.canonical_sha256(text), author=by
    )
    minutes.current_revision = revision
    minutes.save(update_fields=["current_revision"])
    return revision


def _lock_minutes(minutes: Minutes) -> Minutes:
    return locked(minutes, related=("meeting", "meeting__minute_taker", "meeting__activity", "current_revision"))


def _minutes_params(minutes: Minutes, by: User) -> dict:
    return {"title": minutes.meeting.title, "actor": by.full_name, "revision": minutes.current_revision.number}
