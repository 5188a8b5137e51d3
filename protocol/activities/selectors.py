from datetime import date, datetime

from django.db.models import Count, Prefetch, Q, QuerySet

from protocol import library, registry
from protocol.counts import counted
from protocol.parties.models import User
from protocol.parties.roles import Role
from protocol.visibility import has_party, holds_role, party_scoped

from .models import SHARED_STATUSES, Activity, Status, StatusChange


def activities_visible_to(user) -> QuerySet[Activity]:
    """Everything the other party may see, plus the user's own party's drafts."""
    rows = Activity.objects.select_related("party", "lead_party", "author").defer("search_text", "search_vector")
    return party_scoped(rows, user, shared=Q(status__in=SHARED_STATUSES))


def activity_detail(user, pk: int) -> Activity:
    """One visible activity with what its page shows; raises Activity.DoesNotExist otherwise."""
    activity = (
        activities_visible_to(user)
        .prefetch_related(
            Prefetch(
                "participants", queryset=User.objects.select_related("party").order_by("party__code", "full_name")
            ),
            Prefetch("history", queryset=StatusChange.objects.select_related("by", "by__party")),
        )
        .get(pk=pk)
    )
    # A linked document the viewer may not see is not shown, not even its title.
    face = library.face()
    activity.visible_documents = face.linked_visible_to(user, activity) if face else []
    # "Recorded from meeting X": only if the reader may still see that record.
    activity.visible_source = registry.source_visible_to(
        user, record_type_id=activity.source_type_id, record_id=activity.source_id
    )
    activity.visible_source_kind = activity.visible_source and activity.visible_source._meta.verbose_name
    return activity


def activities_awaiting_confirmation_by(user) -> QuerySet[Activity]:
    """What a coordinator's party has to confirm: logged by the other party."""
    return activities_visible_to(user).filter(status=Status.LOGGED).exclude(party_id=user.party_id)


def activities_unconfirmed_of_party(user, *, logged_before: datetime) -> QuerySet[Activity]:
    """For a coordinator: their party's activities still waiting for the other party's confirmation, logged
    before `logged_before`."""
    if not holds_role(user, Role.COORDINATOR):
        return Activity.objects.none()
    rows = activities_visible_to(user).filter(status=Status.LOGGED, party_id=user.party_id)
    return rows.filter(logged_at__lt=logged_before)


# The topic of the ledger's cached counts: its services call counts_changed(COUNTS) on every write.
COUNTS = "activities"


def activity_counts_by_area_and_party(user, *, year: int) -> dict[tuple[str, int], int]:
    """{(area, lead_party_id): n} for visible, non-draft activities starting in the year. Cached: it is the
    same for every reader of a party (what they see of drafts is left out)."""

    def count() -> dict[tuple[str, int], int]:
        rows = (
            activities_visible_to(user)
            .filter(start_date__gte=date(year, 1, 1), start_date__lt=date(year + 1, 1, 1))
            .exclude(status=Status.DRAFT)
            .order_by()
            .values("area", "lead_party_id")
            .annotate(n=Count("pk"))
        )
        return {(row["area"], row["lead_party_id"]): row["n"] for row in rows}

    return counted(COUNTS, (user.party_id if has_party(user) else None, year), count)
