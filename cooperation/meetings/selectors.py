from datetime import date, timedelta

from django.db.models import Case, CharField, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, When
from django.db.models.functions import Cast
from django.utils import timezone

from cooperation.documents.links import library
from protocol.parties.models import Party, User
from protocol.parties.roles import Role
from protocol.signoff import selectors as signoff_selectors
from protocol.signoff.models import Decision, SignOff
from protocol.signoff.selectors import parties_required
from protocol.visibility import holds_role, party_scoped

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
    Series,
)

# The topic of the area's cached figures (protocol.counts): its services call counts_changed(COUNTS) on the writes
# that change them.
COUNTS = "meetings"


def series_all() -> QuerySet[Series]:
    """Every series, by name: a series is shared by both parties (its internal meetings are not listed here)."""
    return Series.objects.order_by("name", "id")


def series_get(pk: int) -> Series:
    return Series.objects.get(pk=pk)


def meetings_visible_to(user) -> QuerySet[Meeting]:
    """Meetings of both parties, except those internal to the other party; `invited` says if the user is,
    `my_rsvp` what they answered (None when not invited)."""
    # user None: what both parties see (the annual report's reader), invited to nothing.
    mine = Attendance.objects.filter(meeting=OuterRef("pk"), user_id=getattr(user, "pk", None))
    meetings = (
        Meeting.objects.select_related("organising_party", "series")
        .defer("search_text", "search_vector")
        .annotate(invited=Exists(mine), my_rsvp=Subquery(mine.values("rsvp")[:1]))
    )
    # Still annotated when empty, so callers may filter on `invited`.
    return party_scoped(meetings, user, owner="organising_party", shared=Q(internal=False))


def minutes_searchable_by(user) -> QuerySet[Minutes]:
    """Approved minutes of the meetings the user may see: their approved text is what every such reader may
    read (drafts stay with those who may read drafts, and are not searched)."""
    return (
        Minutes.objects.filter(approved_revision__isnull=False, meeting__in=meetings_visible_to(user).values("pk"))
        .select_related("meeting", "approved_revision")
        .defer("search_text", "search_vector", "meeting__search_text", "meeting__search_vector")
    )


def meetings_upcoming(user) -> QuerySet[Meeting]:
    return meetings_visible_to(user).filter(ends_at__gte=timezone.now()).order_by("starts_at", "pk")


def meetings_past(user) -> QuerySet[Meeting]:
    return meetings_visible_to(user).filter(ends_at__lt=timezone.now()).order_by("-starts_at", "-pk")


def meetings_mine(user) -> QuerySet[Meeting]:
    """The list under "my meetings": those the user is invited to or scheduled, newest first."""
    return meetings_visible_to(user).filter(Q(invited=True) | Q(created_by_id=user.pk)).order_by("-starts_at", "-pk")


# The meetings list's tabs (`?scope=`), the first one the default: the page's and the API's.
MEETING_SCOPES = {
    "upcoming": meetings_upcoming,
    "past": meetings_past,
    "mine": meetings_mine,
}


def meeting_detail(user, pk: int) -> Meeting:
    """One visible meeting with its attendees and agenda; raises Meeting.DoesNotExist otherwise."""
    return meetings_detailed_for(user).get(pk=pk)


def meetings_detailed_for(user) -> QuerySet[Meeting]:
    """The visible meetings with what a meeting's page shows: attendees, agenda, the materials the user may see."""
    return (
        meetings_visible_to(user)
        # The page names the chair and minute-taker with their party, and links the ledger entry.
        .select_related("chair__party", "minute_taker__party", "created_by", "activity")
        .prefetch_related(
            Prefetch("attendances", queryset=Attendance.objects.select_related("user", "user__party")),
            Prefetch(
                "agenda",
                queryset=AgendaItem.objects.prefetch_related(
                    Prefetch("documents", queryset=library.visible_to(user), to_attr="visible_documents")
                ),
            ),
            Prefetch("materials", queryset=library.visible_to(user), to_attr="visible_materials"),
        )
    )


def meetings_in_feed(feed: CalendarFeed) -> QuerySet[Meeting]:
    """What a personal calendar shows: the meetings the feed's owner is invited to and may still see."""
    return meetings_in_calendar_of(feed.user)


def meetings_in_calendar_of(user) -> QuerySet[Meeting]:
    return (
        meetings_visible_to(user)
        .filter(attendances__user_id=user.pk)
        .select_related("created_by")
        .prefetch_related("agenda")
        .order_by("starts_at")
    )


def calendar_feed_by_token(token: str) -> CalendarFeed | None:
    """The feed a calendar client asks for; a deactivated account's feed answers no more."""
    return CalendarFeed.objects.select_related("user", "user__party").filter(token=token, user__is_active=True).first()


def attendees_of(meeting: Meeting) -> QuerySet[User]:
    return User.objects.filter(attendances__meeting=meeting, is_active=True)


def coordinators_of_both_parties() -> QuerySet[User]:
    return User.objects.filter(is_active=True, party__isnull=False, groups__name=Role.COORDINATOR)


# Minutes and action items: what the minutes pages read.


def meeting_with_people(user, pk: int) -> Meeting:
    """One visible meeting with the people the minutes pages name; raises Meeting.DoesNotExist otherwise."""
    return meetings_visible_to(user).select_related("chair__party", "minute_taker__party", "activity").get(pk=pk)


def minutes_of(meeting: Meeting) -> Minutes | None:
    return (
        Minutes.objects.select_related("current_revision", "approved_revision", "approved_revision__author")
        .filter(meeting=meeting)
        .first()
    )


def minutes_revisions_readable_by(user, meeting: Meeting, minutes: Minutes) -> list[MinutesRevision]:
    """Newest first, each with its `decisions` (the sign-off records naming it, oldest first). Attendees and
    coordinators follow the revisions, under the draft rule: one not yet submitted for review is read by its
    author's party only (the minute-taker's). The other staff read only the revisions a coordinator of every
    party approved. Texts are deferred: a page reads one or two."""
    rows = MinutesRevision.objects.filter(minutes=minutes)
    revisions = list(
        party_scoped(rows, user, owner="author__party", shared=Q(submitted_at__isnull=False))
        .select_related("author", "author__party")
        .defer("text")
        .order_by("-number")
    )
    by_version: dict = {}
    for decision in signoff_selectors.signoffs_of(minutes):
        by_version.setdefault((decision.sha256, decision.version), []).append(decision)
    for revision in revisions:
        revision.decisions = by_version.get((revision.sha256, revision.version.label), [])
    if permissions.can_follow_minutes(user, meeting, invited=meeting.invited):
        return revisions
    parties = 1 if meeting.internal else Party.objects.count()
    return [revision for revision in revisions if len(_approving_parties(revision.decisions)) >= parties]


def _approving_parties(decisions: list[SignOff]) -> set[int]:
    return {decision.party_id for decision in decisions if decision.decision == Decision.APPROVED}


def minutes_revision_text(minutes: Minutes, number: int) -> str:
    """The text of a revision the caller has already found readable (minutes_revisions_readable_by)."""
    return MinutesRevision.objects.filter(minutes=minutes, number=number).values_list("text", flat=True).get()


def previous_meeting(user, meeting: Meeting) -> Meeting | None:
    """The meeting of the same series before this one (the latest to start earlier, cancelled ones skipped)."""
    if meeting.series_id is None:
        return None
    return (
        meetings_visible_to(user)
        .filter(series_id=meeting.series_id, starts_at__lt=meeting.starts_at)
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("-starts_at", "-pk")
        .first()
    )


def carried_over_items(user, meeting: Meeting) -> tuple[Meeting | None, list[ActionItem]]:
    """The previous meeting of the series and its action items still open: they carry over to this one."""
    previous = previous_meeting(user, meeting)
    if previous is None:
        return None, []
    return previous, list(action_items_of_meeting(previous).filter(status=ActionItemStatus.OPEN))


def action_items_of_meeting(meeting: Meeting) -> QuerySet[ActionItem]:
    return ActionItem.objects.filter(meeting=meeting).select_related("owner", "owner__party").order_by("due_date", "pk")


def action_items_visible_to(user) -> QuerySet[ActionItem]:
    """Action items of the meetings the user may see (the other party's internal meetings' are not)."""
    rows = ActionItem.objects.select_related("meeting", "meeting__series", "owner", "owner__party")
    return party_scoped(rows, user, owner="meeting__organising_party", shared=Q(meeting__internal=False))


def action_items_of(user) -> QuerySet[ActionItem]:
    """The user's own action items: open ones first, soonest due first; then the done ones, latest first."""
    return (
        action_items_visible_to(user)
        .filter(owner_id=user.pk)
        .order_by(
            Case(When(status=ActionItemStatus.OPEN, then=0), default=1),
            "due_date",
            "pk",
        )
    )


def action_items_open_of(user) -> QuerySet[ActionItem]:
    """The user's own open items, soonest due first (the first list of "my action items")."""
    return action_items_of(user).filter(status=ActionItemStatus.OPEN).order_by("due_date", "pk")


def action_items_done_of(user) -> QuerySet[ActionItem]:
    """The user's own items done, the latest done first."""
    return action_items_of(user).filter(status=ActionItemStatus.DONE).order_by("-done_at", "-pk")


def open_action_items_for_party(user) -> QuerySet[ActionItem]:
    """For a coordinator: every open item owned by someone of their party."""
    if not holds_role(user, Role.COORDINATOR):
        return ActionItem.objects.none()
    return (
        action_items_visible_to(user)
        .filter(owner__party_id=user.party_id, status=ActionItemStatus.OPEN)
        # Paged by keyset on the index action_items_open (a party has thousands open over the years).
        .order_by("due_date", "pk")
    )


def action_item_for(user, pk: int) -> ActionItem:
    """One action item of a meeting the user may see; raises ActionItem.DoesNotExist otherwise."""
    return action_items_visible_to(user).get(pk=pk)


def approvals_of(minutes: Minutes, revision: MinutesRevision) -> QuerySet[SignOff]:
    """The approval record of one revision: which coordinator approved it for which party, when."""
    return signoff_selectors.approvals_of(minutes, version=revision.version)


def parties_that_approve(meeting: Meeting) -> set[int]:
    """Both parties sign off joint minutes; an internal meeting's minutes are its own party's alone."""
    return parties_required(internal=meeting.internal, owner_party_id=meeting.organising_party_id)


# What waits for someone in the communication mechanism (the dashboard's one panel: cooperation/meetings/waiting.py).


def minutes_to_write(user) -> QuerySet[Meeting]:
    """Meetings the user takes the minutes of that have started (and were not cancelled), with no minutes yet or
    minutes still in draft (changes asked for send them back to draft)."""
    unfinished = Q(minutes__isnull=True) | Q(minutes__status=MinutesStatus.DRAFT)
    return (
        meetings_visible_to(user)
        .filter(minute_taker_id=user.pk, starts_at__lte=timezone.now())
        .exclude(status=MeetingStatus.CANCELLED)
        .filter(unfinished)
    )


def minutes_to_review(user) -> QuerySet[Minutes]:
    """For a coordinator: minutes in review whose current revision their party has not approved yet (a request
    for changes is no approval: resubmitted unchanged, it waits again)."""
    if not holds_role(user, Role.COORDINATOR):
        return Minutes.objects.none()
    approved = signoff_selectors.approvals_by_party(user.party_id, model=Minutes).filter(
        object_id=OuterRef("pk"),
        sha256=OuterRef("current_revision__sha256"),
        version=Cast(OuterRef("current_revision__number"), CharField()),
    )
    return (
        Minutes.objects.filter(status=MinutesStatus.IN_REVIEW, meeting__in=meetings_visible_to(user).values("pk"))
        .exclude(Exists(approved))
        .select_related("meeting", "current_revision")
    )


def action_items_due_for(user, *, today: date, within_days: int) -> QuerySet[ActionItem]:
    """The user's open action items due within `within_days` of `today`, or overdue."""
    return action_items_visible_to(user).filter(
        owner_id=user.pk, status=ActionItemStatus.OPEN, due_date__lte=today + timedelta(days=within_days)
    )


def action_items_overdue_for_party(user, *, today: date) -> QuerySet[ActionItem]:
    """For a coordinator: the open items of their party's staff past their due date."""
    return open_action_items_for_party(user).filter(due_date__lt=today)
